package dev.olafhe.ckks.lintrans;

import dev.olafhe.ckks.Ciphertext;
import dev.olafhe.ckks.CkksParametersLiteral;
import dev.olafhe.ckks.ComplexVector;
import dev.olafhe.ckks.EvaluationKeySet;
import dev.olafhe.ckks.Evaluator;
import dev.olafhe.ckks.PrecisionStats;
import dev.olafhe.ckks.SecretDistribution;
import dev.olafhe.ckks.testing.HeFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * BSGS double-hoisted diagonal method against a dense plaintext matrix-vector product (logN 11, INSECURE).
 * Threshold: log2(Δ) − (logN + 2) for one product, minus log2(#diagonals) for summing that many terms
 * of magnitude ≤ 1 (mean), worst slot 6 bits less.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LinearTransformTest {
    private final HeFixture he = new HeFixture(new CkksParametersLiteral(11, new int[] {55, 45, 45},
            new int[] {61, 61}, 45, SecretDistribution.uniformTernary(), 0, true), new int[0], false, 21);

    @AfterAll
    void close() {
        he.close();
    }

    /** A random complex matrix with the given non-zero diagonals (mod n). */
    private static double[][][] randomMatrix(int n, int[] diagonalIndices, Random random) {
        double[][] re = new double[n][n];
        double[][] im = new double[n][n];
        for (int i : diagonalIndices) {
            for (int j = 0; j < n; j++) {
                int col = Math.floorMod(j + i, n);
                re[j][col] = 2 * random.nextDouble() - 1;
                im[j][col] = 2 * random.nextDouble() - 1;
            }
        }
        return new double[][][] {re, im};
    }

    private static ComplexVector multiply(double[][] re, double[][] im, ComplexVector v) {
        int n = re.length;
        double[] or = new double[n];
        double[] oi = new double[n];
        for (int j = 0; j < n; j++) {
            for (int k = 0; k < n; k++) {
                or[j] += re[j][k] * v.re()[k] - im[j][k] * v.im()[k];
                oi[j] += re[j][k] * v.im()[k] + im[j][k] * v.re()[k];
            }
        }
        return new ComplexVector(or, oi);
    }

    /** Each diagonal set with each way of rotating the giant steps. */
    static Stream<Arguments> transforms() {
        String[][] cases = {
                {"1024", "0 1 2 3 5 8 13 21 34 55 89 144 233 377 610 987 -1 -2 -3"}, // giant steps with gaps
                {"1024", "0 -1 1"},
                {"64", "0 1 2 3 4 5 6 7 8 16 24 32 40 48 56 -5"},
                {"64", "0 1 2 3 4 5 6 7 -1 -2 -3 -4 -5 -6 -7 -8 -9 -10 -11 -12 -13 -14 -15 -16 -17 -31 -32"}, // two chains
                {"8", "1"},
        };
        return Arrays.stream(GiantStepRotations.values()).flatMap(mode -> Arrays.stream(cases)
                .map(c -> Arguments.of(Integer.parseInt(c[0]), c[1], mode)));
    }

    @ParameterizedTest(name = "{0} slots, diagonals {1}, {2}")
    @MethodSource("transforms")
    void matchesPlaintextMatrixVectorProduct(int slots, String indices, GiantStepRotations mode) {
        int[] diagonalIndices = java.util.Arrays.stream(indices.trim().split("\\s+")).mapToInt(Integer::parseInt).toArray();
        int logSlots = Integer.numberOfTrailingZeros(slots);
        double[][][] m = randomMatrix(slots, diagonalIndices, he.random);
        ComplexVector v = he.randomVector(slots, -1, 1, true);
        int level = he.params.maxLevel();
        BigDecimal ptScale = new BigDecimal(he.params.q(level));
        try (LinearTransform lt = LinearTransform.encode(he.encoder, he.params,
                LinearTransform.diagonalsOf(m[0], m[1]), logSlots, level, ptScale, false, mode);
             EvaluationKeySet keys = he.keyGenerator.genEvaluationKeySet(he.secretKey, false,
                     lt.rotationSteps().stream().mapToInt(Integer::intValue).toArray(), false)) {
            Evaluator ev = he.evaluator.withKeys(keys);
            LinearTransformEvaluator lte = new LinearTransformEvaluator(ev);
            try (Ciphertext ct = he.encrypt(v, level); Ciphertext out = lte.evaluate(ct, lt)) {
                assertEquals(level - 1, out.level());
                assertEquals(0, out.scale().compareTo(ct.scale()), "q_ℓ-scaled diagonals keep the input scale");
                PrecisionStats stats = PrecisionStats.compute(multiply(m[0], m[1], v), he.decrypt(out), slots, 53);
                double expected = he.baseBits() - Math.log(lt.diagonalCount()) / Math.log(2);
                System.out.printf("%s: %s (threshold mean %.1f)%n", lt, stats, expected);
                assertTrue(stats.meanBits() >= expected, stats + " < " + expected);
                assertTrue(stats.minBits() >= expected - 6, stats + " < " + expected);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(GiantStepRotations.class)
    void compactDiagonalsGiveBitIdenticalResultsInLessMemory(GiantStepRotations mode) {
        int slots = 64;
        int[] indices = {0, 1, 2, 3, 8, 16, -5};
        double[][][] m = randomMatrix(slots, indices, he.random);
        int level = he.params.maxLevel();
        BigDecimal ptScale = new BigDecimal(he.params.q(level));
        Map<Integer, ComplexVector> diagonals = LinearTransform.diagonalsOf(m[0], m[1]);
        try (LinearTransform resident = LinearTransform.encode(he.encoder, he.params, diagonals, 6, level, ptScale,
                false, mode);
             LinearTransform compact = LinearTransform.encode(he.encoder, he.params, diagonals, 6, level, ptScale, true,
                     mode);
             EvaluationKeySet keys = he.keyGenerator.genEvaluationKeySet(he.secretKey, false,
                     resident.rotationSteps().stream().mapToInt(Integer::intValue).toArray(), false)) {
            LinearTransformEvaluator lte = new LinearTransformEvaluator(he.evaluator.withKeys(keys));
            try (Ciphertext ct = he.encrypt(he.randomVector(slots, -1, 1, true), level);
                 Ciphertext a = lte.evaluate(ct, resident); Ciphertext b = lte.evaluate(ct, compact)) {
                for (int i = 0; i < 2; i++) {
                    assertArrayEquals(he.backend.download(a.part(i)), he.backend.download(b.part(i)));
                }
            }
            // resident: one long per coefficient and prime of Q_level ∪ P; compact: the referenced slot values only
            int primes = level + 1 + he.params.pCount();
            assertEquals((long) diagonals.size() * primes * he.params.n() * Long.BYTES, resident.bytesInMemory());
            assertEquals((long) diagonals.size() * 2 * slots * Double.BYTES, compact.bytesInMemory());
        }
    }

    @Test
    void babySizeMinimizesRotations() {
        // 32 consecutive diagonals: n1 = 4 or 8 both need 10 rotations (3 + 7, 7 + 3); ties go to more baby steps
        Set<Integer> consecutive = IntStream.range(0, 32).boxed().collect(java.util.stream.Collectors.toSet());
        assertEquals(8, LinearTransform.bestBabySize(consecutive, 1024));
        assertEquals(10, LinearTransform.rotations(consecutive, 8));
        // diagonals 0, 64, 128 need two rotations whatever the split
        Set<Integer> spread = Set.of(0, 64, 128);
        assertEquals(2, LinearTransform.rotations(spread, LinearTransform.bestBabySize(spread, 1024)));
    }

    @Test
    void nestedGiantStepsTakeAsManyRotationsWithTwoKeys() {
        // 63 consecutive diagonals -31..31 as in a DFT factor: n1 = 8, giant steps 8..24 up and -32..-8 down
        Set<Integer> dft = IntStream.rangeClosed(-31, 31).map(i -> Math.floorMod(i, 1024)).boxed()
                .collect(java.util.stream.Collectors.toSet());
        assertEquals(8, LinearTransform.bestBabySize(dft, 1024, GiantStepRotations.NESTED));
        assertEquals(14, LinearTransform.rotations(dft, 1024, 8, GiantStepRotations.NESTED));
        assertEquals(14, LinearTransform.rotations(dft, 1024, 8, GiantStepRotations.INDEPENDENT));
        SortedSet<Integer> nested = LinearTransform.rotationStepsFor(dft, 1024, GiantStepRotations.NESTED);
        SortedSet<Integer> independent = LinearTransform.rotationStepsFor(dft, 1024);
        assertEquals(new TreeSet<>(List.of(1, 2, 3, 4, 5, 6, 7, 8, 1016)), nested);
        assertEquals(14, independent.size());
        // a gap costs a rotation: giant steps 1 and 3 of stride 64 fold as rot(s_1 + rot(rot(s_3))), 3 rotations
        Set<Integer> gap = Set.of(0, 64, 192);
        assertEquals(3, LinearTransform.rotations(gap, 1024, 64, GiantStepRotations.NESTED));
        // giant steps at the top of the range fold downwards with one key, not up through the whole ring
        assertEquals(new TreeSet<>(List.of(1024 - 128)),
                GiantStepRotations.NESTED.keySteps(new TreeSet<>(List.of(768, 896)), 1024, 128));
        assertEquals(2, GiantStepRotations.NESTED.rotations(new TreeSet<>(List.of(768, 896)), 1024, 128));
    }

    @Test
    void rejectsMalformedDiagonals() {
        int level = he.params.maxLevel();
        BigDecimal s = he.params.defaultScale();
        assertThrows(IllegalArgumentException.class,
                () -> LinearTransform.encode(he.encoder, he.params, Map.of(), 3, level, s));
        assertThrows(IllegalArgumentException.class, () -> LinearTransform.encode(he.encoder, he.params,
                Map.of(0, ComplexVector.real(new double[4])), 3, level, s));
        assertThrows(IllegalArgumentException.class, () -> LinearTransform.encode(he.encoder, he.params,
                Map.of(1, ComplexVector.real(new double[8]), 9, ComplexVector.real(new double[8])), 3, level, s));
    }
}

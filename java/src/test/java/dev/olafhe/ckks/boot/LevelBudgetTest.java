package dev.olafhe.ckks.boot;

import dev.olafhe.ckks.testing.RandomVectors;
import dev.olafhe.backend.cpu.CpuBackend;
import dev.olafhe.ckks.Ciphertext;
import dev.olafhe.ckks.CkksContext;
import dev.olafhe.ckks.ComplexVector;
import dev.olafhe.ckks.Decryptor;
import dev.olafhe.ckks.Encoder;
import dev.olafhe.ckks.Encryptor;
import dev.olafhe.ckks.Evaluator;
import dev.olafhe.ckks.GaloisElements;
import dev.olafhe.ckks.KeyGenerator;
import dev.olafhe.ckks.KeyMemoryReport;
import dev.olafhe.ckks.Plaintext;
import dev.olafhe.ckks.PrecisionStats;
import dev.olafhe.ckks.RandomSources;
import dev.olafhe.ckks.SecretDistribution;
import dev.olafhe.ckks.SecretKey;
import dev.olafhe.util.ProgressListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Level budgets {2..5}×{2..5} derived from the n16-h192 chain on a logN 11 ring (INSECURE analogue: the same primes,
 * secret, EvalMod and encapsulation, 2^10 slots): each bootstraps, and the report computed without keys matches the
 * keys generated and the DFT factors encoded.
 *
 * <p>Precision threshold as {@link BootstrapperTest}: Lattigo's criterion for its bootstrapping tests, mean ≥
 * log2(Δ) − (logN + 2) − 10, and the worst slot at most 6 bits below it.
 */
class LevelBudgetTest {
    private static final int LOG_N = 11;
    private static final double WORST_SLOT_SLACK_BITS = 6;

    /** n16-h192 on the small test ring. */
    private static BootstrappingParametersLiteral base() {
        BootstrappingParametersLiteral p = BootstrappingPresets.n16H192();
        return new BootstrappingParametersLiteral(LOG_N, p.residualLogQ(), p.logP(), p.logDefaultScale(), p.secret(),
                p.dnum(), p.slotsToCoeffsLogQ(), p.evalModLogQ(), p.coeffsToSlotsLogQ(), p.k(), p.cosineDegree(),
                p.doubleAngles(), p.arcsinDegree(), p.ephemeralHammingWeight(), true);
    }

    static List<LevelBudget> budgets() {
        return LevelBudget.all();
    }

    @ParameterizedTest(name = "level budget {0}")
    @MethodSource("budgets")
    void eachBudgetBootstrapsAndItsReportMatchesTheGeneratedKeysAndFactors(LevelBudget budget) {
        BootstrappingParametersLiteral base = base();
        LevelBudgetReport report = LevelBudgetReport.of(base, budget, null);
        BootstrappingParameters bp = report.parameters();
        assertEquals(budget.coeffsToSlots(), bp.coeffsToSlotsLevels());
        assertEquals(budget.slotsToCoeffs(), bp.slotsToCoeffsLevels());
        assertTrue(report.logQP() <= BootstrappingParameters.of(base).ckks().logQP() + 1e-9, "log QP never grows");
        try (CpuBackend backend = new CpuBackend(); CkksContext context = new CkksContext(bp.ckks(), backend)) {
            Encoder encoder = new Encoder(context);
            KeyGenerator keygen = new KeyGenerator(context, RandomSources.deterministic(1));
            try (SecretKey sk = keygen.genSecretKey();
                 Bootstrapper b = new Bootstrapper(context, encoder, bp, bp.ckks().logMaxSlots());
                 BootstrappingKeys keys = BootstrappingKeys.generate(keygen, sk, b, ProgressListener.NONE)) {
                assertReportMatches(report, b, keys);
                ComplexVector z = RandomVectors.uniformComplex(1 << b.logSlots(), new Random(17));
                PrecisionStats stats;
                try (Plaintext pt = encoder.encodeNew(z, 0, bp.ckks().defaultScale());
                     Ciphertext ct = Encryptor.withSecretKey(context, sk, RandomSources.deterministic(2)).encryptNew(pt);
                     Ciphertext out = b.bootstrap(new Evaluator(context, keys.evaluationKeys()), keys, ct);
                     Plaintext o = new Decryptor(context, sk).decryptNew(out)) {
                    assertEquals(report.levelsLeft(), out.level());
                    stats = PrecisionStats.compute(z, encoder.decode(o));
                }
                System.out.println("level budget " + budget + " at logN " + LOG_N + ": " + stats);
                double minMean = bp.ckks().logDefaultScale() - (LOG_N + 2) - 10;
                assertTrue(stats.meanBits() >= minMean, budget + ": " + stats + " vs mean >= " + minMean);
                assertTrue(stats.minBits() >= minMean - WORST_SLOT_SLACK_BITS, budget + ": " + stats);
            }
        }
    }

    /** Every figure of the report against what key generation produced and the bootstrapper encoded. */
    private static void assertReportMatches(LevelBudgetReport report, Bootstrapper b, BootstrappingKeys keys) {
        var params = report.parameters().ckks();
        long conjugation = GaloisElements.forConjugation(params.logN());
        assertEquals(keys.evaluationKeys().galoisElements().stream().filter(g -> g != conjugation).count(),
                report.rotationKeys());
        long generated = KeyMemoryReport.of(params, keys.evaluationKeys()).totalInMemory()
                + keys.denseToSparse().bytesInMemory() + keys.sparseToDense().bytesInMemory();
        assertEquals(generated, report.keyBytes());
        assertEquals(b.dftBytesInMemory(), report.dftBytes());
        assertArrayEquals(b.dftDiagonalCounts(), new int[] {report.coeffsToSlotsDiagonals(),
                report.slotsToCoeffsDiagonals()});
    }

    @Test
    void theBaseBudgetGivesTheBaseAndOthersTradeResidualLevelsAtTheBaseSizes() {
        BootstrappingParametersLiteral base = BootstrappingPresets.n16H192();
        assertEquals(base, new LevelBudget(3, 3).applyTo(base));
        BootstrappingParametersLiteral five = new LevelBudget(5, 5).applyTo(base);
        assertTrue(Arrays.stream(five.coeffsToSlotsLogQ()).allMatch(b -> b == 56), Arrays.toString(five.coeffsToSlotsLogQ()));
        assertTrue(Arrays.stream(five.slotsToCoeffsLogQ()).allMatch(b -> b == 40), Arrays.toString(five.slotsToCoeffsLogQ()));
        // two more 56-bit and two more 40-bit DFT primes (192 bits) cost five 40-bit residual primes
        assertArrayEquals(Arrays.copyOf(base.residualLogQ(), base.residualLogQ().length - 5), five.residualLogQ());
        BootstrappingParametersLiteral two = new LevelBudget(2, 2).applyTo(base);
        int[] residual = two.residualLogQ();
        assertEquals(base.residualLogQ().length + 2, residual.length, Arrays.toString(residual)); // 96 bits freed
        assertEquals(40, residual[residual.length - 1]);
        for (BootstrappingParametersLiteral lit : List.of(five, two)) {
            BootstrappingParameters bp = BootstrappingParameters.of(lit);
            assertEquals(3, bp.ckks().digitSize(), "the special primes still cover every digit");
            assertTrue(bp.ckks().logQP() <= 1550, bp.describe());
        }
    }

    @Test
    void invalidBudgetsAreRefusedWithTheReason() {
        assertMessage(() -> new LevelBudget(1, 3), "out of range", "2..5");
        assertMessage(() -> new LevelBudget(3, 6), "{3,6}", "2..5");
        assertMessage(() -> LevelBudget.parse("4"), "C,S", "'4'");
        assertMessage(() -> LevelBudget.parse("4,4,4"), "C,S");
        assertMessage(() -> LevelBudget.parse("a,b"), "two integers");
        assertEquals(new LevelBudget(4, 5), LevelBudget.parse(" 4, 5 "));
        // logn11-insecure has 5 residual levels of 45 bits: {5,5} needs 202 more bits than its {3,3}
        assertMessage(() -> new LevelBudget(5, 5).applyTo(BootstrappingPresets.logN11Insecure()),
                "{5,5} leaves no level", "202 more bits");
        // the trade never grows log QP, so only a base already above the bound is refused by security
        BootstrappingParametersLiteral tooLarge = new BootstrappingParametersLiteral(16, new int[] {60, 50, 50, 50},
                new int[] {61, 61, 61, 61, 61, 61, 61, 61, 61, 61, 61, 61}, 45, SecretDistribution.uniformTernary(), 0,
                new int[] {60, 60, 60}, 60, new int[] {60, 60, 60}, 16, 39, 3, 7, 0, false);
        assertMessage(() -> new LevelBudget(3, 3).applyTo(tooLarge), "level budget {3,3}", "128-bit");
        assertMessage(() -> LevelBudgetReport.of(base(), new LevelBudget(5, 5), 4), "--log-slots", "[5, 10]");
        assertFalse(LevelBudgetReport.table(base(), List.of(new LevelBudget(3, 3)), null).contains("refused"));
    }

    private static void assertMessage(org.junit.jupiter.api.function.Executable call, String... parts) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), e.getMessage());
        }
    }
}

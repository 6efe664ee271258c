package dev.olafhe.ckks;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Seeded switching keys (a halves expanded from a seed), keys generated for lower levels only, and the
 * key-memory report that accounts for both.
 */
class SeededKeysTest extends CkksContextsTest {
    @TempDir
    Path dir;

    @Test
    void expansionIsDeterministicPerStreamAndLimbAndUniformBelowTheModulus() {
        byte[] seed = new byte[SeedExpander.SEED_BYTES];
        seed[0] = 7;
        long q = (1L << 60) + 1; // worst case for rejection sampling: half of the masked words are rejected
        int n = 1 << 14;
        long[] first = SeedExpander.uniform(seed, 0, 3, q, n);
        assertArrayEquals(first, SeedExpander.uniform(seed, 0, 3, q, n));
        assertFalse(Arrays.equals(first, SeedExpander.uniform(seed, 1, 3, q, n)), "another stream differs");
        assertFalse(Arrays.equals(first, SeedExpander.uniform(seed, 0, 4, q, n)), "another limb differs");
        seed[0] = 8;
        assertFalse(Arrays.equals(first, SeedExpander.uniform(seed, 0, 3, q, n)), "another seed differs");
        double mean = 0;
        for (long v : first) {
            assertTrue(v >= 0 && v < q, "residue in [0, q)");
            mean += (double) v / q / n;
        }
        double sigma = Math.sqrt(1.0 / 12 / n); // standard deviation of the mean of n uniform values in [0, 1)
        assertEquals(0.5, mean, 5 * sigma, "mean of uniform residues / q");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.olafhe.ckks.CkksTestContexts#names")
    void aSeededKeyFileIsHalfTheSizeOfTheFullKey(String set) throws Exception {
        CkksTestContext tc = contexts.get(set);
        CkksSerializer serializer = new CkksSerializer(tc.context);
        Path seeded = dir.resolve(set + "-seeded.olafhe");
        Path full = dir.resolve(set + "-full.olafhe");
        try (RelinearizationKey key = tc.keyGenerator.genRelinearizationKey(tc.secretKey);
             SwitchingKey unseeded = CkksSerializerTest.unseededCopy(tc, key.key())) {
            assertTrue(key.key().isSeeded());
            serializer.save(key.key(), seeded);
            serializer.save(unseeded, full);
            double ratio = (double) Files.size(seeded) / Files.size(full);
            assertEquals(0.5, ratio, 0.01, "seeded / full file size");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.olafhe.ckks.CkksTestContexts#names")
    void keysForLowerLevelsSwitchThoseLevelsAndRefuseHigherOnes(String set) {
        CkksTestContext tc = contexts.get(set);
        int level = 1;
        int step = 3;
        ComplexVector x = tc.randomVector(tc.params.maxSlots(), true);
        try (RelinearizationKey rlk = tc.keyGenerator.genRelinearizationKey(tc.secretKey, level);
             GaloisKey rot = tc.keyGenerator.genGaloisKey(tc.secretKey,
                     GaloisElements.forRotation(step, tc.params.logN()), level);
             EvaluationKeySet keys = new EvaluationKeySet(rlk, List.of(rot));
             Ciphertext ct = tc.encrypt(x, level); Ciphertext top = tc.encrypt(x, tc.params.maxLevel())) {
            assertEquals(level, rlk.key().level());
            assertEquals(tc.params.digitCount(level), rot.key().digits());
            Evaluator ev = tc.evaluator.withKeys(keys);
            try (Ciphertext rotated = ev.rotateNew(ct, step); Ciphertext square = ev.multiplyRelinNew(ct, ct)) {
                EvaluatorTest.assertPrecision(tc, RotationTest.rotated(x, step, x.length()), tc.decrypt(rotated),
                        "rotation with a level-" + level + " key");
                ev.rescale(square, square);
                double[] re = new double[x.length()];
                double[] im = new double[x.length()];
                for (int j = 0; j < x.length(); j++) {
                    re[j] = x.re()[j] * x.re()[j] - x.im()[j] * x.im()[j];
                    im[j] = 2 * x.re()[j] * x.im()[j];
                }
                EvaluatorTest.assertPrecision(tc, new ComplexVector(re, im), tc.decrypt(square),
                        "relinearization with a level-" + level + " key");
            }
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ev.rotateNew(top, step));
            assertTrue(e.getMessage().contains("generated for levels <= " + level), e.getMessage());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.olafhe.ckks.CkksTestContexts#names")
    void theReportCountsTheBytesOfTheActualKeysAndTheirFiles(String set) throws Exception {
        CkksTestContext tc = contexts.get(set);
        int low = 1;
        try (GaloisKey topKey = tc.keyGenerator.genRotationKey(tc.secretKey, 2);
             EvaluationKeySet keys = tc.keyGenerator.genEvaluationKeySet(tc.secretKey, true, new int[] {1, 4}, true)) {
            KeyMemoryReport report = KeyMemoryReport.of(tc.params, keys);
            long inMemory = keys.relinearizationKey().orElseThrow().key().bytesInMemory();
            for (long g : keys.galoisElements()) {
                inMemory += keys.galoisKey(g).orElseThrow().key().bytesInMemory();
            }
            assertEquals(inMemory, report.totalInMemory(), "memory of the actual keys");
            assertEquals(3, report.lines().size(), "relinearization, rotation and conjugation lines: " + report);
            Path file = dir.resolve(set + "-keys.olafhe");
            new CkksSerializer(tc.context).save(keys, file);
            long overhead = Files.size(file) - report.totalStored();
            assertTrue(overhead > 0 && overhead < 0.01 * Files.size(file) + 2048,
                    "file " + Files.size(file) + " B vs stored residues " + report.totalStored() + " B");
            assertEquals(report.totalInMemory() / 2, report.totalStored() - 4 * SeedExpander.SEED_BYTES,
                    "seeded keys store half their residues plus a seed each");

            KeyMemoryReport planned = KeyMemoryReport.plan(tc.params).relinearization(tc.params.maxLevel())
                    .rotations(2, tc.params.maxLevel()).conjugation(tc.params.maxLevel()).build();
            assertEquals(report.totalInMemory(), planned.totalInMemory(), "a plan of the same keys");
            try (GaloisKey atLow = tc.keyGenerator.genGaloisKey(tc.secretKey,
                    GaloisElements.forRotation(2, tc.params.logN()), low)) {
                long plannedLow = KeyMemoryReport.plan(tc.params).rotations(1, low).build().totalInMemory();
                assertEquals(atLow.key().bytesInMemory(), plannedLow, "a plan at a lower level");
                assertTrue(plannedLow < topKey.key().bytesInMemory(), "a lower level needs less memory");
            }
            String printed = report.toString();
            assertTrue(printed.contains("relinearization") && printed.contains("rotation")
                    && printed.contains("conjugation") && printed.contains("total"), printed);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.olafhe.ckks.CkksTestContexts#names")
    void compactKeysEvaluateBitForBitLikeResidentOnesInHalfTheMemory(String set) throws Exception {
        CkksTestContext tc = contexts.get(set);
        CkksSerializer serializer = new CkksSerializer(tc.context);
        Path file = dir.resolve(set + "-compact.olafhe");
        serializer.save(tc.keys, file);
        try (EvaluationKeySet compact = serializer.withCompactKeys().load(file, EvaluationKeySet.class)) {
            assertTrue(compact.relinearizationKey().orElseThrow().key().isCompact());
            assertEquals(KeyMemoryReport.of(tc.params, tc.keys).totalInMemory() / 2,
                    KeyMemoryReport.of(tc.params, compact).totalInMemory(), "compact keys hold only the b halves");
            Evaluator resident = tc.evaluator;
            Evaluator lean = tc.evaluator.withKeys(compact);
            for (int level : new int[] {tc.params.maxLevel(), 1}) {
                try (Ciphertext a = tc.encrypt(tc.randomVector(tc.params.maxSlots(), true), level)) {
                    assertTrue(Arrays.deepEquals(evaluate(tc, resident, a), evaluate(tc, lean, a)),
                            "multiply + relinearize and hoisted rotations at level " + level);
                }
            }
        }
    }

    /** The limbs of a·a relinearized and of a rotated by 1 and -7 with one decomposition. */
    private static Object[] evaluate(CkksTestContext tc, Evaluator ev, Ciphertext a) {
        List<Object> out = new ArrayList<>();
        try (Ciphertext product = ev.multiplyRelinNew(a, a)) {
            out.addAll(CkksSerializerTest.snapshot(tc, product));
        }
        for (Ciphertext rotated : ev.rotateHoistedNew(a, new int[] {1, -7}).values()) {
            try (rotated) {
                out.addAll(CkksSerializerTest.snapshot(tc, rotated));
            }
        }
        return out.toArray();
    }

    @Test
    void onlySeededKeysCanDropTheirUniformHalves() {
        CkksTestContext tc = defaultContext();
        try (RelinearizationKey key = tc.keyGenerator.genRelinearizationKey(tc.secretKey);
             SwitchingKey unseeded = CkksSerializerTest.unseededCopy(tc, key.key())) {
            long full = key.key().bytesInMemory();
            key.key().dropUniformHalves();
            assertTrue(key.key().isCompact());
            assertEquals(full / 2, key.key().bytesInMemory());
            IllegalStateException e = assertThrows(IllegalStateException.class, unseeded::dropUniformHalves);
            assertTrue(e.getMessage().contains("no seed"), e.getMessage());
        }
    }
}

package dev.olafhe.ckks.boot;

import dev.olafhe.backend.cpu.CpuBackend;
import dev.olafhe.ckks.Ciphertext;
import dev.olafhe.ckks.CkksContext;
import dev.olafhe.ckks.ComplexVector;
import dev.olafhe.ckks.Decryptor;
import dev.olafhe.ckks.Encoder;
import dev.olafhe.ckks.Encryptor;
import dev.olafhe.ckks.Evaluator;
import dev.olafhe.ckks.KeyGenerator;
import dev.olafhe.ckks.Plaintext;
import dev.olafhe.ckks.PrecisionStats;
import dev.olafhe.ckks.RandomSources;
import dev.olafhe.ckks.SecretKey;
import dev.olafhe.ckks.testing.RandomVectors;
import dev.olafhe.util.ProgressListener;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.math.BigDecimal;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bootstrapping that ends below the top (SlotToCoeff at fewer limbs), on the LOGN11_INSECURE preset (5 levels after
 * bootstrapping; INSECURE test chain): dense complex output (2^10 slots) and sparse real output (2^7 slots, what
 * inference uses). Thresholds as {@link BootstrapperTest}: mean >= log2(Δ) − (logN + 2) − 10 against the float64
 * input, the worst slot at most 6 bits below. Against bootstrapping to the top and dropping levels afterwards (the same
 * ciphertext, the same keys): SlotToCoeff rounds at primes of the same size, so the precision is the same up to the
 * draw of its rounding errors; allowed {@link #SAME_PRECISION_SLACK_BITS} below it on the mean.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BootstrapEndLevelTest {
    /** Mean bits an end-level bootstrap may lie below top-then-drop: rounding of different primes, measured ~0.1. */
    private static final double SAME_PRECISION_SLACK_BITS = 0.5;
    private static final double WORST_SLOT_SLACK_BITS = 6;

    private final BootstrappingParameters bootParams = BootstrappingParameters.of(BootstrappingPresets.logN11Insecure());
    private final CpuBackend backend = new CpuBackend();
    private final CkksContext context = new CkksContext(bootParams.ckks(), backend);
    private final Encoder encoder = new Encoder(context);
    private final KeyGenerator keyGenerator = new KeyGenerator(context, RandomSources.deterministic(7));
    private final SecretKey secretKey = keyGenerator.genSecretKey();
    private final Encryptor encryptor = Encryptor.withSecretKey(context, secretKey, RandomSources.deterministic(8));
    private final Decryptor decryptor = new Decryptor(context, secretKey);
    private final Bootstrapper dense = new Bootstrapper(context, encoder, bootParams, 10);
    private final Bootstrapper sparse = new Bootstrapper(context, encoder, bootParams, 7);
    private final BootstrappingKeys denseKeys = BootstrappingKeys.generate(keyGenerator, secretKey, dense,
            ProgressListener.NONE);
    private final BootstrappingKeys sparseKeys = BootstrappingKeys.generate(keyGenerator, secretKey, sparse,
            ProgressListener.NONE);
    private final Evaluator evaluator = new Evaluator(context, denseKeys.evaluationKeys());
    private final Random random = new Random(23);

    @AfterAll
    void close() {
        dense.close();
        sparse.close();
        denseKeys.close();
        sparseKeys.close();
        secretKey.close();
        context.close();
        backend.close();
    }

    private double threshold() {
        return bootParams.ckks().logDefaultScale() - (bootParams.ckks().logN() + 2) - 10;
    }

    private ComplexVector decrypt(Ciphertext ct) {
        try (Plaintext pt = decryptor.decryptNew(ct)) {
            return encoder.decode(pt);
        }
    }

    @Test
    void everyEndLevelMeetsTheCriterionAndMatchesTopThenDrop() {
        int top = bootParams.levelsAfterBootstrapping();
        assertEquals(5, top);
        for (boolean isSparse : new boolean[] {false, true}) {
            Bootstrapper b = isSparse ? sparse : dense;
            BootstrappingKeys keys = isSparse ? sparseKeys : denseKeys;
            ComplexVector z = RandomVectors.uniformComplex(1 << b.logSlots(), random);
            ComplexVector want = isSparse ? new ComplexVector(z.re(), new double[z.length()]) : z;
            try (Plaintext pt = encoder.encodeNew(z, 0, bootParams.ckks().defaultScale());
                 Ciphertext ct = encryptor.encryptNew(pt);
                 Ciphertext atTop = isSparse ? b.bootstrapReal(evaluator, keys, ct) : b.bootstrap(evaluator, keys, ct)) {
                assertEquals(top, atTop.level());
                for (int end : new int[] {0, 1, 3, top}) {
                    PrecisionStats dropped;
                    try (Ciphertext d = evaluator.dropLevelNew(atTop, top - end)) {
                        dropped = PrecisionStats.compute(want, decrypt(d));
                    }
                    PrecisionStats direct;
                    try (Ciphertext out = isSparse ? b.bootstrapReal(evaluator, keys, ct, end)
                            : b.bootstrap(evaluator, keys, ct, end)) {
                        assertEquals(end, out.level());
                        assertEquals(0, out.scale().compareTo(bootParams.ckks().defaultScale()));
                        assertEquals(b.logSlots(), out.logSlots());
                        direct = PrecisionStats.compute(want, decrypt(out));
                    }
                    System.out.printf("bootstrap %s to level %d: %s; top then drop: %s (threshold mean %.1f)%n",
                            isSparse ? "sparse real" : "dense", end, direct, dropped, threshold());
                    assertTrue(direct.meanBits() >= threshold(), direct + " < " + threshold());
                    assertTrue(direct.minBits() >= threshold() - WORST_SLOT_SLACK_BITS, direct.toString());
                    assertTrue(direct.meanBits() >= dropped.meanBits() - SAME_PRECISION_SLACK_BITS,
                            "end level " + end + ": " + direct + " vs top then drop " + dropped);
                }
            }
        }
    }

    @Test
    void theTopEndLevelIsTheDefaultBootstrap() {
        int top = bootParams.levelsAfterBootstrapping();
        ComplexVector z = RandomVectors.uniformComplex(1 << 7, random);
        try (Plaintext pt = encoder.encodeNew(z, 0, bootParams.ckks().defaultScale());
             Ciphertext ct = encryptor.encryptNew(pt);
             Ciphertext a = sparse.bootstrapReal(evaluator, sparseKeys, ct);
             Ciphertext c = sparse.bootstrapReal(evaluator, sparseKeys, ct, top)) {
            for (int i = 0; i < 2; i++) {
                assertArrayEquals(backend.download(a.part(i)), backend.download(c.part(i)));
            }
        }
        assertEquals(0, sparse.slotsToCoeffsDrift(top + bootParams.slotsToCoeffsLevels()).compareTo(BigDecimal.ONE));
    }

    @Test
    void slotsToCoeffsOperationsAreCountedWithoutEncoding() {
        for (Bootstrapper b : new Bootstrapper[] {dense, sparse}) {
            int ops = Bootstrapper.slotsToCoeffsOperations(bootParams, b.logSlots());
            assertEquals(b.slotsToCoeffsEncodedOperations(), ops);
            assertTrue(ops > 3 * bootParams.slotsToCoeffsLevels(), "ops " + ops);
        }
    }

    @Test
    void endLevelsOutsideTheRangeAreRefusedBeforeAnyWork() {
        int top = bootParams.levelsAfterBootstrapping();
        ComplexVector z = RandomVectors.uniformComplex(1 << 7, random);
        try (Plaintext pt = encoder.encodeNew(z, 0, bootParams.ckks().defaultScale());
             Ciphertext ct = encryptor.encryptNew(pt)) {
            for (int bad : new int[] {-1, top + 1}) {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                        () -> sparse.bootstrapReal(evaluator, sparseKeys, ct, bad));
                assertTrue(e.getMessage().contains("level " + bad) && e.getMessage().contains("[0, " + top + "]"),
                        e.getMessage());
            }
        }
    }
}

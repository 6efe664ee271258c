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
import dev.olafhe.util.ProgressListener;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The stage error budget on the logN 11 test chain of {@link BootstrapperTest} (2^10 slots, uniform input in [−1, 1]):
 * the stage-by-stage run gives the same output as {@link Bootstrapper#bootstrap}, the stage errors add up to the
 * end-to-end error (triangle inequality, worst slot and mean), and each EvalMod step is within its own bound.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StageErrorBudgetTest {
    private final BootstrappingParameters bootParams = BootstrappingParameters.of(BootstrapperTest.LITERAL);
    private final CpuBackend backend = new CpuBackend();
    private final CkksContext context = new CkksContext(bootParams.ckks(), backend);
    private final Encoder encoder = new Encoder(context);
    private final KeyGenerator keyGenerator = new KeyGenerator(context, RandomSources.deterministic(5));
    private final SecretKey secretKey = keyGenerator.genSecretKey();
    private final Decryptor decryptor = new Decryptor(context, secretKey);
    private final Bootstrapper bootstrapper = new Bootstrapper(context, encoder, bootParams, 10);
    private final BootstrappingKeys keys = BootstrappingKeys.generate(keyGenerator, secretKey, bootstrapper,
            ProgressListener.NONE);

    @AfterAll
    void close() {
        bootstrapper.close();
        keys.close();
        secretKey.close();
        context.close();
        backend.close();
    }

    @Test
    void stageErrorsAddUpToTheEndToEndErrorOfBootstrapping() {
        int n = 1 << bootstrapper.logSlots();
        Random random = new Random(23);
        double[] re = new double[n];
        double[] im = new double[n];
        for (int i = 0; i < n; i++) {
            re[i] = 2 * random.nextDouble() - 1;
            im[i] = 2 * random.nextDouble() - 1;
        }
        ComplexVector z = new ComplexVector(re, im);
        Evaluator ev = new Evaluator(context, keys.evaluationKeys());
        StageErrorBudget.Report report;
        PrecisionStats direct;
        try (Plaintext pt = encoder.encodeNew(z, 0, bootParams.ckks().defaultScale());
             Ciphertext ct = Encryptor.withSecretKey(context, secretKey, RandomSources.deterministic(6)).encryptNew(pt)) {
            report = new StageErrorBudget(bootstrapper, encoder, decryptor).measure(ev, keys, ct, z);
            try (Ciphertext out = bootstrapper.bootstrap(ev, keys, ct); Plaintext o = decryptor.decryptNew(out)) {
                direct = PrecisionStats.compute(z, encoder.decode(o));
            }
        }
        System.out.print(report.format());
        // the same operations in the same order as bootstrap: the same output, bit for bit
        assertEquals(direct, report.endToEnd());
        assertEquals(5, report.stages().size());
        assertEquals(bootParams.literal().doubleAngles() + 1, report.evalModSteps().size());
        // |Σ e_i| ≤ Σ |e_i| slot by slot: so for the worst slot and for the mean
        double worstSum = 0;
        double meanSum = 0;
        for (StageErrorBudget.Line l : report.stages()) {
            worstSum += Math.pow(2, -l.stats().minBits());
            meanSum += Math.pow(2, -l.stats().real().mean());
        }
        double endWorst = Math.pow(2, -report.endToEnd().minBits());
        double endMean = Math.pow(2, -report.endToEnd().real().mean());
        assertTrue(endWorst <= worstSum * (1 + 1e-9), report.format());
        assertTrue(endMean <= meanSum * (1 + 1e-9), report.format());
        // and the budget explains the total: its largest line is within log2(5) bits of it
        double largestMean = report.stages().stream().mapToDouble(l -> Math.pow(2, -l.stats().real().mean())).max()
                .orElseThrow();
        assertTrue(largestMean >= endMean / 5, report.format());
        // logN 11 test chain, measured: EvalMod's approximation (cosine 2^-47, arcsin 7) 38.5 bits mean, far below
        // the homomorphic noise (27.6, the largest line); EvalMod steps 41-46 bits in their own units (|value| ≤ 1)
        assertTrue(report.stages().get(2).stats().meanBits() >= 36, report.format());
        assertTrue(report.stages().get(2).stats().meanBits() >= report.endToEnd().meanBits() + 6, report.format());
        for (StageErrorBudget.Line step : report.evalModSteps()) {
            assertTrue(step.stats().meanBits() >= 35, report.format());
        }
        assertTrue(report.endToEnd().meanBits() >= bootParams.ckks().logDefaultScale() - (bootParams.ckks().logN() + 2)
                - 10, report.format());
    }
}

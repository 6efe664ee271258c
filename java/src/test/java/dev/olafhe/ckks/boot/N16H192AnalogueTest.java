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
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The {@code n16-h192} chain (h = 192 secret, q_0/Δ = 2^9, arcsin degree 3, dnum 9) on a logN 13 ring (INSECURE
 * analogue: the same primes, keys and stages, 2^12 slots), full slots: uniform input in [−1, 1] and all ones. The
 * logN 16 preset itself needs ~10 GiB of keys (bench/results/2026-12-03-cpu-epyc2-boot-precision).
 *
 * <p>Thresholds from measurements (BootstrapPrecision --logN 13 --q0 49, CPU): uniform 27.0 mean / 22.4 worst, all
 * ones within 0.5 bit of it. Asserted: mean ≥ 25.5 and worst ≥ 21 bits for both, all ones at most 2 bits below
 * uniform (mean and worst slot: the arcsin correction with message ratio 2^9 leaves the sine's distortion for
 * |m| = 1 below the noise).
 */
class N16H192AnalogueTest {
    @Test
    void logN13AnalogueBootstrapsUniformAndAllOnesInputsToTheMeasuredPrecision() {
        BootstrappingParametersLiteral preset = BootstrappingPresets.n16H192();
        BootstrappingParametersLiteral lit = new BootstrappingParametersLiteral(13, preset.residualLogQ(),
                preset.logP(), preset.logDefaultScale(), preset.secret(), preset.dnum(), preset.slotsToCoeffsLogQ(),
                preset.evalModLogQ(), preset.coeffsToSlotsLogQ(), preset.k(), preset.cosineDegree(),
                preset.doubleAngles(), preset.arcsinDegree(), preset.ephemeralHammingWeight(), true);
        BootstrappingParameters bp = BootstrappingParameters.of(lit);
        assertEquals(10, bp.levelsAfterBootstrapping());
        try (CpuBackend backend = new CpuBackend(); CkksContext context = new CkksContext(bp.ckks(), backend)) {
            Encoder encoder = new Encoder(context);
            KeyGenerator keygen = new KeyGenerator(context, RandomSources.deterministic(1));
            try (SecretKey sk = keygen.genSecretKey();
                 Bootstrapper b = new Bootstrapper(context, encoder, bp, bp.ckks().logMaxSlots());
                 BootstrappingKeys keys = BootstrappingKeys.generate(keygen, sk, b, ProgressListener.NONE)) {
                Evaluator ev = new Evaluator(context, keys.evaluationKeys());
                Encryptor enc = Encryptor.withSecretKey(context, sk, RandomSources.deterministic(2));
                Decryptor dec = new Decryptor(context, sk);
                int n = 1 << b.logSlots();
                Random random = new Random(17);
                double[] re = new double[n];
                double[] im = new double[n];
                double[] ones = new double[n];
                for (int i = 0; i < n; i++) {
                    re[i] = 2 * random.nextDouble() - 1;
                    im[i] = 2 * random.nextDouble() - 1;
                    ones[i] = 1;
                }
                PrecisionStats uniform = bootstrap(b, ev, keys, enc, dec, encoder, new ComplexVector(re, im), bp);
                PrecisionStats allOnes = bootstrap(b, ev, keys, enc, dec, encoder, ComplexVector.real(ones), bp);
                System.out.println("n16-h192 at logN 13, uniform: " + uniform + "\nall ones: " + allOnes);
                for (PrecisionStats s : new PrecisionStats[] {uniform, allOnes}) {
                    assertTrue(s.meanBits() >= 25.5, s.toString());
                    assertTrue(s.minBits() >= 21, s.toString());
                }
                assertTrue(allOnes.meanBits() >= uniform.meanBits() - 2, allOnes + " vs " + uniform);
                assertTrue(allOnes.minBits() >= uniform.minBits() - 2, allOnes + " vs " + uniform);
            }
        }
    }

    private static PrecisionStats bootstrap(Bootstrapper b, Evaluator ev, BootstrappingKeys keys, Encryptor enc,
                                            Decryptor dec, Encoder encoder, ComplexVector z, BootstrappingParameters bp) {
        try (Plaintext pt = encoder.encodeNew(z, 0, bp.ckks().defaultScale());
             Ciphertext ct = enc.encryptNew(pt);
             Ciphertext out = b.bootstrap(ev, keys, ct);
             Plaintext o = dec.decryptNew(out)) {
            assertEquals(bp.levelsAfterBootstrapping(), out.level());
            return PrecisionStats.compute(z, encoder.decode(o));
        }
    }
}

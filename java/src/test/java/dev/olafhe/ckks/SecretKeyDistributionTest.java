package dev.olafhe.ckks;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link KeyGenerator#genSecretKey(SecretDistribution)}: the coefficients follow the asked distribution. */
class SecretKeyDistributionTest extends CkksContextsTest {

    /** The secret's coefficients, centred, from its first limb (coefficients are in {-1, 0, 1}). */
    private static long[] coefficients(CkksTestContext tc, SecretKey sk) {
        try (var coeff = tc.context.allocateQ(0)) {
            tc.backend.intt(sk.value(), coeff);
            long q = tc.params.q(0);
            long[] limb = tc.backend.download(coeff)[0];
            long[] out = new long[limb.length];
            for (int i = 0; i < limb.length; i++) {
                out[i] = limb[i] > q / 2 ? limb[i] - q : limb[i];
            }
            return out;
        }
    }

    private static int nonZeroTernary(long[] s) {
        int nonZero = 0;
        for (long c : s) {
            assertTrue(c >= -1 && c <= 1, "coefficient " + c + " is not ternary");
            nonZero += c != 0 ? 1 : 0;
        }
        return nonZero;
    }

    @ParameterizedTest(name = "h = {0}")
    @ValueSource(ints = {1, 32, 192})
    void fixedHammingWeightSecretsHaveExactlyHNonZeroCoefficients(int h) {
        CkksTestContext tc = defaultContext();
        try (SecretKey sk = tc.keyGenerator.genSecretKey(SecretDistribution.fixedHammingWeight(h))) {
            assertEquals(h, nonZeroTernary(coefficients(tc, sk)));
            ComplexVector x = tc.randomVector(tc.params.maxSlots(), true);
            Encryptor enc = Encryptor.withSecretKey(tc.context, sk, RandomSources.deterministic(h));
            try (Plaintext pt = tc.encoder.encodeNew(x, tc.params.maxLevel(), tc.scale());
                 Ciphertext ct = enc.encryptNew(pt); Plaintext dec = new Decryptor(tc.context, sk).decryptNew(ct)) {
                EvaluatorTest.assertPrecision(tc, x, tc.encoder.decode(dec), "encryption under an h=" + h + " secret");
            }
        }
    }

    @Test
    void uniformTernarySecretsHaveAboutTwoThirdsNonZeroCoefficients() {
        CkksTestContext tc = defaultContext();
        try (SecretKey sk = tc.keyGenerator.genSecretKey(SecretDistribution.uniformTernary())) {
            int n = tc.params.n();
            double sigma = Math.sqrt(n * (2.0 / 3) * (1.0 / 3)); // binomial(n, 2/3)
            assertEquals(2.0 * n / 3, nonZeroTernary(coefficients(tc, sk)), 5 * sigma);
        }
    }

    @Test
    void aHammingWeightAboveNIsRefused() {
        CkksTestContext tc = defaultContext();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> tc.keyGenerator.genSecretKey(SecretDistribution.fixedHammingWeight(tc.params.n() + 1)));
        assertTrue(e.getMessage().contains("choose h <= N"), e.getMessage());
    }
}

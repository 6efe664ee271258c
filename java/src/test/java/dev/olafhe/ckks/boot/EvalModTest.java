package dev.olafhe.ckks.boot;

import dev.olafhe.ckks.Ciphertext;
import dev.olafhe.ckks.CkksParametersLiteral;
import dev.olafhe.ckks.ComplexVector;
import dev.olafhe.ckks.Plaintext;
import dev.olafhe.ckks.PrecisionStats;
import dev.olafhe.ckks.SecretDistribution;
import dev.olafhe.ckks.poly.PolynomialEvaluator;
import dev.olafhe.ckks.testing.HeFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.math.BigDecimal;
import java.math.BigInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * EvalMod alone on y = (I + ε)/K (I an integer in (−K, K), |ε| ≤ 2^-6), at scale 2^60 on logN 10 (INSECURE):
 * it must return [t]_{q_0}/q_0 = ε, i.e. (1/2π)·sin(2πε) without the arcsin correction and ε with it.
 *
 * <p>Threshold: the worse of (a) the cosine interpolation error, amplified by at most 4 per double angle,
 * and (b) one operation's noise at scale 2^60, log2(Δ) − (logN + 2), amplified by the slope 2πK of the
 * argument and by 4 per double angle.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EvalModTest {
    private static final int LOG_SCALE = 60;
    private final HeFixture he = new HeFixture(new CkksParametersLiteral(10,
            CkksParametersLiteral.repeat(LOG_SCALE, 14), new int[] {61, 61}, LOG_SCALE,
            SecretDistribution.uniformTernary(), 0, true), new int[0], false, 31);

    @AfterAll
    void close() {
        he.close();
    }

    @ParameterizedTest(name = "K={0}, cosine degree {1}, {2} double angles, arcsin degree {3}")
    @CsvSource({"16, 39, 3, 0", "16, 39, 3, 7", "8, 31, 2, 0"})
    void reducesModuloOne(int k, int degree, int doubleAngles, int arcsinDegree) {
        EvalMod evalMod = new EvalMod(k, degree, doubleAngles, arcsinDegree);
        int slots = he.params.maxSlots();
        double[] y = new double[slots];
        double[] want = new double[slots];
        for (int j = 0; j < slots; j++) {
            int integer = he.random.nextInt(2 * k - 1) - (k - 1);
            double eps = (2 * he.random.nextDouble() - 1) / 64;
            y[j] = (integer + eps) / k;
            want[j] = arcsinDegree > 0 ? eps : Math.sin(2 * Math.PI * eps) / (2 * Math.PI);
        }
        BigDecimal scale = new BigDecimal(BigInteger.ONE.shiftLeft(LOG_SCALE));
        int level = he.params.maxLevel();
        ComplexVector have;
        try (Plaintext pt = he.encoder.encodeNew(y, level, scale); Ciphertext ct = he.encryptor.encryptNew(pt);
             Ciphertext out = evalMod.evaluate(he.evaluator, new PolynomialEvaluator(he.evaluator), ct, scale)) {
            assertEquals(level - evalMod.depth(), out.level());
            assertEquals(0, out.scale().compareTo(scale));
            have = he.decrypt(out);
        }
        PrecisionStats stats = PrecisionStats.compute(ComplexVector.real(want), have);
        double amplification = 2.0 * doubleAngles;
        double interpolation = -evalMod.cosineLog2Error() - amplification;
        double noise = LOG_SCALE - (he.params.logN() + 2) - Math.log(2 * Math.PI * k) / Math.log(2) - amplification;
        double expected = Math.min(interpolation, noise);
        System.out.printf("EvalMod K=%d deg=%d r=%d arcsin=%d: %s (threshold mean %.1f)%n", k, degree, doubleAngles,
                arcsinDegree, stats, expected);
        assertTrue(stats.real().mean() >= expected, stats + " < " + expected);
        assertTrue(stats.real().min() >= expected - 6, stats + " < " + expected);
    }
}

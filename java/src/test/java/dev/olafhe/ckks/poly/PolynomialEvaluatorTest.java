package dev.olafhe.ckks.poly;

import dev.olafhe.approx.ChebyshevSeries;
import dev.olafhe.ckks.Ciphertext;
import dev.olafhe.ckks.CkksParametersLiteral;
import dev.olafhe.ckks.ComplexVector;
import dev.olafhe.ckks.PrecisionStats;
import dev.olafhe.ckks.SecretDistribution;
import dev.olafhe.ckks.testing.HeFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.function.DoubleUnaryOperator;

import static dev.olafhe.ckks.CkksParametersLiteral.concat;
import static dev.olafhe.ckks.CkksParametersLiteral.repeat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Homomorphic Chebyshev evaluation against float64 (Clenshaw) on logN 11, Δ = 2^45 (INSECURE test set).
 *
 * <p>Threshold: a fresh operation reaches log2(Δ) − (logN + 2) bits; T_k amplifies an input error by |T_k'|,
 * which is k on average over uniform inputs (k² only at the interval ends), and the sum Σ c_k T_k adds
 * log2(Σ|c_k|). The mean must reach base − log2(d) − log2(max(1, Σ|c_k|)), the worst slot 6 bits less.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PolynomialEvaluatorTest {
    private static final double WORST_SLOT_SLACK_BITS = 6;
    private final HeFixture he = new HeFixture(new CkksParametersLiteral(11, concat(new int[] {60}, repeat(45, 8)),
            new int[] {61, 61}, 45, SecretDistribution.uniformTernary(), 0, true), new int[0], false, 11);
    private final PolynomialEvaluator polys = new PolynomialEvaluator(he.evaluator);

    @AfterAll
    void close() {
        he.close();
    }

    enum Target {
        TANH(x -> Math.tanh(3 * x)), SIN(x -> Math.sin(4 * x)), EXP(Math::exp), SQUARE_WAVE(x -> Math.signum(x));

        final DoubleUnaryOperator f;

        Target(DoubleUnaryOperator f) {
            this.f = f;
        }
    }

    /**
     * Chebyshev interpolant of f on [a, b] at d+1 Chebyshev nodes; with parity ODD/EVEN the other
     * coefficients are set to exactly zero (as fitted odd/even approximations are).
     */
    static ChebyshevSeries interpolate(DoubleUnaryOperator f, double a, double b, int d, Parity parity) {
        int n = d + 1;
        double[] c = new double[n];
        for (int k = 0; k < n; k++) {
            double sum = 0;
            for (int j = 0; j < n; j++) {
                double theta = Math.PI * (j + 0.5) / n;
                double x = (a + b) / 2 + (b - a) / 2 * Math.cos(theta);
                sum += f.applyAsDouble(x) * Math.cos(k * theta);
            }
            c[k] = (k == 0 ? 1.0 : 2.0) * sum / n;
            if (!parity.allows(k)) {
                c[k] = 0;
            }
        }
        return new ChebyshevSeries(a, b, c);
    }

    @ParameterizedTest(name = "degree {0} {1} of {2} on [{3}, {4}]")
    @CsvSource({
            "3, GENERAL, EXP, -1, 1",
            "7, GENERAL, EXP, 0, 1",
            "15, ODD, TANH, -1, 1",
            "16, EVEN, EXP, -1, 1",
            "27, ODD, SQUARE_WAVE, -1, 1",
            "31, GENERAL, SIN, -2, 2",
            "63, ODD, SIN, -1, 1",
            "63, GENERAL, TANH, -3, 5",
    })
    void matchesFloat64(int degree, Parity parity, Target target, double a, double b) {
        ChebyshevSeries series = interpolate(target.f, a, b, degree, parity);
        PolynomialCost cost = PolynomialEvaluator.cost(series);
        int slots = he.params.maxSlots();
        ComplexVector x = he.randomVector(slots, a, b, false);
        int level = he.params.maxLevel();
        polys.resetCounts();
        ComplexVector have;
        int outLevel;
        BigDecimal outScale;
        try (Ciphertext ct = he.encrypt(x, level); Ciphertext out = polys.evaluate(ct, series)) {
            have = he.decrypt(out);
            outLevel = out.level();
            outScale = out.scale();
        }
        double[] want = new double[slots];
        double coeffSum = 0;
        for (int j = 0; j < slots; j++) {
            want[j] = series.evaluate(x.re()[j]);
        }
        for (double c : series.coefficients()) {
            coeffSum += Math.abs(c);
        }
        PrecisionStats stats = PrecisionStats.compute(ComplexVector.real(want), have);
        double expected = he.baseBits() - log2(degree) - log2(Math.max(1, coeffSum));

        System.out.printf("degree %d %s %s [%s, %s]: %s (threshold mean %.1f) %s%n", degree, parity, target, a, b, stats, expected, cost);
        assertEquals(level - cost.totalDepth(), outLevel, "output level");
        assertEquals(0, outScale.compareTo(he.params.defaultScale()), "output scale is exactly the target");
        assertTrue(stats.real().mean() >= expected, stats + " < " + expected);
        assertTrue(stats.real().min() >= expected - WORST_SLOT_SLACK_BITS, stats + " < " + expected);
        PolynomialEvaluator.OperationCounts done = polys.counts();
        assertEquals(cost.nonScalarMultiplications(), done.nonScalarMultiplications(), "products");
        assertEquals(cost.scalarMultiplications(), done.scalarMultiplications(), "scalar products");
        assertEquals(cost.relinearizations(), done.relinearizations(), "relinearizations");
        assertEquals(cost.rescales(), done.rescales(), "rescales");
    }

    @Test
    void landsOnAnyRequestedScale() {
        ChebyshevSeries series = interpolate(Math::cos, -1, 1, 12, Parity.EVEN);
        BigDecimal target = new BigDecimal(BigInteger.ONE.shiftLeft(43)).multiply(new BigDecimal("1.2345"));
        ComplexVector x = he.randomVector(he.params.maxSlots(), -1, 1, false);
        try (Ciphertext ct = he.encrypt(x, 6); Ciphertext out = polys.evaluate(ct, series, target)) {
            assertEquals(0, out.scale().compareTo(target));
            assertEquals(6 - 4, out.level());
            double[] want = new double[x.length()];
            for (int j = 0; j < want.length; j++) {
                want[j] = series.evaluate(x.re()[j]);
            }
            PrecisionStats stats = PrecisionStats.compute(ComplexVector.real(want), he.decrypt(out));
            assertTrue(stats.real().mean() >= he.baseBits() - log2(12), stats.toString());
        }
    }

    @Test
    void refusesCiphertextsWithoutEnoughLevels() {
        ChebyshevSeries series = interpolate(Math::exp, -1, 1, 15, Parity.GENERAL);
        try (Ciphertext ct = he.encrypt(he.randomVector(8, -1, 1, false), 3)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> polys.evaluate(ct, series));
            assertTrue(e.getMessage().contains("needs 4 levels"), e.getMessage());
        }
    }

    private static double log2(double v) {
        return Math.log(v) / Math.log(2);
    }
}

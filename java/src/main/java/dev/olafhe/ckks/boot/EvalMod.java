package dev.olafhe.ckks.boot;

import dev.olafhe.approx.ChebyshevSeries;
import dev.olafhe.ckks.Ciphertext;
import dev.olafhe.ckks.CkksParameters;
import dev.olafhe.ckks.Evaluator;
import dev.olafhe.ckks.ProductTerms;
import dev.olafhe.ckks.poly.PolynomialEvaluator;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Locale;

/**
 * Homomorphic reduction modulo q_0 (ckks-notes §2.3): for slots y = t/(K·q_0) ∈ [−1, 1] it computes
 * ≈ [t]_{q_0}/q_0 as (1/2π)·sin(2π·K·y), by
 * <ol>
 *   <li>p(y) ≈ c·cos(2π(K·y − 1/4)/2^r), a Chebyshev interpolant of the given degree on [−1, 1];</li>
 *   <li>r double angles v ← 2v² − c_i², c_{i+1} = c_i², giving c^{2^r}·sin(2πKy);</li>
 *   <li>optionally the arcsin correction (1/2π)·arcsin(s) (odd Taylor polynomial), which removes the
 *       sine's distortion for large messages; then c = 1, else c = (1/2π)^{1/2^r}.</li>
 * </ol>
 * Depth: ⌈log2(deg+1)⌉ + r (+ ⌈log2(arcsinDeg+1)⌉). The output lands exactly on the requested scale.
 */
final class EvalMod {
    private final int k;
    private final int doubleAngles;
    private final double prefactor;
    private final ChebyshevSeries cosine;
    private final ChebyshevSeries arcsin; // null: none

    EvalMod(int k, int cosineDegree, int doubleAngles, int arcsinDegree) {
        this.k = k;
        this.doubleAngles = doubleAngles;
        this.prefactor = arcsinDegree > 0 ? 1 : Math.pow(1 / (2 * Math.PI), 1 / Math.pow(2, doubleAngles));
        this.cosine = interpolate(this::scaledCosine, cosineDegree);
        this.arcsin = arcsinDegree > 0 ? arcsinTaylor(arcsinDegree) : null;
    }

    private double scaledCosine(double y) {
        return prefactor * Math.cos(2 * Math.PI * (k * y - 0.25) / Math.pow(2, doubleAngles));
    }

    /** The function EvalMod approximates, on the unit variable y: (1/2π)·sin(2πKy) (or its arcsin-corrected form). */
    double reference(double y) {
        double s = Math.sin(2 * Math.PI * k * y);
        if (arcsin == null) {
            return s / (2 * Math.PI);
        }
        return arcsin.evaluate(s);
    }

    /** Levels EvalMod consumes. */
    int depth() {
        return bits(cosine.degree()) + doubleAngles + (arcsin == null ? 0 : bits(arcsin.degree()));
    }

    private static int bits(int d) {
        return 32 - Integer.numberOfLeadingZeros(d);
    }

    /** log2 of the largest error of the cosine interpolant on [−1, 1] (sampled densely). */
    double cosineLog2Error() {
        double worst = 0;
        int samples = 20000;
        for (int i = 0; i <= samples; i++) {
            double y = -1 + 2.0 * i / samples;
            worst = Math.max(worst, Math.abs(cosine.evaluate(y) - scaledCosine(y)));
        }
        return Math.log(Math.max(worst, 1e-300)) / Math.log(2);
    }

    /**
     * What step {@code step} of {@link #evaluate} holds for the unit variable y: c^{2^step}·cos(2π(K·y − 1/4)/2^{r−step})
     * (step 0: the cosine interpolant's target, step r: c^{2^r}·sin(2πKy), before the arcsin correction).
     */
    double stepReference(int step, double y) {
        double c = Math.pow(prefactor, Math.pow(2, step));
        return c * Math.cos(2 * Math.PI * (k * y - 0.25) / Math.pow(2, doubleAngles - step));
    }

    int doubleAngles() {
        return doubleAngles;
    }

    /** EvalMod of a degree-1 ciphertext; the result has scale exactly {@code targetScale}. */
    Ciphertext evaluate(Evaluator evaluator, PolynomialEvaluator polys, Ciphertext y, BigDecimal targetScale) {
        return evaluate(evaluator, polys, y, targetScale, (c, step) -> { });
    }

    /**
     * As {@link #evaluate(Evaluator, PolynomialEvaluator, Ciphertext, BigDecimal)}, showing {@code steps} the
     * ciphertext after the cosine (step 0) and after each double angle (steps 1..r), before the arcsin correction
     * (diagnostics: {@link StageErrorBudget}). The observer must not keep or close the ciphertext.
     */
    Ciphertext evaluate(Evaluator evaluator, PolynomialEvaluator polys, Ciphertext y, BigDecimal targetScale,
                        java.util.function.ObjIntConsumer<Ciphertext> steps) {
        CkksParameters params = evaluator.context().params();
        int cosineLevel = y.level() - bits(cosine.degree());
        // scales backwards: squaring at level ℓ then rescaling by q_ℓ maps S to S²/q_ℓ
        BigDecimal[] scales = new BigDecimal[doubleAngles + 1];
        scales[doubleAngles] = targetScale;
        for (int i = doubleAngles - 1; i >= 0; i--) {
            BigDecimal q = new BigDecimal(params.q(cosineLevel - i));
            scales[i] = scales[i + 1].multiply(q, Evaluator.SCALE_CONTEXT).sqrt(Evaluator.SCALE_CONTEXT);
        }
        Ciphertext v = polys.evaluate(y, cosine, scales[0]);
        steps.accept(v, 0);
        double c = prefactor;
        for (int i = 0; i < doubleAngles; i++) {
            // v² relinearized, then 2·v² − c² (the weights of multiplyByConstant(2) and addConstant(−c²)), then
            // rescaled: one backend call
            ProductTerms doubled = ProductTerms.scaled(BigInteger.TWO,
                    Evaluator.encodedConstant(-c * c, Evaluator.productScale(v, v)), true);
            Ciphertext square = evaluator.multiplyNew(v, v, v.level(), doubled, true, true);
            v.close();
            land(square, scales[i + 1]);
            v = square;
            c = c * c;
            steps.accept(v, i + 1);
        }
        if (arcsin == null) {
            return v;
        }
        try (Ciphertext s = v) {
            return polys.evaluate(s, arcsin, targetScale);
        }
    }

    private static void land(Ciphertext c, BigDecimal scale) {
        if (!Evaluator.sameScale(c.scale(), scale)) {
            throw new IllegalStateException(String.format(Locale.ROOT, "EvalMod: scale 2^%.9f misses the target 2^%.9f",
                    Math.log(c.scale().doubleValue()) / Math.log(2), Math.log(scale.doubleValue()) / Math.log(2)));
        }
        c.setScale(scale);
    }

    /** Chebyshev interpolant of f on [−1, 1] at the degree+1 Chebyshev nodes. */
    static ChebyshevSeries interpolate(java.util.function.DoubleUnaryOperator f, int degree) {
        int n = degree + 1;
        double[] values = new double[n];
        for (int j = 0; j < n; j++) {
            values[j] = f.applyAsDouble(Math.cos(Math.PI * (j + 0.5) / n));
        }
        double[] c = new double[n];
        for (int kk = 0; kk < n; kk++) {
            double sum = 0;
            for (int j = 0; j < n; j++) {
                sum += values[j] * Math.cos(kk * Math.PI * (j + 0.5) / n);
            }
            c[kk] = (kk == 0 ? 1.0 : 2.0) * sum / n;
        }
        return new ChebyshevSeries(-1, 1, c);
    }

    /**
     * (1/2π)·arcsin(s) by its odd Taylor polynomial s + s³/6 + 3s⁵/40 + … (c_1 = 1,
     * c_i = c_{i−2}·(i−2)²/(i(i−1))), converted exactly to the Chebyshev basis on [−1, 1].
     */
    static ChebyshevSeries arcsinTaylor(int degree) {
        if (degree < 1 || degree % 2 == 0) {
            throw new IllegalArgumentException("the arcsin degree must be odd, got " + degree);
        }
        double[] monomial = new double[degree + 1];
        monomial[1] = 1 / (2 * Math.PI);
        for (int i = 3; i <= degree; i += 2) {
            monomial[i] = monomial[i - 2] * (i - 2) * (i - 2) / ((double) i * (i - 1));
        }
        double[] cheb = new double[degree + 1];
        double[] power = {1}; // Chebyshev coefficients of s^i, built by s·T_j = (T_{j+1} + T_{|j−1|})/2
        for (int i = 0; i <= degree; i++) {
            for (int j = 0; j < power.length; j++) {
                cheb[j] += monomial[i] * power[j];
            }
            double[] next = new double[power.length + 1];
            for (int j = 0; j < power.length; j++) {
                if (j == 0) {
                    next[1] += power[0];
                } else {
                    next[j + 1] += power[j] / 2;
                    next[j - 1] += power[j] / 2;
                }
            }
            power = next;
        }
        for (int j = 0; j <= degree; j += 2) {
            cheb[j] = 0; // exactly odd (the even entries are rounding residue)
        }
        return new ChebyshevSeries(-1, 1, cheb);
    }
}

package dev.olafhe.ckks.poly;

import dev.olafhe.approx.ChebyshevSeries;

/**
 * Exact operation counts of evaluating a Chebyshev series homomorphically with {@link PolynomialEvaluator}:
 * both read the same {@link PolynomialPlan}, so this is what the evaluator executes (its tests check it).
 * Pure functions of the degree, the parity (which coefficients are present) and the interval.
 *
 * @param degree                    degree d of the polynomial (highest present coefficient)
 * @param parity                    which coefficients may be present
 * @param babyStepLog               log2 of the baby-step size chosen (powers T_1..T_{2^l − 1} are baby steps)
 * @param depth                     levels consumed by the polynomial itself: ⌈log2(d+1)⌉
 * @param changeOfBasisLevels       1 when the interval [a, b] needs the non-integer map y = (2x−a−b)/(b−a), else 0
 * @param nonScalarMultiplications  ciphertext × ciphertext products (power basis and giant steps)
 * @param scalarMultiplications     ciphertext × constant products (coefficients, the 2· of the recurrence,
 *                                  scale alignment, change of basis); constant additions are not counted
 * @param relinearizations          key switches for relinearization (lazy: sums of products share one)
 * @param rescales                  rescalings
 */
public record PolynomialCost(int degree, Parity parity, int babyStepLog, int depth, int changeOfBasisLevels,
                             int nonScalarMultiplications, int scalarMultiplications, int relinearizations,
                             int rescales) {

    /** Levels consumed in total: change of basis plus the polynomial. */
    public int totalDepth() {
        return depth + changeOfBasisLevels;
    }

    /** Cost of a generic polynomial of this degree and parity on [−1, 1] (every allowed coefficient present). */
    public static PolynomialCost of(int degree, Parity parity) {
        if (degree < 0) {
            throw new IllegalArgumentException("degree must be >= 0, got " + degree);
        }
        if (degree > 0 && !parity.allows(degree)) {
            throw new IllegalArgumentException("an " + parity.name().toLowerCase(java.util.Locale.ROOT)
                    + " polynomial cannot have degree " + degree);
        }
        double[] coeffs = new double[degree + 1];
        boolean[] present = new boolean[degree + 1];
        for (int k = 0; k <= degree; k++) {
            present[k] = parity.allows(k);
            coeffs[k] = present[k] ? 1 : 0;
        }
        return of(PolynomialPlan.build(coeffs, present), parity, ChangeOfBasis.NONE);
    }

    /** Cost of this series as {@link PolynomialEvaluator} evaluates it (zero coefficients skipped). */
    public static PolynomialCost of(ChebyshevSeries series) {
        return of(PolynomialPlan.build(series.coefficients(), presence(series)), parityOf(series),
                ChangeOfBasis.of(series.a(), series.b()));
    }

    static PolynomialCost of(PolynomialPlan plan, Parity parity, ChangeOfBasis basis) {
        return new PolynomialCost(plan.degree(), parity, plan.babyLog(), plan.depth(), basis.levels(),
                plan.nonScalarMultiplications(), plan.scalarMultiplications() + basis.scalarMultiplications(),
                plan.relinearizations(), plan.rescales() + basis.levels());
    }

    static boolean[] presence(ChebyshevSeries series) {
        boolean[] present = new boolean[series.degree() + 1];
        for (int k = 0; k <= series.degree(); k++) {
            present[k] = series.coefficient(k) != 0;
        }
        return present;
    }

    static Parity parityOf(ChebyshevSeries series) {
        if (series.degree() > 0 && series.isOdd()) {
            return Parity.ODD;
        }
        return series.isEven() ? Parity.EVEN : Parity.GENERAL;
    }

    /**
     * The affine map x ↦ y = α·x + β onto [−1, 1], α = 2/(b−a), β = −(a+b)/(b−a). A non-integer α costs a
     * scalar multiplication and a level; an integer α ≠ 1 a scalar multiplication only; α = 1 nothing.
     */
    record ChangeOfBasis(double alpha, double beta) {
        static final ChangeOfBasis NONE = new ChangeOfBasis(1, 0);

        static ChangeOfBasis of(double a, double b) {
            return new ChangeOfBasis(2 / (b - a), -(a + b) / (b - a));
        }

        boolean integerAlpha() {
            return alpha == Math.rint(alpha) && Math.abs(alpha) < 0x1p53;
        }

        int levels() {
            return integerAlpha() ? 0 : 1;
        }

        int scalarMultiplications() {
            return alpha == 1 ? 0 : 1;
        }
    }
}

package dev.olafhe.ola;

import dev.olafhe.approx.Basis;

/**
 * INTERIM op counts of the baby-step giant-step Chebyshev evaluation, used until dev.olafhe.ckks.poly
 * .PolynomialCost (the evaluator's exact plan) is on main; then this class delegates to it. Estimate: baby steps
 * T_1..T_{2^l} (2^l - 1 products), giant steps T_{2^l}, T_{2^(l+1)}, .. (m - l products), and one product per
 * giant-step combination (ceil((d+1) / 2^l) - 1), with m = ceil(log2(d+1)), l = ceil(m / 2); scalar
 * multiplications: one per coefficient; depth m.
 */
public final class PolynomialCounts implements PolynomialCounter {
    public static final PolynomialCounts INSTANCE = new PolynomialCounts();
    public static final String NAME = "BSGS estimate (interim)";

    private PolynomialCounts() {
    }

    static int depthOf(int degree) {
        return degree <= 0 ? 0 : 32 - Integer.numberOfLeadingZeros(degree);
    }

    @Override
    public OpCounts counts(int degree, Basis basis) {
        if (degree < 1) {
            return new OpCounts(0, 0, 0);
        }
        int m = depthOf(degree);
        int l = (m + 1) / 2;
        int baby = (1 << l) - 1;
        int giant = m - l;
        int combine = Math.max(0, (degree + (1 << l)) / (1 << l) - 1);
        int coefficients = basis == Basis.GENERAL ? degree + 1 : (degree + 2) / 2;
        return new OpCounts(baby + giant + combine, coefficients, m);
    }
}

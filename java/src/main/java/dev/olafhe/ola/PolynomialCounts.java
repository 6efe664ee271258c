package dev.olafhe.ola;

import dev.olafhe.approx.Basis;
import dev.olafhe.ckks.poly.Parity;
import dev.olafhe.ckks.poly.PolynomialCost;

/**
 * Op counts from the polynomial evaluator's own plan ({@link PolynomialCost}: baby-step giant-step Chebyshev
 * evaluation), so the cost model charges exactly what the encrypted runtime executes. The interval map
 * y = (2x - a - b) / (b - a) is not charged: it folds into the preceding linear layer's weights.
 */
public final class PolynomialCounts implements PolynomialCounter {
    public static final PolynomialCounts INSTANCE = new PolynomialCounts();
    public static final String NAME = "ckks.poly.PolynomialCost (BSGS plan)";

    private PolynomialCounts() {
    }

    static int depthOf(int degree) {
        return degree <= 0 ? 0 : 32 - Integer.numberOfLeadingZeros(degree);
    }

    @Override
    public OpCounts counts(int degree, Basis basis) {
        Parity parity = switch (basis) {
            case GENERAL -> Parity.GENERAL;
            case ODD -> Parity.ODD;
            case EVEN -> Parity.EVEN;
        };
        PolynomialCost c = PolynomialCost.of(degree, parity);
        return new OpCounts(c.nonScalarMultiplications(), c.scalarMultiplications(), c.depth());
    }
}

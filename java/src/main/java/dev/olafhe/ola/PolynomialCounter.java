package dev.olafhe.ola;

import dev.olafhe.approx.Basis;

/** Where a cost table gets {@link OpCounts} for a degree and basis (the polynomial evaluator's plan). */
@FunctionalInterface
public interface PolynomialCounter {
    OpCounts counts(int degree, Basis basis);
}

package dev.olafhe.infer;

import dev.olafhe.approx.ChebyshevSeries;
import dev.olafhe.ckks.Ciphertext;

import java.math.BigDecimal;

/**
 * What the runtime needs from a homomorphic polynomial evaluator (the CKKS package's
 * PolynomialEvaluator is plugged in behind this; a small interface keeps this package testable on its own).
 */
public interface PolynomialEvaluation {
    /** Levels consumed by evaluating {@code p}. */
    int depth(ChebyshevSeries p);

    /** p(x) slot-wise, with the result at scale exactly {@code outputScale}. */
    Ciphertext evaluate(Ciphertext x, ChebyshevSeries p, BigDecimal outputScale);
}

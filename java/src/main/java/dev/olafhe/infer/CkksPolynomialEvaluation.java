package dev.olafhe.infer;

import dev.olafhe.approx.ChebyshevSeries;
import dev.olafhe.ckks.Ciphertext;
import dev.olafhe.ckks.Evaluator;
import dev.olafhe.ckks.poly.PolynomialEvaluator;

import java.math.BigDecimal;

/** {@link PolynomialEvaluation} by the CKKS package's baby-step giant-step Chebyshev evaluator. */
public final class CkksPolynomialEvaluation implements PolynomialEvaluation {
    private final PolynomialEvaluator evaluator;

    public CkksPolynomialEvaluation(Evaluator evaluator) {
        this.evaluator = new PolynomialEvaluator(evaluator);
    }

    /** Levels the evaluator consumes for {@code p} (a series on [-1, 1] needs no change of basis). */
    public static int levels(ChebyshevSeries p) {
        return PolynomialEvaluator.cost(p).totalDepth();
    }

    @Override
    public int depth(ChebyshevSeries p) {
        return levels(p);
    }

    @Override
    public Ciphertext evaluate(Ciphertext x, ChebyshevSeries p, BigDecimal outputScale) {
        return evaluator.evaluate(x, p, outputScale);
    }
}

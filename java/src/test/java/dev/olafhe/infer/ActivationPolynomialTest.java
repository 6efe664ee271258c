package dev.olafhe.infer;

import dev.olafhe.approx.ChebyshevSeries;
import dev.olafhe.approx.CompositeSign;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The folded forms the runtime evaluates, in float64, against the definitions. */
class ActivationPolynomialTest {
    static final CompositeSign LEE = CompositeSign.forPrecision(CompositeSign.LEE_ALPHA, CompositeSign.LEE_DEGREES);

    /**
     * The folded composite is u·c·(1 + s(u)) − o/σ with c = B/(2σ), every stage on [-1, 1]; decoded it is the
     * composite ReLU x (1 + s(x/B)) / 2; and its depth is Lee et al.'s: the stages' plus one product (14).
     */
    @Test
    void foldedCompositeIsInputTimesScaledOnePlusSignMinusOffset() {
        double bound = 5.5;
        ValueEncoding out = new ValueEncoding(0.7, 0.3);
        ActivationPolynomial.CompositeRelu relu = ActivationPolynomial.CompositeRelu.of(LEE, bound);
        UnitActivation.InputTimesComposite folded = (UnitActivation.InputTimesComposite) relu.fold(out);
        for (ChebyshevSeries p : folded.stages()) {
            assertEquals(-1, p.a());
            assertEquals(1, p.b());
        }
        double c = bound / (2 * out.scale());
        for (int i = -1000; i <= 1000; i++) {
            double u = i / 1000.0;
            double s = LEE.sign(u);
            double want = u * c * (1 + s) - out.offset() / out.scale();
            assertEquals(want, folded.evaluate(u), 1e-12 * Math.max(1, Math.abs(want)), "u = " + u);
            double x = bound * u;
            assertEquals(LEE.relu(x, bound), out.decode(folded.evaluate(u)), 1e-12 * bound, "x = " + x);
            assertEquals(LEE.relu(x, bound), relu.evaluate(x), 1e-12 * bound, "x = " + x);
        }
        assertEquals(new ValueEncoding(bound, 0), relu.inputEncoding());
        assertEquals(14, LEE.reluDepth());
        assertEquals(LEE.reluDepth(), folded.depth(CkksPolynomialEvaluation::levels));
    }

    /** The single series folds as before: (p − o)/σ, read on [-1, 1]. */
    @Test
    void foldedSingleIsTheSeriesInTheOutputEncoding() {
        ChebyshevSeries p = UniformReluPlan.interpolant(-3, 5, 15);
        ValueEncoding out = new ValueEncoding(2.5, -0.4);
        ActivationPolynomial.Single single = new ActivationPolynomial.Single(p);
        UnitActivation f = single.fold(out);
        ValueEncoding in = single.inputEncoding();
        for (int i = -100; i <= 100; i++) {
            double u = i / 100.0;
            assertEquals(p.evaluate(in.decode(u)), out.decode(f.evaluate(u)), 1e-12);
        }
        assertEquals(4, f.depth(CkksPolynomialEvaluation::levels));
    }
}

package dev.olafhe.infer;

import dev.olafhe.approx.ChebyshevSeries;
import dev.olafhe.approx.CompositeSign;

import java.util.ArrayList;
import java.util.List;

/**
 * What replaces one activation layer, as a function of the true input value x: one Chebyshev series (plan files,
 * uniform-degree plans), or the composite minimax ReLU of Lee et al. (the uniform baseline of the OLA paper and of
 * FHE-MP-CNN). Each kind says how its input is stored ({@link #inputEncoding}) and how it folds the output
 * encoding into what the runtime evaluates ({@link #fold}); compiler, runtime and simulator work on the folded
 * {@link UnitActivation} only.
 */
public sealed interface ActivationPolynomial permits ActivationPolynomial.Single, ActivationPolynomial.CompositeRelu {

    /** The encoding of the activation input: its interval mapped onto the unit variable u in [-1, 1]. */
    ValueEncoding inputEncoding();

    /** The function in float64 (the plaintext model an encrypted run reproduces). */
    double evaluate(double x);

    /** The degree of the polynomial in x. */
    int degree();

    /**
     * The function of the unit input u whose value is the activation output stored as {@code out}: interval
     * scaling and output encoding folded into coefficients, so they cost no level.
     */
    UnitActivation fold(ValueEncoding out);

    /** One Chebyshev series on [a, b], the activation input's interval. */
    record Single(ChebyshevSeries series) implements ActivationPolynomial {
        @Override
        public ValueEncoding inputEncoding() {
            return ValueEncoding.unitInterval(series.a(), series.b());
        }

        @Override
        public double evaluate(double x) {
            return series.evaluate(x);
        }

        @Override
        public int degree() {
            return series.degree();
        }

        /** p(x) stored as out: (p - o) / σ, the same coefficients read on [-1, 1]. */
        @Override
        public UnitActivation fold(ValueEncoding out) {
            double[] c = series.coefficients();
            for (int k = 0; k < c.length; k++) {
                c[k] /= out.scale();
            }
            c[0] -= out.offset() / out.scale();
            return new UnitActivation.Series(new ChebyshevSeries(-1, 1, c));
        }
    }

    /**
     * ReLU(x) = x (1 + s(x / B)) / 2 on [-B, B] with s = p_k o ... o p_1 the composite minimax sign
     * ({@link CompositeSign#stages()}: odd series on symmetric intervals [-h, h], the first on [-1, 1]).
     */
    record CompositeRelu(double bound, List<ChebyshevSeries> signStages) implements ActivationPolynomial {
        public CompositeRelu {
            if (!(bound > 0) || !Double.isFinite(bound)) {
                throw new IllegalArgumentException("the ReLU bound must be positive and finite, got " + bound);
            }
            if (signStages.isEmpty()) {
                throw new IllegalArgumentException("a composite sign needs at least one stage");
            }
            signStages = List.copyOf(signStages);
            for (ChebyshevSeries p : signStages) {
                if (p.a() != -p.b()) {
                    throw new IllegalArgumentException("sign stages live on symmetric intervals, got " + p);
                }
            }
            if (signStages.get(0).b() != 1) {
                throw new IllegalArgumentException("the first sign stage reads u = x / B on [-1, 1], got "
                        + signStages.get(0));
            }
        }

        /** The composite ReLU of {@code sign} on [-bound, bound]. */
        public static CompositeRelu of(CompositeSign sign, double bound) {
            return new CompositeRelu(bound, sign.stages());
        }

        /** The symmetric [-B, B]: u = x / B, no offset (the sign is taken around 0). */
        @Override
        public ValueEncoding inputEncoding() {
            return new ValueEncoding(bound, 0);
        }

        @Override
        public double evaluate(double x) {
            double s = x / bound;
            for (ChebyshevSeries p : signStages) {
                s = p.evaluate(s);
            }
            return 0.5 * x * (1 + s);
        }

        /** x·(1 + p_k∘…∘p_1): one more than the product of the stages' degrees. */
        @Override
        public int degree() {
            int d = 1;
            for (ChebyshevSeries stage : signStages) {
                d *= stage.degree();
            }
            return d + 1;
        }

        /**
         * Stored as out (scale σ, offset o) the output is u·c·(1 + s(u)) − o/σ with c = B / (2σ). The stages are
         * re-read on [-1, 1] (stage k's coefficients divided by the half-width of stage k+1's interval, which
         * the next stage then reads as its unit variable; exact, and it spares the evaluator a change-of-basis
         * level per stage), and c and the +1 go into the last stage, so what is left is one product u·s'.
         */
        @Override
        public UnitActivation fold(ValueEncoding out) {
            List<ChebyshevSeries> unit = new ArrayList<>();
            for (int k = 0; k < signStages.size(); k++) {
                double[] c = signStages.get(k).coefficients();
                boolean last = k == signStages.size() - 1;
                double factor = last ? bound / (2 * out.scale()) : 1 / signStages.get(k + 1).b();
                for (int j = 0; j < c.length; j++) {
                    c[j] *= factor;
                }
                if (last) {
                    c[0] += factor;
                }
                unit.add(new ChebyshevSeries(-1, 1, c));
            }
            return new UnitActivation.InputTimesComposite(unit, -out.offset() / out.scale());
        }
    }
}

package dev.olafhe.infer;

import dev.olafhe.approx.ChebyshevSeries;

import java.util.List;
import java.util.function.ToIntFunction;
import java.util.stream.Collectors;

/**
 * An activation as the runtime evaluates it: a function of the stored unit input u with the output encoding
 * already folded in ({@link ActivationPolynomial#fold}). The encrypted runtime ({@link EncryptedInference}) and
 * the float64 slot simulator ({@link SlotSimulator}) both evaluate exactly this; every series is on [-1, 1].
 */
public sealed interface UnitActivation permits UnitActivation.Series, UnitActivation.InputTimesComposite {
    /** The value in float64. */
    double evaluate(double u);

    /** Levels consumed, given the levels of one series (the polynomial evaluator's depth). */
    int depth(ToIntFunction<ChebyshevSeries> seriesDepth);

    String describe();

    /** p(u). */
    record Series(ChebyshevSeries series) implements UnitActivation {
        @Override
        public double evaluate(double u) {
            return series.evaluate(u);
        }

        @Override
        public int depth(ToIntFunction<ChebyshevSeries> seriesDepth) {
            return seriesDepth.applyAsInt(series);
        }

        @Override
        public String describe() {
            return "degree " + series.degree();
        }
    }

    /**
     * u · (p_k o ... o p_1)(u) + offset (the folded composite ReLU): the stages one after another, then one
     * ciphertext product with u (one level), then a constant (no level).
     */
    record InputTimesComposite(List<ChebyshevSeries> stages, double offset) implements UnitActivation {
        public InputTimesComposite {
            stages = List.copyOf(stages);
        }

        @Override
        public double evaluate(double u) {
            double v = u;
            for (ChebyshevSeries p : stages) {
                v = p.evaluate(v);
            }
            return u * v + offset;
        }

        @Override
        public int depth(ToIntFunction<ChebyshevSeries> seriesDepth) {
            return stages.stream().mapToInt(seriesDepth).sum() + 1;
        }

        @Override
        public String describe() {
            return "composite u·s(u), sign stage degrees " + stages.stream().map(p -> String.valueOf(p.degree()))
                    .collect(Collectors.joining("/"));
        }
    }
}

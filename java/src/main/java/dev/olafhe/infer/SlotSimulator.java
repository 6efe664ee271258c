package dev.olafhe.infer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs an {@link HeProgram} in float64 on slot vectors, step by step, exactly as the encrypted runtime
 * does but without noise (bootstraps are the identity). It checks the compilation (layouts, folded
 * intervals and encodings) against the plaintext executor, and gives the per-step slot values an encrypted
 * run is compared with.
 */
public final class SlotSimulator {
    private SlotSimulator() {
    }

    /** The slot vector written by every step, in step order. */
    public static List<double[]> run(HeProgram program, double[] inputSlots) {
        Map<Integer, double[]> values = new HashMap<>();
        values.put(0, inputSlots);
        List<double[]> trace = new ArrayList<>();
        for (HeStep step : program.steps()) {
            double[] out;
            if (step instanceof HeStep.Linear l) {
                out = l.transform().applyToSlots(values.get(l.input()));
            } else if (step instanceof HeStep.Activation a) {
                double[] x = values.get(a.input());
                out = new double[x.length];
                double factor = a.halvedInput() ? 2 : 1;
                for (int t = 0; t < x.length; t++) {
                    out[t] = a.function().evaluate(factor * x[t]);
                }
            } else if (step instanceof HeStep.Add s) {
                double[] x = values.get(s.left());
                double[] y = values.get(s.right());
                out = new double[x.length];
                for (int t = 0; t < x.length; t++) {
                    out[t] = x[t] + y[t];
                }
            } else {
                out = values.get(step.output());
            }
            values.put(step.output(), out);
            trace.add(out);
        }
        return trace;
    }
}

package dev.olafhe.infer;

import dev.olafhe.approx.ChebyshevSeries;

/**
 * One step of a compiled encrypted network. Values are addressed by the id of the IR node that produced
 * them (for fused linear chains: the last node of the chain).
 */
public sealed interface HeStep permits HeStep.Linear, HeStep.Activation, HeStep.Add, HeStep.Bootstrap {
    /** The value this step writes. */
    int output();

    /** Short description for logs and reports. */
    String describe();

    /** A fused chain of linear IR nodes (conv+BN, pooling, FC, shortcut slicing), one level. */
    record Linear(int input, int output, String nodes, SlotLinearTransform transform) implements HeStep {
        @Override
        public String describe() {
            return "linear   " + nodes + ": " + transform;
        }
    }

    /**
     * Activation layer {@code layer} as the polynomial {@code unitSeries} of the stored input (interval
     * scaling and the output encoding folded into its coefficients).
     */
    record Activation(int input, int output, int layer, ChebyshevSeries unitSeries, int depth) implements HeStep {
        @Override
        public String describe() {
            return "activate layer " + layer + ": degree " + unitSeries.degree() + ", depth " + depth;
        }
    }

    /** Residual addition (levels aligned by dropping the higher operand). */
    record Add(int left, int right, int output) implements HeStep {
        @Override
        public String describe() {
            return "add      #" + left + " + #" + right;
        }
    }

    /** Bootstrapping of a value in place (placed automatically from the level budget). */
    record Bootstrap(int output) implements HeStep {
        @Override
        public String describe() {
            return "bootstrap #" + output;
        }
    }
}

package dev.olafhe.infer;

/**
 * One step of a compiled encrypted network. Values are addressed by the id of the IR node that produced
 * them (for fused linear chains: the last node of the chain).
 */
public sealed interface HeStep permits HeStep.Linear, HeStep.Activation, HeStep.Add, HeStep.Bootstrap {
    /** The value this step writes. */
    int output();

    /** Short description for logs and reports. */
    String describe();

    /**
     * A fused chain of linear IR nodes (conv+BN, pooling, FC, shortcut slicing), one level. The slot
     * transform is compiled on first use (placement and key planning do not need the diagonals).
     */
    record Linear(int input, int output, String nodes, java.util.function.Supplier<SlotLinearTransform> compiled)
            implements HeStep {
        public Linear {
            compiled = memoize(compiled);
        }

        public SlotLinearTransform transform() {
            return compiled.get();
        }

        @Override
        public String describe() {
            return "linear   " + nodes + ": " + transform();
        }

        private static <T> java.util.function.Supplier<T> memoize(java.util.function.Supplier<T> s) {
            Object[] cell = new Object[1];
            return () -> {
                synchronized (cell) {
                    if (cell[0] == null) {
                        cell[0] = s.get();
                    }
                    @SuppressWarnings("unchecked")
                    T t = (T) cell[0];
                    return t;
                }
            };
        }
    }

    /**
     * Activation layer {@code layer} as {@code function} of the stored input (interval scaling and the output
     * encoding folded in), consuming {@code depth} levels. With {@code halvedInput} the input is stored as half
     * the unit variable and doubled for free first: ct + conj(ct) after a bootstrap (which also removes the
     * imaginary noise bootstrapping leaves), ct + ct otherwise.
     */
    record Activation(int input, int output, int layer, UnitActivation function, int depth, boolean halvedInput)
            implements HeStep {
        @Override
        public String describe() {
            return "activate layer " + layer + ": " + function.describe() + ", depth " + depth
                    + (halvedInput ? ", input doubled (imaginary removal)" : "");
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

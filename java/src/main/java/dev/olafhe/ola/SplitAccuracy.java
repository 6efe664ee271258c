package dev.olafhe.ola;

import dev.olafhe.nn.Executor;
import dev.olafhe.nn.Hooks;
import dev.olafhe.nn.data.Dataset;
import dev.olafhe.util.ProgressListener;

import java.util.function.DoubleUnaryOperator;

/**
 * Measured top-1 accuracy of the model with some activations replaced, on the validation split (which decides) and
 * on the test images (reported only; absent unless requested). Each evaluation is one progress task.
 */
final class SplitAccuracy {
    private final Executor executor;
    private final Dataset validation;
    private final Dataset test;
    private final int batch;
    private final ProgressListener progress;

    /** {@code test} may be null: no test images requested. */
    SplitAccuracy(Executor executor, Dataset validation, Dataset test, int batch, ProgressListener progress) {
        this.executor = executor;
        this.validation = validation;
        this.test = test;
        this.batch = batch;
        this.progress = progress;
    }

    double validation(Hooks hooks, String label) {
        return executor.evaluate(validation, batch, hooks, label, progress).accuracy();
    }

    boolean hasTest() {
        return test != null;
    }

    /** Test images evaluated, or null when none were requested. */
    Integer testImages() {
        return test == null ? null : test.size();
    }

    /** Accuracy on the test images, or null when none were requested. */
    Double test(Hooks hooks, String label) {
        return test == null ? null : executor.evaluate(test, batch, hooks, label, progress).accuracy();
    }

    /** Hooks that replace layer l by its candidate {@code choice[l]}. */
    static Hooks hooks(Candidate[][] candidates, int[] choice) {
        Hooks h = Hooks.create();
        for (int l = 0; l < choice.length; l++) {
            DoubleUnaryOperator f = candidates[l][choice[l]].series()::evaluate;
            h.replace(l, f);
        }
        return h;
    }
}

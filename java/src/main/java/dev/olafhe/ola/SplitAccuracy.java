package dev.olafhe.ola;

import dev.olafhe.nn.ActivationStats;
import dev.olafhe.nn.Executor;
import dev.olafhe.nn.Hooks;
import dev.olafhe.nn.Tensor;
import dev.olafhe.nn.data.Dataset;
import dev.olafhe.util.ProgressListener;

import java.util.List;

/**
 * Measured top-1 accuracy of the model with some activations replaced, on the validation split (which decides) and
 * on the test images (reported only; absent unless requested). Every run keeps each image's correctness, so a drop
 * is a paired comparison with the exact model on the same images ({@link PairedDrop}), and counts the images whose
 * logits are not all finite (a polynomial evaluated far outside its interval can overflow). Each evaluation is one
 * progress task.
 */
final class SplitAccuracy {
    private final Executor executor;
    private final Dataset validation;
    private final Dataset test;
    private final int batch;
    private final double confidence;
    private final ProgressListener progress;
    private Run exactValidation;
    private Run exactTest;

    /** One pass: each image's correctness and how many images had a non-finite logit. */
    record Run(boolean[] correct, int nonFinite) {
        double accuracy() {
            int c = 0;
            for (boolean b : correct) {
                c += b ? 1 : 0;
            }
            return c / (double) correct.length;
        }
    }

    /**
     * A validation (or test) measurement against the exact model on the same images.
     *
     * @param accuracy  top-1 accuracy with the approximation
     * @param paired    drop against the exact model with its statistical upper bound
     * @param nonFinite images with a non-finite logit
     */
    record Measured(double accuracy, PairedDrop paired, int nonFinite) {
        /** Accepted: upper bound on the drop within the budget and every logit finite. */
        boolean accepted(PlannerOptions o) {
            return nonFinite == 0 && o.withinBudget(paired.upperBound());
        }
    }

    /** {@code test} may be null: no test images requested. */
    SplitAccuracy(Executor executor, Dataset validation, Dataset test, int batch, double confidence,
                  ProgressListener progress) {
        this.executor = executor;
        this.validation = validation;
        this.test = test;
        this.batch = batch;
        this.confidence = confidence;
        this.progress = progress;
    }

    /** Top-1 accuracy of the exact model on the validation split (computed once). */
    double exactValidation() {
        if (exactValidation == null) {
            exactValidation = run(validation, Hooks.NONE, "validation: exact model");
        }
        return exactValidation.accuracy();
    }

    Measured validation(Hooks hooks, String label) {
        exactValidation();
        Run r = run(validation, hooks, label);
        return new Measured(r.accuracy(), PairedDrop.of(exactValidation.correct(), r.correct(), confidence),
                r.nonFinite());
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
        return test == null ? null : run(test, hooks, label).accuracy();
    }

    /** Test accuracy of the exact model, or null when no test images were requested (computed once). */
    Double exactTest() {
        if (test == null) {
            return null;
        }
        if (exactTest == null) {
            exactTest = run(test, Hooks.NONE, "test: exact model");
        }
        return exactTest.accuracy();
    }

    /**
     * The held-out report of a set of replacements: test accuracy, paired drop, non-finite logits and the share of
     * activation inputs outside their layer's interval ({@code profiles} give the intervals). Null without test
     * images.
     */
    HeldOut heldOut(Hooks replacements, List<ActivationProfile> profiles, String label) {
        if (test == null) {
            return null;
        }
        exactTest();
        Hooks h = Hooks.create();
        replacements.replacements().forEach(h::replace);
        ActivationStats[] inside = new ActivationStats[profiles.size()];
        for (ActivationProfile p : profiles) {
            inside[p.index()] = new ActivationStats(p.a(), p.b(), 1);
            h.observe(p.index(), inside[p.index()]);
        }
        Run r = run(test, h, label);
        long out = 0;
        long all = 0;
        for (ActivationStats s : inside) {
            out += s.belowRange() + s.aboveRange() + s.nonFinite();
            all += s.count() + s.nonFinite();
        }
        PairedDrop paired = PairedDrop.of(exactTest.correct(), r.correct(), confidence);
        return new HeldOut(r.accuracy(), paired, r.nonFinite(), out, all);
    }

    /**
     * What the test set said about a plan.
     *
     * @param outOfInterval activation inputs (over all layers and images) outside their layer's interval
     * @param inputs        activation inputs seen
     */
    record HeldOut(double accuracy, PairedDrop paired, int nonFinite, long outOfInterval, long inputs) {
        double outOfIntervalShare() {
            return inputs == 0 ? 0 : outOfInterval / (double) inputs;
        }
    }

    private Run run(Dataset data, Hooks hooks, String label) {
        boolean[] correct = new boolean[data.size()];
        int nonFinite = 0;
        try (ProgressListener.Task task = progress.start(label, data.size())) {
            for (int from = 0; from < data.size(); from += batch) {
                int to = Math.min(data.size(), from + batch);
                Tensor logits = executor.forward(data.batch(from, to), hooks);
                int classes = logits.data.length / logits.n;
                for (int i = 0; i < logits.n; i++) {
                    correct[from + i] = logits.argmax(i) == data.labels()[from + i];
                    if (!allFinite(logits.data, i * classes, (i + 1) * classes)) {
                        nonFinite++;
                    }
                }
                task.step(to - from);
            }
        }
        return new Run(correct, nonFinite);
    }

    private static boolean allFinite(float[] a, int from, int to) {
        for (int i = from; i < to; i++) {
            if (!Float.isFinite(a[i])) {
                return false;
            }
        }
        return true;
    }

    /** Hooks that replace layer l by its candidate {@code choice[l]} (evaluated array by array). */
    static Hooks hooks(Candidate[][] candidates, int[] choice) {
        Hooks h = Hooks.create();
        for (int l = 0; l < choice.length; l++) {
            h.replace(l, new SeriesFunction(candidates[l][choice[l]].series()));
        }
        return h;
    }
}

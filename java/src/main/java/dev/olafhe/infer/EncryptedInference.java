package dev.olafhe.infer;

import dev.olafhe.approx.ChebyshevSeries;
import dev.olafhe.ckks.Ciphertext;
import dev.olafhe.ckks.Encoder;
import dev.olafhe.ckks.Evaluator;

import java.math.BigDecimal;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Server side: runs an {@link HeProgram} on an encrypted input with evaluation keys only. Every value is
 * kept at scale exactly Δ (the parameters' default scale); additions align levels by dropping the higher
 * operand. Values are closed as soon as no later step reads them.
 */
public final class EncryptedInference {
    /** Where the time goes. */
    public enum Stage { LINEAR, ACTIVATION, ADD, BOOTSTRAP }

    /** Called after each step with the ciphertext it wrote (e.g. to compare layer by layer in a test). */
    @FunctionalInterface
    public interface StepObserver {
        void afterStep(int index, HeStep step, Ciphertext value);
    }

    private final HeProgram program;
    private final Evaluator evaluator;
    private final Encoder encoder;
    private final PolynomialEvaluation polynomials;
    private final Bootstrapping bootstrapper;

    /**
     * The server of {@code program} on the CKKS package: its polynomial evaluator and, where the program bootstraps,
     * {@code bootstrapper} with {@code bootKeys} (both null otherwise).
     */
    public static EncryptedInference onCkks(HeProgram program, Evaluator evaluator,
                                            dev.olafhe.ckks.boot.Bootstrapper bootstrapper,
                                            dev.olafhe.ckks.boot.BootstrappingKeys bootKeys) {
        return new EncryptedInference(program, evaluator, new Encoder(evaluator.context()),
                new CkksPolynomialEvaluation(evaluator),
                bootstrapper == null ? null : new CkksBootstrapping(bootstrapper, evaluator, bootKeys));
    }

    /** {@code bootstrapper} may be null when the program has no bootstraps. */
    public EncryptedInference(HeProgram program, Evaluator evaluator, Encoder encoder, PolynomialEvaluation polynomials,
                              Bootstrapping bootstrapper) {
        if (program.bootstrapCount() > 0 && bootstrapper == null) {
            throw new IllegalArgumentException("program " + program.name() + " places " + program.bootstrapCount()
                    + " bootstraps but no bootstrapper was given");
        }
        this.program = program;
        this.evaluator = evaluator;
        this.encoder = encoder;
        this.polynomials = polynomials;
        this.bootstrapper = bootstrapper;
    }

    /** Seconds spent per stage, and counts, of one run. */
    public record Timing(Map<Stage, Double> seconds, Map<Stage, Integer> counts, double totalSeconds) {
        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "total %.2f s", totalSeconds));
            seconds.forEach((s, t) -> sb.append(String.format(Locale.ROOT, ", %s %.2f s (%d)",
                    s.name().toLowerCase(Locale.ROOT), t, counts.get(s))));
            return sb.toString();
        }
    }

    /** The result ciphertext (the logits in the output layout) and where the time went. */
    public record Result(Ciphertext logits, Timing timing) {
    }

    public Result run(Ciphertext input, StepObserver observer) {
        if (input.level() != program.inputLevel() || input.slots() != program.slots()) {
            throw new IllegalArgumentException("input ciphertext at level " + input.level() + " with " + input.slots()
                    + " slots; the program expects level " + program.inputLevel() + " and " + program.slots()
                    + " slots (encrypt with the client of the same program)");
        }
        BigDecimal scale = evaluator.context().params().defaultScale();
        if (input.scale().compareTo(scale) != 0) {
            throw new IllegalArgumentException("input ciphertext scale differs from the parameters' default scale");
        }
        Map<Integer, Integer> lastUse = lastUses();
        Map<Integer, Ciphertext> values = new HashMap<>();
        values.put(0, input);
        java.util.Set<Integer> bootstrapped = new java.util.HashSet<>();
        Map<Stage, Double> seconds = new EnumMap<>(Stage.class);
        Map<Stage, Integer> counts = new EnumMap<>(Stage.class);
        long start = System.nanoTime();
        var steps = program.steps();
        for (int k = 0; k < steps.size(); k++) {
            HeStep step = steps.get(k);
            long t0 = System.nanoTime();
            Stage stage;
            Ciphertext out;
            if (step instanceof HeStep.Linear l) {
                stage = Stage.LINEAR;
                out = l.transform().evaluate(evaluator, encoder, values.get(l.input()), scale);
            } else if (step instanceof HeStep.Activation a) {
                stage = Stage.ACTIVATION;
                Ciphertext x = values.get(a.input());
                if (a.halvedInput()) {
                    try (Ciphertext other = bootstrapped.contains(a.input()) ? evaluator.conjugateNew(x) : null;
                         Ciphertext doubled = evaluator.addNew(x, other != null ? other : x)) {
                        out = activate(doubled, a.function(), scale);
                    }
                } else {
                    out = activate(x, a.function(), scale);
                }
                // the bootstrap placement counted on exactly this many levels
                if (out.level() != x.level() - a.depth()) {
                    throw new IllegalStateException("activation layer " + a.layer() + " went from level " + x.level()
                            + " to " + out.level() + " but the program was compiled for depth " + a.depth()
                            + " (compile with the depth of the polynomial evaluator that runs it)");
                }
            } else if (step instanceof HeStep.Add s) {
                stage = Stage.ADD;
                out = add(values.get(s.left()), values.get(s.right()));
            } else {
                stage = Stage.BOOTSTRAP;
                out = bootstrapper.bootstrap(values.get(step.output()));
                bootstrapped.add(step.output());
            }
            evaluator.context().backend().synchronize(); // a GPU backend queues work: wait before reading the clock
            Ciphertext previous = values.put(step.output(), out);
            if (previous != null && previous != input) {
                previous.close();
            }
            seconds.merge(stage, (System.nanoTime() - t0) / 1e9, Double::sum);
            counts.merge(stage, 1, Integer::sum);
            if (observer != null) {
                observer.afterStep(k, step, out);
            }
            for (int in : inputs(step)) {
                if (lastUse.get(in) <= k && in != step.output()) {
                    Ciphertext dead = values.remove(in);
                    if (dead != null && dead != input) {
                        dead.close();
                    }
                }
            }
        }
        Ciphertext logits = values.remove(program.outputValue());
        values.values().forEach(c -> {
            if (c != input) {
                c.close();
            }
        });
        return new Result(logits, new Timing(seconds, counts, (System.nanoTime() - start) / 1e9));
    }

    /** f(u) at scale exactly {@code scale}, level u.level() − depth; u is not modified. */
    private Ciphertext activate(Ciphertext u, UnitActivation f, BigDecimal scale) {
        if (f instanceof UnitActivation.Series s) {
            return polynomials.evaluate(u, s.series(), scale);
        }
        UnitActivation.InputTimesComposite c = (UnitActivation.InputTimesComposite) f;
        List<ChebyshevSeries> stages = c.stages();
        Ciphertext v = u;
        for (ChebyshevSeries p : stages.subList(0, stages.size() - 1)) {
            Ciphertext next = polynomials.evaluate(v, p, scale);
            if (v != u) {
                v.close();
            }
            v = next;
        }
        // the last stage s' lands at level l at scale Δ·q_l / Δ_u, so that u·s' (scale Δ·q_l) rescaled by q_l is
        // exactly Δ again: the product costs the one level it must and no scale correction
        ChebyshevSeries last = stages.get(stages.size() - 1);
        int level = v.level() - polynomials.depth(last);
        BigDecimal lastScale = scale.multiply(new BigDecimal(evaluator.context().params().q(level)),
                Evaluator.SCALE_CONTEXT).divide(u.scale(), Evaluator.SCALE_CONTEXT);
        try (Ciphertext s = polynomials.evaluate(v, last, lastScale);
             Ciphertext low = evaluator.dropLevelNew(u, u.level() - s.level());
             Ciphertext product = evaluator.multiplyRelinNew(low, s);
             Ciphertext rescaled = evaluator.rescaleNew(product)) {
            return evaluator.addConstantNew(rescaled, c.offset());
        } finally {
            if (v != u) {
                v.close();
            }
        }
    }

    private Ciphertext add(Ciphertext a, Ciphertext b) {
        if (a.level() == b.level()) {
            return evaluator.addNew(a, b);
        }
        Ciphertext high = a.level() > b.level() ? a : b;
        Ciphertext low = high == a ? b : a;
        try (Ciphertext dropped = evaluator.dropLevelNew(high, high.level() - low.level())) {
            return evaluator.addNew(dropped, low);
        }
    }

    private static int[] inputs(HeStep step) {
        if (step instanceof HeStep.Linear l) {
            return new int[] {l.input()};
        } else if (step instanceof HeStep.Activation a) {
            return new int[] {a.input()};
        } else if (step instanceof HeStep.Add s) {
            return new int[] {s.left(), s.right()};
        }
        return new int[0];
    }

    private Map<Integer, Integer> lastUses() {
        Map<Integer, Integer> last = new HashMap<>();
        var steps = program.steps();
        for (int k = 0; k < steps.size(); k++) {
            for (int in : inputs(steps.get(k))) {
                last.put(in, k);
            }
            if (steps.get(k) instanceof HeStep.Bootstrap b) {
                last.put(b.output(), Math.max(last.getOrDefault(b.output(), k), k));
            }
        }
        last.put(program.outputValue(), Integer.MAX_VALUE);
        return last;
    }
}

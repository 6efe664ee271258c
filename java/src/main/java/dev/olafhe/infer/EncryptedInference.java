package dev.olafhe.infer;

import dev.olafhe.approx.ChebyshevSeries;
import dev.olafhe.ckks.Ciphertext;
import dev.olafhe.ckks.Encoder;
import dev.olafhe.ckks.Evaluator;

import java.math.BigDecimal;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Server side: runs an {@link HeProgram} on an encrypted input with evaluation keys only. Every value is
 * kept at scale exactly Δ (the parameters' default scale); additions align levels by dropping the higher
 * operand. Values are closed as soon as no later step reads them.
 *
 * <p>The linear steps' diagonals are encoded once, when the server is made, and kept on the backend
 * ({@link EncodedLinearLayers}): resident, or compact (encoded at each use) where memory requires. Close the server
 * to free them.
 */
public final class EncryptedInference implements AutoCloseable {
    /** Where the time goes. */
    public enum Stage { LINEAR, ACTIVATION, ADD, BOOTSTRAP }

    /** Called after each step with the ciphertext it wrote (e.g. to compare layer by layer in a test). */
    @FunctionalInterface
    public interface StepObserver {
        void afterStep(int index, HeStep step, Ciphertext value);
    }

    private final HeProgram program;
    private final Evaluator evaluator;
    private final PolynomialEvaluation polynomials;
    private final Bootstrapping bootstrapper;
    private final EncodedLinearLayers linear;

    /**
     * The server of {@code program} on the CKKS package: its polynomial evaluator and, where the program bootstraps,
     * {@code bootstrapper} with {@code bootKeys} (both null otherwise); the linear layers' diagonals compact in memory
     * when {@code compactDiagonals} (the caller's --compact decision).
     */
    public static EncryptedInference onCkks(HeProgram program, Evaluator evaluator,
                                            dev.olafhe.ckks.boot.Bootstrapper bootstrapper,
                                            dev.olafhe.ckks.boot.BootstrappingKeys bootKeys, boolean compactDiagonals) {
        return new EncryptedInference(program, evaluator, new Encoder(evaluator.context()),
                new CkksPolynomialEvaluation(evaluator),
                bootstrapper == null ? null : new CkksBootstrapping(bootstrapper, evaluator, bootKeys), compactDiagonals);
    }

    /**
     * {@code bootstrapper} may be null when the program has no bootstraps. The diagonals are resident unless they
     * would take more than half of the backend's memory ({@link KeyResidency} {@code auto}).
     */
    public EncryptedInference(HeProgram program, Evaluator evaluator, Encoder encoder, PolynomialEvaluation polynomials,
                              Bootstrapping bootstrapper) {
        this(program, evaluator, encoder, polynomials, bootstrapper, compactByDefault(program, evaluator));
    }

    /** As above; {@code compactDiagonals} keeps the linear layers' diagonals compact (encoded at each use). */
    public EncryptedInference(HeProgram program, Evaluator evaluator, Encoder encoder, PolynomialEvaluation polynomials,
                              Bootstrapping bootstrapper, boolean compactDiagonals) {
        if (program.bootstrapCount() > 0 && bootstrapper == null) {
            throw new IllegalArgumentException("program " + program.name() + " places " + program.bootstrapCount()
                    + " bootstraps but no bootstrapper was given");
        }
        this.program = program;
        this.evaluator = evaluator;
        this.polynomials = polynomials;
        this.bootstrapper = bootstrapper;
        this.linear = EncodedLinearLayers.encode(program, encoder, evaluator.context().params(), compactDiagonals);
    }

    private static boolean compactByDefault(HeProgram program, Evaluator evaluator) {
        return EncodedLinearLayers.compactByDefault(program, evaluator.context().params(),
                evaluator.context().backend());
    }

    /** Bytes the linear layers' diagonals hold in backend memory. */
    public long diagonalBytes() {
        return linear.diagonalBytes();
    }

    /** Frees the encoded diagonals. */
    @Override
    public void close() {
        linear.close();
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

    /**
     * Runs the program on {@code input} (encrypted by the client of the same program; not closed here), calling
     * {@code observer} (may be null) after every step. The caller closes the result's logits.
     */
    public Result run(Ciphertext input, StepObserver observer) {
        checkInput(input);
        BigDecimal scale = evaluator.context().params().defaultScale();
        Map<Integer, Integer> lastUse = lastUses();
        Map<Integer, Ciphertext> values = new HashMap<>();
        values.put(0, input);
        Set<Integer> bootstrapped = new HashSet<>();
        Map<Stage, Double> seconds = new EnumMap<>(Stage.class);
        Map<Stage, Integer> counts = new EnumMap<>(Stage.class);
        long start = System.nanoTime();
        List<HeStep> steps = program.steps();
        for (int k = 0; k < steps.size(); k++) {
            HeStep step = steps.get(k);
            long t0 = System.nanoTime();
            Ciphertext out = execute(k, step, values, bootstrapped, scale);
            evaluator.context().backend().synchronize(); // a GPU backend queues work: wait before reading the clock
            closeUnlessInput(values.put(step.output(), out), input);
            Stage stage = stageOf(step);
            seconds.merge(stage, (System.nanoTime() - t0) / 1e9, Double::sum);
            counts.merge(stage, 1, Integer::sum);
            if (observer != null) {
                observer.afterStep(k, step, out);
            }
            for (int in : BootstrapPlacement.inputs(step)) {
                if (lastUse.get(in) <= k && in != step.output()) {
                    closeUnlessInput(values.remove(in), input);
                }
            }
        }
        Ciphertext logits = values.remove(program.outputValue());
        values.values().forEach(c -> closeUnlessInput(c, input));
        return new Result(logits, new Timing(seconds, counts, (System.nanoTime() - start) / 1e9));
    }

    private void checkInput(Ciphertext input) {
        if (input.level() != program.inputLevel() || input.slots() != program.slots()) {
            throw new IllegalArgumentException("input ciphertext at level " + input.level() + " with " + input.slots()
                    + " slots; the program expects level " + program.inputLevel() + " and " + program.slots()
                    + " slots (encrypt with the client of the same program)");
        }
        if (input.scale().compareTo(evaluator.context().params().defaultScale()) != 0) {
            throw new IllegalArgumentException("input ciphertext scale differs from the parameters' default scale");
        }
    }

    private static Stage stageOf(HeStep step) {
        if (step instanceof HeStep.Linear) {
            return Stage.LINEAR;
        } else if (step instanceof HeStep.Activation) {
            return Stage.ACTIVATION;
        } else if (step instanceof HeStep.Add) {
            return Stage.ADD;
        }
        return Stage.BOOTSTRAP;
    }

    /**
     * The value step {@code k} writes, from the live {@code values} (none of which it modifies or closes): each input
     * dropped to the step's read level first, a value bootstrapped straight to the level its segment needs.
     */
    private Ciphertext execute(int k, HeStep step, Map<Integer, Ciphertext> values, Set<Integer> bootstrapped,
                               BigDecimal scale) {
        int read = program.readLevel(k);
        if (step instanceof HeStep.Linear l) {
            try (Lowered x = lowered(values.get(l.input()), read)) {
                return linear.at(k).evaluate(evaluator, x.value);
            }
        } else if (step instanceof HeStep.Activation a) {
            try (Lowered x = lowered(values.get(a.input()), read)) {
                return activation(a, x.value, bootstrapped.contains(a.input()), scale);
            }
        } else if (step instanceof HeStep.Add s) {
            try (Lowered x = lowered(values.get(s.left()), read); Lowered y = lowered(values.get(s.right()), read)) {
                return evaluator.addNew(x.value, y.value);
            }
        }
        int level = program.stepLevel(k);
        if (level > bootstrapper.outputLevel()) {
            throw new IllegalStateException("bootstrapping ends at level " + bootstrapper.outputLevel()
                    + " at most but the program needs " + level + " after it");
        }
        // straight to the level the segment needs: no drop afterwards, and SlotToCoeff runs at fewer limbs
        Ciphertext fresh = bootstrapper.bootstrap(values.get(step.output()), level);
        bootstrapped.add(step.output());
        if (fresh.level() != level) {
            fresh.close();
            throw new IllegalStateException("bootstrapping left level " + fresh.level() + " but the program needs "
                    + level + " after it");
        }
        return fresh;
    }

    /** A value at a step's read level: the live value itself, or a dropped copy that closing frees. */
    private record Lowered(Ciphertext value, boolean owned) implements AutoCloseable {
        @Override
        public void close() {
            if (owned) {
                value.close();
            }
        }
    }

    private Lowered lowered(Ciphertext c, int level) {
        if (c.level() < level) {
            throw new IllegalStateException("a value at level " + c.level() + " is read at level " + level);
        }
        return c.level() == level ? new Lowered(c, false) : new Lowered(evaluator.dropLevelNew(c, c.level() - level), true);
    }

    /** Activation step {@code a} on {@code x} (a bootstrapped value when {@code bootstrapped}). */
    private Ciphertext activation(HeStep.Activation a, Ciphertext x, boolean bootstrapped, BigDecimal scale) {
        Ciphertext out;
        if (a.halvedInput()) {
            try (Ciphertext other = bootstrapped ? evaluator.conjugateNew(x) : null;
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
        return out;
    }

    private static void closeUnlessInput(Ciphertext c, Ciphertext input) {
        if (c != null && c != input) {
            c.close();
        }
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
             // u at s's level (no copy), relinearized and rescaled in one call
             Ciphertext rescaled = evaluator.multiplyNew(u, s, s.level(), null, true, true)) {
            return evaluator.addConstantNew(rescaled, c.offset());
        } finally {
            if (v != u) {
                v.close();
            }
        }
    }

    private Map<Integer, Integer> lastUses() {
        Map<Integer, Integer> last = new HashMap<>();
        var steps = program.steps();
        for (int k = 0; k < steps.size(); k++) {
            for (int in : BootstrapPlacement.inputs(steps.get(k))) {
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

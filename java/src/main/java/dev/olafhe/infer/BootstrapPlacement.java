package dev.olafhe.infer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Bootstrap positions and the level of every step. Only activation inputs are bootstrapped (they are stored in
 * [-1, 1], the range bootstrapping needs).
 *
 * <p><b>Positions.</b> {@link #lazy}: an activation input is bootstrapped when its level is below what the
 * activation consumes plus the deepest chain of linear layers up to the next activation inputs (or the output):
 * the next chance to refresh. This is the baseline; {@link LevelPlanner} chooses the positions of least cost.
 *
 * <p><b>Levels: the drop-at-once rule.</b> Given the positions ({@link #levelled}), every value is kept at exactly
 * the level the rest of its segment needs: the most levels any path from it consumes before the next bootstrap (of
 * that path) or the output. A value's producer writes it at that level, so after a bootstrap (or at the input) the
 * value drops at once to what its segment needs and every later step runs at the lowest level it can; a value
 * about to be bootstrapped is written at level 0 (bootstrapping starts with ModRaise from level 0 anyway). A value
 * read by several steps (a residual branch) is kept at the highest level any of them needs; each reader drops it to
 * its own read level, so a residual addition runs at the lower (the needed) level of its operands. The step's read
 * level is its output level plus what it consumes (one for a linear layer, the depth for an activation, nothing for
 * an addition).
 */
public final class BootstrapPlacement {
    private BootstrapPlacement() {
    }

    /**
     * Steps with bootstraps, the level at which every step reads its input(s) and writes its value, the level of every
     * value after its step, the bootstrap count, and the level the input must have at least.
     */
    public record Result(List<HeStep> steps, List<Integer> readLevels, List<Integer> stepLevels,
                         Map<Integer, Integer> levels, int bootstraps, int inputNeed) {
    }

    /** How bootstraps are positioned. */
    public enum Strategy {
        /** As late as possible ({@link #lazy}): the baseline. */
        LAZY,
        /** Least predicted cost ({@link LevelPlanner}) under a {@link LevelCostModel}. */
        MIN_COST,
        /**
         * The runtime before level management, for comparisons only: lazy positions, every step at whatever level its
         * input has (nothing dropped but the higher operand of an addition).
         */
        LAZY_UNDROPPED
    }

    /** Positions by {@code strategy} ({@code model} for {@link Strategy#MIN_COST}) with the drop-at-once levels. */
    public static Result place(List<HeStep> steps, int inputLevel, int bootstrapLevel, Strategy strategy,
                               LevelCostModel model) {
        if (strategy == Strategy.LAZY_UNDROPPED) {
            return undropped(lazy(steps, inputLevel, bootstrapLevel), inputLevel, bootstrapLevel);
        }
        if (strategy == Strategy.LAZY || bootstrapLevel < 0) {
            return place(steps, inputLevel, bootstrapLevel);
        }
        return levelled(LevelPlanner.place(steps, inputLevel, bootstrapLevel, model), inputLevel, bootstrapLevel);
    }

    /**
     * Lazy positions ({@link #lazy}) with the drop-at-once levels ({@link #levelled}).
     *
     * @param steps          the program without bootstraps, in execution order; value 0 is the input
     * @param inputLevel     level of the encrypted input
     * @param bootstrapLevel level after bootstrapping, or -1 without a bootstrapper
     */
    public static Result place(List<HeStep> steps, int inputLevel, int bootstrapLevel) {
        return levelled(lazy(steps, inputLevel, bootstrapLevel), inputLevel, bootstrapLevel);
    }

    /** The baseline positions: a bootstrap as late as possible, where an activation input has too few levels left. */
    public static List<HeStep> lazy(List<HeStep> steps, int inputLevel, int bootstrapLevel) {
        Map<Integer, Integer> levelsAfter = levelsToNextRefresh(steps);
        Map<Integer, Integer> level = new HashMap<>();
        level.put(0, inputLevel);
        List<HeStep> out = new ArrayList<>();
        for (HeStep step : steps) {
            if (step instanceof HeStep.Linear l) {
                int in = level.get(l.input());
                if (in < 1) {
                    throw new IllegalStateException("no level left for " + l.nodes() + " (input at level " + in
                            + "); use parameters with more levels");
                }
                level.put(l.output(), in - 1);
            } else if (step instanceof HeStep.Activation a) {
                int need = a.depth() + levelsAfter.getOrDefault(a.output(), 0);
                int in = level.get(a.input());
                if (in < need) {
                    requireBootstrapper(a, need, in, bootstrapLevel);
                    out.add(new HeStep.Bootstrap(a.input()));
                    in = bootstrapLevel;
                    level.put(a.input(), in);
                }
                level.put(a.output(), in - a.depth());
            } else if (step instanceof HeStep.Add s) {
                level.put(s.output(), Math.min(level.get(s.left()), level.get(s.right())));
            } else {
                throw new IllegalArgumentException("steps to place bootstraps in already contain " + step.describe());
            }
            out.add(step);
        }
        return List.copyOf(out);
    }

    private static void requireBootstrapper(HeStep.Activation a, int need, int in, int bootstrapLevel) {
        if (bootstrapLevel < 0) {
            throw new IllegalArgumentException("activation layer " + a.layer() + " needs " + need
                    + " levels (polynomial " + a.depth() + " + linear layers after it) but its input is at"
                    + " level " + in + " and there is no bootstrapper; use more levels or lower degrees");
        }
        if (bootstrapLevel < need) {
            throw new IllegalArgumentException("activation layer " + a.layer() + " needs " + need
                    + " levels but bootstrapping leaves only " + bootstrapLevel + "; lower its degree or"
                    + " use a deeper parameter set");
        }
    }

    /**
     * The drop-at-once levels of {@code steps} (bootstraps already placed): see the class comment. Refuses positions
     * that leave a step too few levels (the input below what its segment needs, or a segment needing more than
     * bootstrapping leaves).
     */
    public static Result levelled(List<HeStep> steps, int inputLevel, int bootstrapLevel) {
        int[] written = writtenLevels(steps);
        int inputNeed = inputNeed(steps, written);
        if (inputNeed > inputLevel) {
            throw new IllegalArgumentException("the program needs the input at level " + inputNeed + " at least but"
                    + " it is encrypted at level " + inputLevel + "; use more levels, lower degrees or more bootstraps");
        }
        Map<Integer, Integer> level = new HashMap<>();
        level.put(0, inputLevel);
        List<Integer> reads = new ArrayList<>();
        List<Integer> writes = new ArrayList<>();
        int bootstraps = 0;
        for (int k = 0; k < steps.size(); k++) {
            HeStep step = steps.get(k);
            int read = readLevel(step, written[k]);
            if (step instanceof HeStep.Bootstrap b) {
                if (bootstrapLevel < written[k]) {
                    throw new IllegalArgumentException("the segment after bootstrap " + step.describe() + " needs "
                            + written[k] + " levels but bootstrapping leaves " + bootstrapLevel);
                }
                read = level.get(b.output());
                bootstraps++;
            }
            for (int in : inputs(step)) {
                if (level.get(in) < read) {
                    throw new IllegalStateException("step " + k + " (" + step.describe() + ") reads #" + in + " at level "
                            + read + " but it is at level " + level.get(in));
                }
            }
            reads.add(read);
            writes.add(written[k]);
            level.put(step.output(), written[k]);
        }
        return new Result(List.copyOf(steps), List.copyOf(reads), List.copyOf(writes), Map.copyOf(level), bootstraps,
                inputNeed);
    }

    /** Levels without dropping ({@link Strategy#LAZY_UNDROPPED}): forward, each step at its input's level. */
    static Result undropped(List<HeStep> steps, int inputLevel, int bootstrapLevel) {
        Map<Integer, Integer> level = new HashMap<>();
        level.put(0, inputLevel);
        List<Integer> reads = new ArrayList<>();
        List<Integer> writes = new ArrayList<>();
        int bootstraps = 0;
        for (HeStep step : steps) {
            int read = Integer.MAX_VALUE;
            for (int in : inputs(step)) {
                read = Math.min(read, level.get(in));
            }
            int written;
            if (step instanceof HeStep.Bootstrap b) {
                read = level.get(b.output());
                written = bootstrapLevel;
                bootstraps++;
            } else {
                written = read - readLevel(step, 0); // what the step consumes
            }
            reads.add(read);
            writes.add(written);
            level.put(step.output(), written);
        }
        return new Result(List.copyOf(steps), List.copyOf(reads), List.copyOf(writes), Map.copyOf(level), bootstraps,
                inputLevel);
    }

    /** The level step {@code step} reads at when it writes at {@code written} (a bootstrap: see its caller). */
    static int readLevel(HeStep step, int written) {
        if (step instanceof HeStep.Linear) {
            return written + 1;
        } else if (step instanceof HeStep.Activation a) {
            return written + a.depth();
        }
        return written;
    }

    /**
     * Backward over the steps: the level each step writes its value at, the most any later reader of it needs (before
     * the value is bootstrapped again); 0 for a value nobody reads (the output).
     */
    static int[] writtenLevels(List<HeStep> steps) {
        int[] written = new int[steps.size()];
        Map<Integer, Integer> need = new HashMap<>();
        for (int k = steps.size() - 1; k >= 0; k--) {
            HeStep step = steps.get(k);
            written[k] = need.getOrDefault(step.output(), 0);
            need.remove(step.output()); // before this step the value is not written yet, or (bootstrap) needs level 0
            int read = readLevel(step, written[k]);
            for (int in : inputs(step)) {
                need.merge(in, read, Math::max);
            }
        }
        return written;
    }

    private static int inputNeed(List<HeStep> steps, int[] written) {
        int need = 0;
        for (int k = 0; k < steps.size(); k++) {
            for (int in : inputs(steps.get(k))) {
                if (in == 0) {
                    need = Math.max(need, readLevel(steps.get(k), written[k]));
                }
            }
            if (steps.get(k).output() == 0) {
                break; // the input bootstrapped in place: later readers read the fresh value
            }
        }
        return need;
    }

    /** The values a step reads (a bootstrap reads nothing it needs levels of: it starts from level 0). */
    static int[] inputs(HeStep step) {
        if (step instanceof HeStep.Linear l) {
            return new int[] {l.input()};
        } else if (step instanceof HeStep.Activation a) {
            return new int[] {a.input()};
        } else if (step instanceof HeStep.Add s) {
            return new int[] {s.left(), s.right()};
        }
        return new int[0];
    }

    /**
     * For each value: the most linear levels any path from it consumes before reaching an activation input
     * or the output (activations and bootstraps end a path; additions cost nothing).
     */
    static Map<Integer, Integer> levelsToNextRefresh(List<HeStep> steps) {
        Map<Integer, Integer> after = new HashMap<>();
        for (int k = steps.size() - 1; k >= 0; k--) {
            HeStep step = steps.get(k);
            int below = after.getOrDefault(step.output(), 0);
            if (step instanceof HeStep.Linear l) {
                after.merge(l.input(), below + 1, Math::max);
            } else if (step instanceof HeStep.Add s) {
                after.merge(s.left(), below, Math::max);
                after.merge(s.right(), below, Math::max);
            } else if (step instanceof HeStep.Activation a) {
                after.merge(a.input(), 0, Math::max);
            }
        }
        return after;
    }
}

package dev.olafhe.infer;

import dev.olafhe.approx.ChebyshevSeries;
import dev.olafhe.ckks.poly.PolynomialCost;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A {@link LevelCostModel} in seconds, from per-level times of the primitives the runtime issues (measured by
 * {@link Calibration}, stored in a {@link LevelCostFile}). A step costs its exact operation counts times the
 * primitives' times at the levels it runs at:
 * <ul>
 *   <li>a linear step its {@link SlotLinearTransform.Operations} at its read level ℓ (prefix rotate-and-adds,
 *       decomposition, lazy baby rotations, one lift for baby step 0, Q ∪ P multiply-accumulates, ModDowns, giant
 *       rotations and their sums, the rescale), the bias addition and the replication's rotate-and-adds at ℓ − 1;</li>
 *   <li>an activation the {@link PolynomialCost} counts of each series (non-scalar multiplications,
 *       relinearizations, rescales, scalar multiplications each with an addition). PolynomialCost does not say at
 *       which level each operation happens, so they are all charged at the middle of the levels the series passes
 *       through (ℓ − depth/2; cost is close to linear in the level, so this is about the average). A composite
 *       charges its stages one after another, then the product with its input (multiply, relinearize, rescale) and
 *       the constant. A halved input is charged one addition (its doubling; the conjugation a bootstrapped input
 *       also needs is not charged: the CKKS bootstrapper's output is real, so programs run with it do not halve);</li>
 *   <li>an addition one addition; a bootstrap its measured time at its end level (the level it leaves, where
 *       SlotToCoeff ends: lower is cheaper), interpolated linearly in the end level between the measured ones (SlotToCoeff's
 *       cost is close to linear in the limbs). A file with one bootstrap time (a v1 cost file) charges it at every end
 *       level, and {@link #source()} says so.</li>
 * </ul>
 * With {@link #compact()} costs (keys, DFT factors and diagonals kept compact while measuring, as {@code --compact yes}
 * runs) every diagonal is also encoded at each use ({@link Primitive#ENCODE_DIAGONAL}); the key switches and the
 * bootstrap were timed with compact keys. Not charged: level drops (copies of limbs).
 * A level that was not measured is interpolated linearly between the nearest measured ones (cost is close to linear in
 * the number of limbs), and extrapolated from the nearest two outside them.
 */
public final class MeasuredLevelCosts implements LevelCostModel {
    /** The primitives the runtime issues, as a cost file names them. */
    public enum Primitive {
        ADD, MULTIPLY_CONSTANT, RESCALE, MULTIPLY, RELINEARIZE, ROTATE, DECOMPOSE, HOISTED_ROTATE, LIFT,
        MULTIPLY_ACCUMULATE, MOD_DOWN,
        /** Encoding a compact diagonal's slot values over Q ∪ P (at every use, with compact diagonals). */
        ENCODE_DIAGONAL;

        /** The name in a cost file (lower case with hyphens). */
        public String key() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        /** The primitive a cost file's key names, or null. */
        public static Primitive ofKey(String key) {
            for (Primitive p : values()) {
                if (p.key().equals(key)) {
                    return p;
                }
            }
            return null;
        }
    }

    private final Map<Primitive, TreeMap<Integer, Double>> seconds = new EnumMap<>(Primitive.class);
    /** Seconds of one bootstrap by end level, or null. */
    private final TreeMap<Integer, Double> bootstrapSeconds;
    private final Integer bootstrapLogSlots;
    private final boolean compact;
    private final String source;

    /**
     * @param seconds          per primitive, seconds by level (every primitive, at least one level, finite and >= 0)
     * @param bootstrapSeconds one bootstrap, or null when it was not measured ({@link #bootstrap()} then refuses)
     * @param source           where the costs come from, for reports ("measured level costs costs.json")
     */
    public MeasuredLevelCosts(Map<Primitive, ? extends Map<Integer, Double>> seconds, Double bootstrapSeconds,
                              String source) {
        this(seconds, bootstrapSeconds, null, false, source);
    }

    /**
     * As above, with the slot count (log2) the bootstrap was timed at (null where it does not matter), and whether
     * keys, DFT factors and diagonals were compact while measuring.
     */
    public MeasuredLevelCosts(Map<Primitive, ? extends Map<Integer, Double>> seconds, Double bootstrapSeconds,
                              Integer bootstrapLogSlots, boolean compact, String source) {
        this(seconds, bootstrapSeconds == null ? null : Map.of(0, bootstrapSeconds), bootstrapLogSlots, compact,
                source);
    }

    /**
     * As above, with the bootstrap timed at one or more end levels ({@code bootstrapByEndLevel}: seconds by the level
     * the bootstrap ends at; one entry: that time at every end level; null: not measured).
     */
    public MeasuredLevelCosts(Map<Primitive, ? extends Map<Integer, Double>> seconds,
                              Map<Integer, Double> bootstrapByEndLevel, Integer bootstrapLogSlots, boolean compact,
                              String source) {
        for (Primitive p : Primitive.values()) {
            Map<Integer, Double> byLevel = seconds.get(p);
            if (byLevel == null || byLevel.isEmpty()) {
                throw new IllegalArgumentException("no time for " + p.key() + " at any level");
            }
            byLevel.forEach((level, s) -> {
                if (level < 0 || !(s >= 0) || Double.isInfinite(s)) {
                    throw new IllegalArgumentException(p.key() + " at level " + level + ": " + s + " seconds");
                }
            });
            this.seconds.put(p, new TreeMap<>(byLevel));
        }
        if (bootstrapByEndLevel != null) {
            if (bootstrapByEndLevel.isEmpty()) {
                throw new IllegalArgumentException("bootstrap: no end level");
            }
            bootstrapByEndLevel.forEach((level, s) -> {
                if (level < 0 || !(s >= 0 && s < Double.POSITIVE_INFINITY)) {
                    throw new IllegalArgumentException("bootstrap to level " + level + ": " + s + " seconds");
                }
            });
        }
        this.bootstrapSeconds = bootstrapByEndLevel == null ? null : new TreeMap<>(bootstrapByEndLevel);
        this.bootstrapLogSlots = bootstrapLogSlots;
        this.compact = compact;
        this.source = source;
    }

    /** Where the costs come from, and how a bootstrap's end level is priced. */
    public String source() {
        if (bootstrapSeconds == null) {
            return source;
        }
        if (bootstrapSeconds.size() == 1) {
            return source + "; one bootstrap time for every end level (not measured per end level)";
        }
        return source + "; bootstrap by end level, measured at levels " + bootstrapSeconds.keySet()
                + " (linear in between)";
    }

    /** The end levels the bootstrap was timed at and its seconds (empty when it was not measured). */
    public SortedMap<Integer, Double> measuredBootstrap() {
        return bootstrapSeconds == null ? new TreeMap<>()
                : java.util.Collections.unmodifiableSortedMap(bootstrapSeconds);
    }

    /** Whether keys, DFT factors and diagonals were compact while measuring (and diagonals are priced so). */
    public boolean compact() {
        return compact;
    }

    /**
     * Refuses a run whose keys are kept otherwise ({@code compact}) than they were measured: key switches and
     * bootstraps cost differently.
     *
     * @throws IllegalArgumentException naming the options that make them agree
     */
    public void requireResidency(boolean runCompact) {
        if (runCompact != compact) {
            throw new IllegalArgumentException(source + " was measured with " + (compact ? "compact" : "resident")
                    + " keys, but this run keeps them " + (runCompact ? "compact" : "resident") + "; run with --compact "
                    + (compact ? "yes" : "no") + " or calibrate with" + (runCompact ? "" : "out") + " --compact");
        }
    }

    /** Whether a bootstrap time was measured. */
    public boolean hasBootstrap() {
        return bootstrapSeconds != null;
    }

    /**
     * Refuses a program of {@code slots} slots when the bootstrap was timed at another slot count (bootstrapping's
     * cost depends on it: a prediction would be off without saying so).
     *
     * @throws IllegalArgumentException naming the option that fixes it
     */
    public void requireBootstrapSlots(int slots) {
        if (bootstrapLogSlots != null && slots != 1 << bootstrapLogSlots) {
            throw new IllegalArgumentException(source + ": the bootstrap was timed at 2^" + bootstrapLogSlots
                    + " slots, but the program has " + slots + "; calibrate with --log-slots "
                    + Integer.numberOfTrailingZeros(slots));
        }
    }

    /** The measured levels of {@code p} and their seconds. */
    public SortedMap<Integer, Double> measured(Primitive p) {
        return java.util.Collections.unmodifiableSortedMap(seconds.get(p));
    }

    /** Seconds of one {@code p} at {@code level} (fractional levels and unmeasured ones interpolated). */
    public double seconds(Primitive p, double level) {
        return interpolate(seconds.get(p), level);
    }

    /** The value at {@code level}: measured, or on the line through the nearest two (inside or outside them). */
    private static double interpolate(TreeMap<Integer, Double> byLevel, double level) {
        if (byLevel.size() == 1) {
            return byLevel.firstEntry().getValue();
        }
        Map.Entry<Integer, Double> lo = byLevel.floorEntry((int) Math.floor(level));
        Map.Entry<Integer, Double> hi = byLevel.ceilingEntry((int) Math.ceil(level));
        if (lo != null && hi != null && lo.getKey().equals(hi.getKey())) {
            return lo.getValue();
        }
        if (lo == null) { // below the lowest measured level: the line through the lowest two
            lo = byLevel.firstEntry();
            hi = byLevel.higherEntry(lo.getKey());
        } else if (hi == null) { // above the highest: through the highest two
            hi = byLevel.lastEntry();
            lo = byLevel.lowerEntry(hi.getKey());
        }
        double t = (level - lo.getKey()) / (hi.getKey() - lo.getKey());
        return Math.max(0, lo.getValue() + t * (hi.getValue() - lo.getValue()));
    }

    @Override
    public double step(HeStep step, int readLevel) {
        if (step instanceof HeStep.Linear l) {
            return linear(l.transform().operations(), readLevel);
        } else if (step instanceof HeStep.Activation a) {
            return activation(a, readLevel);
        } else if (step instanceof HeStep.Add) {
            return seconds(Primitive.ADD, readLevel);
        }
        throw new IllegalArgumentException("a bootstrap is priced by its end level: bootstrap(endLevel)");
    }

    /**
     * @throws IllegalStateException when the cost file has no bootstrap time (check {@link #hasBootstrap} first)
     */
    @Override
    public double bootstrap(int endLevel) {
        if (bootstrapSeconds == null) {
            throw new IllegalStateException(source + " has no bootstrap time (calibrated with --skip-bootstrap)");
        }
        return interpolate(bootstrapSeconds, endLevel);
    }

    /** Seconds of a linear step with these counts reading at {@code read} (see the class comment). */
    public double linear(SlotLinearTransform.Operations ops, int read) {
        double rotateAndAdd = seconds(Primitive.ROTATE, read) + seconds(Primitive.ADD, read);
        double below = read - 1;
        return ops.preSumRotations() * rotateAndAdd
                + (ops.decomposes() ? seconds(Primitive.DECOMPOSE, read) : 0)
                + ops.babyRotations() * seconds(Primitive.HOISTED_ROTATE, read)
                + (ops.liftsBabyZero() ? seconds(Primitive.LIFT, read) : 0)
                + ops.diagonals() * (seconds(Primitive.MULTIPLY_ACCUMULATE, read)
                + (compact ? seconds(Primitive.ENCODE_DIAGONAL, read) : 0))
                + ops.modDowns() * seconds(Primitive.MOD_DOWN, read)
                + ops.giantRotations() * (seconds(Primitive.DECOMPOSE, read) + seconds(Primitive.HOISTED_ROTATE, read)
                + seconds(Primitive.ADD, read))
                + seconds(Primitive.RESCALE, read)
                + seconds(Primitive.ADD, below)
                + ops.replicationRotations() * (seconds(Primitive.ROTATE, below) + seconds(Primitive.ADD, below));
    }

    /** Seconds of doubling a halved activation input before its polynomial (0 when the input is not halved). */
    double inputDoubling(HeStep.Activation a, int read) {
        return a.halvedInput() ? seconds(Primitive.ADD, read) : 0;
    }

    private double activation(HeStep.Activation a, int read) {
        double cost = inputDoubling(a, read);
        if (a.function() instanceof UnitActivation.Series s) {
            return cost + polynomial(PolynomialCost.of(s.series()), read);
        }
        UnitActivation.InputTimesComposite c = (UnitActivation.InputTimesComposite) a.function();
        int level = read;
        for (ChebyshevSeries stage : c.stages()) {
            PolynomialCost pc = PolynomialCost.of(stage);
            cost += polynomial(pc, level);
            level -= pc.totalDepth();
        }
        return cost + seconds(Primitive.MULTIPLY, level) + seconds(Primitive.RELINEARIZE, level)
                + seconds(Primitive.RESCALE, level) + seconds(Primitive.ADD, level - 1);
    }

    /** Seconds of a polynomial with counts {@code c} read at {@code read}, all at the middle of its levels. */
    public double polynomial(PolynomialCost c, int read) {
        double middle = read - c.totalDepth() / 2.0;
        return c.nonScalarMultiplications() * seconds(Primitive.MULTIPLY, middle)
                + c.relinearizations() * seconds(Primitive.RELINEARIZE, middle)
                + c.rescales() * seconds(Primitive.RESCALE, middle)
                + c.scalarMultiplications() * (seconds(Primitive.MULTIPLY_CONSTANT, middle)
                + seconds(Primitive.ADD, middle));
    }

    @Override
    public String toString() {
        return source;
    }
}

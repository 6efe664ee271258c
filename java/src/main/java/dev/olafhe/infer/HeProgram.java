package dev.olafhe.infer;

import dev.olafhe.approx.ChebyshevSeries;
import dev.olafhe.nn.Network;

import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.ToIntFunction;

/**
 * A network compiled for encrypted inference: the steps (fused linear transforms, activations as the
 * plan's polynomials, residual additions, bootstraps), where every value sits in the slots
 * ({@link SlotLayout}), how it is encoded ({@link ValueEncoding}) and at which level. Holds no keys and no
 * ciphertexts; the server runs it ({@link EncryptedInference}) and the client uses it to encode the input and
 * decode the logits.
 *
 * <p>Supported IR: Conv2d (BN folded), ChannelAffine, AvgPool, GlobalAvgPool, Flatten, Linear, StridedSlice,
 * ChannelPad (all linear; consecutive ones fuse into one transform), Activation, Add. LayerNorm and Concat are
 * refused (not yet implemented).
 */
public final class HeProgram {
    private final String name;
    private final int slots;
    private final List<HeStep> steps;
    private final Map<Integer, SlotLayout> layouts;
    private final Map<Integer, ValueEncoding> encodings;
    private final Map<Integer, Integer> levels;
    private final List<Integer> stepLevels;
    private final List<Integer> readLevels;
    private final int inputNeed;
    private final int inputLevel;
    private final int outputValue;
    private final int bootstraps;
    private final int bootstrapLevel;
    private final boolean imaginaryRemoval;

    HeProgram(String name, int slots, List<HeStep> steps, Map<Integer, SlotLayout> layouts,
              Map<Integer, ValueEncoding> encodings, BootstrapPlacement.Result placed, int inputLevel, int outputValue,
              int bootstrapLevel, boolean imaginaryRemoval) {
        this.bootstrapLevel = bootstrapLevel;
        this.imaginaryRemoval = imaginaryRemoval;
        this.name = name;
        this.slots = slots;
        this.steps = steps;
        this.layouts = layouts;
        this.encodings = encodings;
        this.levels = placed.levels();
        this.stepLevels = placed.stepLevels();
        this.readLevels = placed.readLevels();
        this.inputNeed = placed.inputNeed();
        this.inputLevel = inputLevel;
        this.outputValue = outputValue;
        this.bootstraps = placed.bootstraps();
    }

    /**
     * Compiles {@code net} with the activation polynomials of {@code plan}.
     *
     * @param depth          levels the polynomial evaluator consumes for a series (a composite activation
     *                       costs its stages' levels plus one for the product with its input)
     * @param inputLevel     level at which the client encrypts the input
     * @param bootstrapLevel level after bootstrapping, or -1 when there is no bootstrapper
     */
    public static HeProgram compile(Network net, LayerPolynomials plan, ToIntFunction<ChebyshevSeries> depth,
                                    int inputLevel, int bootstrapLevel) {
        return compile(net, plan, depth, inputLevel, bootstrapLevel, false);
    }

    /**
     * As above; with {@code imaginaryRemoval} every activation input is stored as half its unit variable so that
     * a bootstrapped one can be doubled by ct + conj(ct), dropping the imaginary part at no level
     * ({@link HeStep.Activation#halvedInput()}).
     */
    public static HeProgram compile(Network net, LayerPolynomials plan, ToIntFunction<ChebyshevSeries> depth,
                                    int inputLevel, int bootstrapLevel, boolean imaginaryRemoval) {
        return compile(net, plan, depth, inputLevel, bootstrapLevel, imaginaryRemoval,
                BootstrapPlacement.Strategy.MIN_COST);
    }

    /**
     * As above, with the bootstraps positioned by {@code strategy}: {@link BootstrapPlacement.Strategy#MIN_COST} (the
     * default) under the {@link LimbCostModel}, or the lazy baseline.
     */
    public static HeProgram compile(Network net, LayerPolynomials plan, ToIntFunction<ChebyshevSeries> depth,
                                    int inputLevel, int bootstrapLevel, boolean imaginaryRemoval,
                                    BootstrapPlacement.Strategy strategy) {
        return compile(net, plan, depth, inputLevel, bootstrapLevel, imaginaryRemoval, strategy, new LimbCostModel());
    }

    /** As above, the least-cost placement under {@code model} (e.g. {@link MeasuredLevelCosts}). */
    public static HeProgram compile(Network net, LayerPolynomials plan, ToIntFunction<ChebyshevSeries> depth,
                                    int inputLevel, int bootstrapLevel, boolean imaginaryRemoval,
                                    BootstrapPlacement.Strategy strategy, LevelCostModel model) {
        return new ProgramCompiler(net, plan, depth, imaginaryRemoval).compile(inputLevel, bootstrapLevel, strategy,
                model);
    }

    /**
     * Cost of this program under {@code model}: every step at the level it reads at, every bootstrap at the level it
     * ends at.
     */
    public double predictedCost(LevelCostModel model) {
        return predictedCostByStage(model).values().stream().mapToDouble(Double::doubleValue).sum();
    }

    /**
     * {@link #predictedCost} by kind of step, keyed as {@code ola bench} reports the measured stages (linear,
     * activation, add, bootstrap).
     */
    public java.util.Map<String, Double> predictedCostByStage(LevelCostModel model) {
        java.util.Map<String, Double> byStage = new java.util.LinkedHashMap<>();
        for (String stage : new String[] {"linear", "activation", "add", "bootstrap"}) {
            byStage.put(stage, 0.0);
        }
        for (int k = 0; k < steps.size(); k++) {
            HeStep s = steps.get(k);
            String stage = s instanceof HeStep.Linear ? "linear" : s instanceof HeStep.Activation ? "activation"
                    : s instanceof HeStep.Add ? "add" : "bootstrap";
            byStage.merge(stage, s instanceof HeStep.Bootstrap ? model.bootstrap(stepLevel(k))
                    : model.step(s, readLevels.get(k)), Double::sum);
        }
        return byStage;
    }

    /** Levels a run of {@code net} with {@code plan} consumes when nothing is bootstrapped. */
    public static int requiredLevels(Network net, LayerPolynomials plan, ToIntFunction<ChebyshevSeries> depth) {
        return compile(net, plan, depth, 1 << 20, -1).inputNeed;
    }

    public String name() {
        return name;
    }

    /** Slots of every ciphertext (sparse packing when below N/2). */
    public int slots() {
        return slots;
    }

    public List<HeStep> steps() {
        return steps;
    }

    public int inputLevel() {
        return inputLevel;
    }

    /** Whether bootstrapped activation inputs lose their imaginary part (needs the conjugation key). */
    public boolean removesImaginary() {
        return imaginaryRemoval && bootstraps > 0;
    }

    /** Level of a bootstrapped value, or -1 when the program was compiled without a bootstrapper. */
    public int bootstrapLevel() {
        return bootstrapLevel;
    }

    public int bootstrapCount() {
        return bootstraps;
    }

    public int outputValue() {
        return outputValue;
    }

    public SlotLayout layout(int value) {
        return layouts.get(value);
    }

    public ValueEncoding encoding(int value) {
        return encodings.get(value);
    }

    /** Level of the value step {@code index} writes, right after that step (after a bootstrap: dropped to it). */
    public int stepLevel(int index) {
        return stepLevels.get(index);
    }

    /**
     * Level at which step {@code index} reads its input(s): the runtime drops an input that is higher to it first
     * (see {@link BootstrapPlacement}, the drop-at-once rule). For a bootstrap: the level of the value it refreshes.
     */
    public int readLevel(int index) {
        return readLevels.get(index);
    }

    /** The levels step {@code index} reads at and writes at. */
    public StepLevels levelsOf(int index) {
        return new StepLevels(readLevels.get(index), stepLevels.get(index));
    }

    /** The level a step reads its input(s) at and the level of the value it writes. */
    public record StepLevels(int read, int written) {
    }

    /** Least level the input must be encrypted at for this program (what its first segment needs). */
    public int inputNeed() {
        return inputNeed;
    }

    /** Level of a value after its step (after bootstrapping where it was bootstrapped). */
    public int level(int value) {
        return levels.get(value);
    }

    /** Slot vector the client encrypts for an input tensor (CHW order). */
    public double[] encodeInput(float[] chw) {
        double[] x = new double[chw.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = chw[i];
        }
        return layouts.get(0).pack(x, slots);
    }

    /** The tensor (CHW order, true values) of a value from its decrypted slots. */
    public double[] decodeValue(int value, double[] slotValues) {
        double[] stored = layouts.get(value).unpack(slotValues);
        ValueEncoding e = encodings.get(value);
        for (int i = 0; i < stored.length; i++) {
            stored[i] = e.decode(stored[i]);
        }
        return stored;
    }

    /** Compiles every linear transform now (otherwise each compiles on first use); returns their count. */
    public int compileTransforms() {
        int n = 0;
        for (HeStep s : steps) {
            if (s instanceof HeStep.Linear l) {
                l.transform();
                n++;
            }
        }
        return n;
    }

    /** Every rotation step the server needs a key for. */
    public int[] rotationSteps() {
        TreeSet<Integer> all = new TreeSet<>();
        for (HeStep s : steps) {
            if (s instanceof HeStep.Linear l) {
                for (int r : l.transform().rotationSteps()) {
                    all.add(r);
                }
            }
        }
        return all.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * For every rotation step, the highest level at which the program rotates by it (the input level of the
     * linear layers that use it): its key is generated for that level only, which saves the limbs and digits
     * above (ResNet-size key sets must fit in host memory).
     */
    public java.util.SortedMap<Integer, Integer> rotationKeyLevels() {
        java.util.TreeMap<Integer, Integer> levelsByStep = new java.util.TreeMap<>();
        for (int k = 0; k < steps.size(); k++) {
            if (steps.get(k) instanceof HeStep.Linear l) {
                int inputLevel = readLevels.get(k);
                for (int r : l.transform().rotationSteps()) {
                    levelsByStep.merge(r, inputLevel, Math::max);
                }
            }
        }
        return levelsByStep;
    }

    /** The evaluation keys this program needs (see {@link KeyRequirements}). */
    public KeyRequirements keyRequirements() {
        return new KeyRequirements(rotationKeyLevels(), relinearizationLevel(), conjugationLevel());
    }

    /**
     * Highest level at which an activation doubles a bootstrapped input by ct + conj(ct) (the conjugation key's
     * level), or -1 when nothing is conjugated.
     */
    public int conjugationLevel() {
        if (!removesImaginary()) {
            return -1;
        }
        int max = -1;
        java.util.Set<Integer> bootstrapped = new java.util.HashSet<>();
        for (int k = 0; k < steps.size(); k++) {
            HeStep s = steps.get(k);
            if (s instanceof HeStep.Bootstrap) {
                bootstrapped.add(s.output());
            } else if (s instanceof HeStep.Activation a && a.halvedInput() && bootstrapped.contains(a.input())) {
                max = Math.max(max, readLevels.get(k));
            }
        }
        return max;
    }

    /** Levels all activations consume together (the multiplicative depth spent on activations). */
    public int activationDepth() {
        int depth = 0;
        for (HeStep s : steps) {
            if (s instanceof HeStep.Activation a) {
                depth += a.depth();
            }
        }
        return depth;
    }

    /** Highest level at which an activation multiplies ciphertexts (the relinearization key's level), or -1. */
    public int relinearizationLevel() {
        int max = -1;
        for (int k = 0; k < steps.size(); k++) {
            if (steps.get(k) instanceof HeStep.Activation a) {
                max = Math.max(max, readLevels.get(k));
            }
        }
        return max;
    }

    /**
     * Memory of the evaluation keys this program needs under {@code params} (each at the level where it is
     * used; bootstrapping keys are not included), without generating them.
     */
    public dev.olafhe.ckks.KeyMemoryReport keyMemory(dev.olafhe.ckks.CkksParameters params, boolean compactInMemory) {
        var plan = dev.olafhe.ckks.KeyMemoryReport.plan(params, compactInMemory);
        if (relinearizationLevel() >= 1) {
            plan.relinearization(relinearizationLevel());
        }
        java.util.TreeMap<Integer, Integer> countByLevel = new java.util.TreeMap<>();
        rotationKeyLevels().values().forEach(level -> countByLevel.merge(level, 1, Integer::sum));
        countByLevel.forEach((level, count) -> plan.rotations(count, level));
        if (conjugationLevel() >= 0) {
            plan.conjugation(conjugationLevel());
        }
        return plan.build();
    }

    /** One line per step with the levels it reads and writes, and totals. */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        int rotations = 0;
        for (int k = 0; k < steps.size(); k++) {
            HeStep s = steps.get(k);
            sb.append(String.format(java.util.Locale.ROOT, "  %-90s level %2d -> %2d%n", s.describe(),
                    readLevels.get(k), stepLevels.get(k)));
            if (s instanceof HeStep.Linear l) {
                rotations += l.transform().rotationCount();
            }
        }
        return name + ": " + slots + " slots, input level " + inputLevel + ", " + steps.size() + " steps, "
                + bootstraps + " bootstraps, " + rotations + " rotations in linear layers, " + rotationSteps().length
                + " rotation keys\n" + sb;
    }
}

package dev.olafhe.infer;

import dev.olafhe.backend.Backend;
import dev.olafhe.backend.Backends;
import dev.olafhe.ckks.Ciphertext;
import dev.olafhe.ckks.CiphertextQP;
import dev.olafhe.ckks.CkksContext;
import dev.olafhe.ckks.CkksParameters;
import dev.olafhe.ckks.ComplexVector;
import dev.olafhe.ckks.Encoder;
import dev.olafhe.ckks.Encryptor;
import dev.olafhe.ckks.EvaluationKeySet;
import dev.olafhe.ckks.Evaluator;
import dev.olafhe.ckks.GaloisElements;
import dev.olafhe.ckks.HoistedDecomposition;
import dev.olafhe.ckks.KeyGenerator;
import dev.olafhe.ckks.Plaintext;
import dev.olafhe.ckks.SecretKey;
import dev.olafhe.ckks.boot.Bootstrapper;
import dev.olafhe.ckks.boot.BootstrappingKeys;
import dev.olafhe.ckks.boot.BootstrappingParameters;
import dev.olafhe.ckks.boot.BootstrappingParametersLiteral;
import dev.olafhe.ckks.boot.BootstrappingPresets;
import dev.olafhe.ckks.boot.LevelBudget;
import dev.olafhe.backend.DevicePoly;
import dev.olafhe.util.ProgressListener;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.IntFunction;

/**
 * Times every primitive the runtime issues ({@link MeasuredLevelCosts.Primitive}) at the levels a program runs at
 * (1 to the level bootstrapping leaves, every k-th), and one bootstrap, on a backend, with the parameters of a
 * bootstrapping preset: the measurements of a {@link LevelCostFile}. Each timing is a warm-up batch, then
 * {@code repeats} batches; a batch repeats the operation until {@link #MIN_BATCH_SECONDS} have passed (so that a
 * microsecond operation of a small ring is not a timer's rounding), and counts the time per operation. Keys are
 * generated once at the top level (a key switch at a lower level uses the key's lower limbs, as at run time).
 */
public final class Calibration {
    /** Least time of one timed batch. */
    public static final double MIN_BATCH_SECONDS = 0.05;

    /**
     * @param preset     bootstrapping preset ({@link BootstrappingPresets}; not {@value BootstrappingPresets#NONE})
     * @param levelStep  measure every levelStep-th level from the top down (level 1 always)
     * @param repeats    timed batches per primitive and level
     * @param bootstrap  whether to time bootstrapping (keys and one bootstrap per repeat: the slow part)
     * @param olaVersion the version that measures, for the file
     * @param logSlots   log2 of the slots the bootstrap is timed at (a program's slot count), or null for the most
     * @param compact    keys, DFT factors and diagonals kept compact while timing (as a {@code --compact yes} run)
     * @param budget     the preset with this level budget ({@link LevelBudget#applyTo}), or null for the preset's
     *                   own; the file then keeps the preset's name with the derived chain's parameters, so it prices
     *                   only runs on that chain
     */
    public record Options(String preset, int levelStep, int repeats, boolean bootstrap, String olaVersion,
                          Integer logSlots, boolean compact, LevelBudget budget) {
        public Options {
            if (levelStep < 1) {
                throw new IllegalArgumentException("--level-step must be at least 1, got " + levelStep);
            }
            if (repeats < 1) {
                throw new IllegalArgumentException("--repeats must be at least 1, got " + repeats);
            }
        }

        /** The preset's own level budget. */
        public Options(String preset, int levelStep, int repeats, boolean bootstrap, String olaVersion,
                       Integer logSlots, boolean compact) {
            this(preset, levelStep, repeats, bootstrap, olaVersion, logSlots, compact, null);
        }

        /** The parameters to calibrate: the preset's, with the level budget when one is given. */
        public BootstrappingParametersLiteral literal() {
            BootstrappingParametersLiteral literal = BootstrappingPresets.byName(preset).orElseThrow(() ->
                    new IllegalArgumentException("--bootstrapping must name a preset to calibrate (not "
                            + BootstrappingPresets.NONE + ")"));
            return budget == null ? literal : budget.applyTo(literal);
        }

        /** The preset's name, with the level budget when one is given (for messages). */
        public String label() {
            return budget == null ? preset : preset + " with level budget " + budget;
        }
    }

    private final Options options;
    private final Random random;

    private Calibration(Options options, Random random) {
        this.options = options;
        this.random = random;
    }

    /** Measures as {@code options} say on the backend {@code backend} chose; progress goes to {@code progress}. */
    public static LevelCostFile run(Options options, Backends.Decision backend, Random random,
                                    ProgressListener progress) {
        BootstrappingParameters boot = BootstrappingParameters.of(options.literal());
        try (CkksRuntime rt = CkksRuntime.open(boot.ckks(), backend)) {
            return new Calibration(options, random).measure(rt, boot, progress);
        }
    }

    /** The levels measured: from {@code top} down by {@code step}, and level 1. */
    public static List<Integer> levels(int top, int step) {
        List<Integer> levels = new ArrayList<>();
        for (int level = top; level >= 1; level -= step) {
            levels.add(0, level);
        }
        if (levels.isEmpty() || levels.get(0) != 1) {
            levels.add(0, 1);
        }
        return levels;
    }

    private LevelCostFile measure(CkksRuntime rt, BootstrappingParameters boot, ProgressListener progress) {
        CkksContext context = rt.context();
        CkksParameters params = context.params();
        int top = boot.levelsAfterBootstrapping();
        int logSlots = options.logSlots() != null ? options.logSlots() : params.logMaxSlots();
        if (logSlots < 0 || logSlots > params.logMaxSlots()) {
            throw new IllegalArgumentException("--log-slots must be in [0, " + params.logMaxSlots() + "] for "
                    + options.label() + ", got " + logSlots);
        }
        List<Integer> levels = levels(top, options.levelStep());
        int primitives = MeasuredLevelCosts.Primitive.values().length;
        Map<MeasuredLevelCosts.Primitive, SortedMap<Integer, LevelCostFile.Timing>> byPrimitive =
                new EnumMap<>(MeasuredLevelCosts.Primitive.class);
        SortedMap<Integer, LevelCostFile.Timing> bootstrap = null;
        List<Integer> endLevels = bootstrapEndLevels(top);
        KeyGenerator keyGen = new KeyGenerator(context, random, options.compact());
        try (SecretKey sk = keyGen.genSecretKey();
             EvaluationKeySet keys = new EvaluationKeySet(keyGen.genRelinearizationKey(sk, top),
                     List.of(keyGen.genGaloisKey(sk, GaloisElements.forRotation(1, params.logN()), top)));
             ProgressListener.Task task = progress.start("calibrate " + options.preset() + " on " + rt.backend().name(),
                     (long) levels.size() * primitives + (options.bootstrap() ? endLevels.size() : 0))) {
            Evaluator ev = new Evaluator(context, keys);
            Encoder encoder = new Encoder(context);
            Encryptor encryptor = Encryptor.withSecretKey(context, sk, random);
            IntFunction<Ciphertext> fresh = level -> encrypt(encoder, encryptor, params, logSlots, level);
            // one untimed pass first: the JIT compiles the kernels before anything is recorded
            measureLevel(ev, encoder, fresh, top, ProgressListener.Task.NONE);
            for (int level : levels) {
                measureLevel(ev, encoder, fresh, level, task).forEach((p, t) ->
                        byPrimitive.computeIfAbsent(p, k -> new TreeMap<>()).put(level, t));
            }
            if (options.bootstrap()) {
                bootstrap = timeBootstrap(context, encoder, boot, keyGen, sk, ev, fresh.apply(0), logSlots, endLevels,
                        progress, task);
            }
        }
        Map<String, String> machine = new LinkedHashMap<>();
        MachineInfo.describe().forEach((k, v) -> machine.put(k, String.valueOf(v)));
        return new LevelCostFile(options.olaVersion(), Instant.now().toString(), machine, rt.backend().name(),
                options.preset(), params.summary(), LevelCostFile.fingerprint(params), logSlots, options.compact(),
                options.repeats(),
                byPrimitive, bootstrap, LevelCostFile.VERSION);
    }

    private static Ciphertext encrypt(Encoder encoder, Encryptor encryptor, CkksParameters params, int logSlots,
                                      int level) {
        Random values = new Random(level);
        double[] v = new double[1 << logSlots];
        Arrays.setAll(v, i -> values.nextDouble() * 2 - 1);
        try (Plaintext pt = encoder.encodeNew(v, level, params.defaultScale())) {
            return encryptor.encryptNew(pt);
        }
    }

    /** Every primitive at {@code level}, on two fresh ciphertexts of that level. */
    private Map<MeasuredLevelCosts.Primitive, LevelCostFile.Timing> measureLevel(Evaluator ev, Encoder encoder,
                                                                                 IntFunction<Ciphertext> fresh,
                                                                                 int level, ProgressListener.Task task) {
        Map<MeasuredLevelCosts.Primitive, LevelCostFile.Timing> out = new EnumMap<>(MeasuredLevelCosts.Primitive.class);
        CkksContext context = ev.context();
        Backend backend = context.backend();
        try (Ciphertext a = fresh.apply(level); Ciphertext b = fresh.apply(level);
             Ciphertext product = ev.multiplyNew(a, b);
             HoistedDecomposition dec = ev.decompose(a);
             CiphertextQP lazy = ev.rotateHoistedLazyNew(a, dec, 1)) {
            double[] values = new double[a.slots()];
            Arrays.fill(values, 0.5);
            ComplexVector diagonal = ComplexVector.real(values);
            DevicePoly acc0 = context.allocateQP(level);
            DevicePoly acc1 = context.allocateQP(level);
            try {
                Map<MeasuredLevelCosts.Primitive, Runnable> ops = new EnumMap<>(MeasuredLevelCosts.Primitive.class);
                ops.put(MeasuredLevelCosts.Primitive.ADD, () -> ev.addNew(a, b).close());
                ops.put(MeasuredLevelCosts.Primitive.MULTIPLY_CONSTANT, () -> ev.multiplyByConstantNew(a, 0.75).close());
                ops.put(MeasuredLevelCosts.Primitive.RESCALE, () -> ev.rescaleNew(a).close());
                ops.put(MeasuredLevelCosts.Primitive.MULTIPLY, () -> ev.multiplyNew(a, b).close());
                ops.put(MeasuredLevelCosts.Primitive.RELINEARIZE, () -> ev.relinearizeNew(product).close());
                ops.put(MeasuredLevelCosts.Primitive.ROTATE, () -> ev.rotateNew(a, 1).close());
                ops.put(MeasuredLevelCosts.Primitive.DECOMPOSE, () -> ev.decompose(a).close());
                ops.put(MeasuredLevelCosts.Primitive.HOISTED_ROTATE, () -> ev.rotateHoistedLazyNew(a, dec, 1).close());
                ops.put(MeasuredLevelCosts.Primitive.LIFT, () -> ev.liftLazyNew(a).close());
                // one diagonal into both parts' accumulators, as the engine's inner sum does (the diagonal's values
                // do not matter for the time: the lazy rotation's c1 stands in for it)
                ops.put(MeasuredLevelCosts.Primitive.MULTIPLY_ACCUMULATE, () -> {
                    backend.mulAdd(lazy.c0(), lazy.c1(), acc0);
                    backend.mulAdd(lazy.c1(), lazy.c1(), acc1);
                });
                ops.put(MeasuredLevelCosts.Primitive.MOD_DOWN, () -> {
                    Ciphertext down = Ciphertext.empty();
                    ev.modDown(lazy, down);
                    down.close();
                });
                ops.put(MeasuredLevelCosts.Primitive.ENCODE_DIAGONAL,
                        () -> encoder.encodeQP(diagonal, level, context.params().defaultScale()).close());
                ops.forEach((p, op) -> {
                    out.put(p, time(op, MIN_BATCH_SECONDS));
                    task.step();
                });
            } finally {
                acc0.close();
                acc1.close();
            }
        }
        return out;
    }

    /**
     * The end levels the bootstrap is timed at: the top and level 1 (the lowest a segment with a linear step needs);
     * the model interpolates linearly in between (SlotToCoeff's cost is close to linear in the limbs).
     */
    static List<Integer> bootstrapEndLevels(int top) {
        return top > 1 ? List.of(1, top) : List.of(top);
    }

    /**
     * Keys, then per end level one bootstrap of a level-0 ciphertext per repeat (after one warm-up bootstrap), real
     * output ending at that level, as the runtime bootstraps.
     */
    private SortedMap<Integer, LevelCostFile.Timing> timeBootstrap(CkksContext context, Encoder encoder,
                                                                   BootstrappingParameters boot, KeyGenerator keyGen,
                                                                   SecretKey sk, Evaluator ev, Ciphertext input,
                                                                   int logSlots, List<Integer> endLevels,
                                                                   ProgressListener progress,
                                                                   ProgressListener.Task task) {
        SortedMap<Integer, LevelCostFile.Timing> out = new TreeMap<>();
        try (input; Bootstrapper bootstrapper = new Bootstrapper(context, encoder, boot, logSlots, options.compact());
             BootstrappingKeys keys = BootstrappingKeys.generate(keyGen, sk, bootstrapper, progress)) {
            for (int end : endLevels) {
                out.put(end, time(() -> bootstrapper.bootstrapReal(ev, keys, input, end).close(), 0));
                task.step();
            }
        }
        return out;
    }

    /** A warm-up batch, then the median and spread of {@code repeats} batches of at least {@code minSeconds}. */
    private LevelCostFile.Timing time(Runnable op, double minSeconds) {
        batch(op, minSeconds);
        double[] each = new double[options.repeats()];
        for (int r = 0; r < each.length; r++) {
            each[r] = batch(op, minSeconds);
        }
        Arrays.sort(each);
        return new LevelCostFile.Timing(BenchReport.median(each), each[each.length - 1] - each[0]);
    }

    /** Seconds per operation of one batch. */
    private static double batch(Runnable op, double minSeconds) {
        long start = System.nanoTime();
        long count = 0;
        long elapsed;
        do {
            op.run();
            count++;
            elapsed = System.nanoTime() - start;
        } while (elapsed < minSeconds * 1e9);
        return elapsed / 1e9 / count;
    }
}

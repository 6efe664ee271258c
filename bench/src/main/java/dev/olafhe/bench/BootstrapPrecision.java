package dev.olafhe.bench;

import dev.olafhe.backend.Backend;
import dev.olafhe.backend.cpu.CpuBackend;
import dev.olafhe.ckks.Ciphertext;
import dev.olafhe.ckks.CkksContext;
import dev.olafhe.ckks.ComplexVector;
import dev.olafhe.ckks.Decryptor;
import dev.olafhe.ckks.Encoder;
import dev.olafhe.ckks.Encryptor;
import dev.olafhe.ckks.Evaluator;
import dev.olafhe.ckks.KeyGenerator;
import dev.olafhe.ckks.Plaintext;
import dev.olafhe.ckks.PrecisionStats;
import dev.olafhe.ckks.RandomSources;
import dev.olafhe.ckks.SecretKey;
import dev.olafhe.ckks.boot.Bootstrapper;
import dev.olafhe.ckks.boot.BootstrappingKeys;
import dev.olafhe.ckks.boot.BootstrappingParameters;
import dev.olafhe.ckks.boot.DftResidency;
import dev.olafhe.ckks.boot.BootstrappingParametersLiteral;
import dev.olafhe.ckks.boot.BootstrappingPresets;
import dev.olafhe.ckks.boot.LevelBudget;
import dev.olafhe.ckks.boot.StageErrorBudget;
import dev.olafhe.util.ProgressListener;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Bootstrapping precision of a preset, per input kind (uniform in [−1, 1], all ones, alternating signs, a single
 * slot, random ±1 ± i), with the stage error budget ({@link StageErrorBudget}) of each, full slots, the CPU backend.
 * {@code --logN} runs the preset's chain on a smaller ring (INSECURE, test-only), which is how the logN 16 presets
 * are studied on a small machine. Times are wall-clock on whatever the machine is doing (quote them with the load).
 * <pre>
 * java -Xmx6g -cp bench/target/benchmarks.jar dev.olafhe.bench.BootstrapPrecision PRESET [--logN 13]
 *      [--inputs uniform,ones,alternating,single,boundary] [--log-slots 14] [--threads 1] [--compact | --compact-slots-to-coeffs] [--compact-keys] [--no-stages]
 *      [--q0 BITS] [--cosine-degree D] [--arcsin-degree D] [--k K] [--double-angles R] [--level-budget C,S]
 *      [--residual 49,40x9] [--p 61x3] [--dnum D] [--slots-to-coeffs 40x3] [--evalmod-bits B] [--coeffs-to-slots 56x3]
 * </pre>
 * A changed chain at the preset's logN is held to the security bound as the preset is; another logN is test-only.
 * {@code --level-budget} applies {@link LevelBudget#applyTo} last, to the chain the other options made.
 */
public final class BootstrapPrecision {
    private BootstrapPrecision() {
    }

    public static void main(String[] args) {
        BootstrappingParametersLiteral preset = BootstrappingPresets.byName(args[0]).orElseThrow();
        Chain c = new Chain(preset);
        Options o = new Options();
        LevelBudget budget = null;
        for (int i = 1; i < args.length; i++) {
            switch (args[i]) {
                case "--logN" -> c.logN = Integer.parseInt(args[++i]);
                case "--inputs" -> o.inputs = List.of(args[++i].split(","));
                case "--log-slots" -> o.logSlots = Integer.parseInt(args[++i]);
                case "--threads" -> o.threads = Integer.parseInt(args[++i]);
                case "--compact" -> o.dft = DftResidency.COMPACT;
                case "--compact-slots-to-coeffs" -> o.dft = DftResidency.COEFFS_TO_SLOTS;
                case "--compact-keys" -> o.compactKeys = true;
                case "--no-stages" -> o.stages = false;
                case "--q0" -> c.residual[0] = Integer.parseInt(args[++i]);
                case "--residual" -> c.residual = bitList(args[++i]);
                case "--p" -> c.p = bitList(args[++i]);
                case "--dnum" -> c.dnum = Integer.parseInt(args[++i]);
                case "--slots-to-coeffs" -> c.slotsToCoeffs = bitList(args[++i]);
                case "--evalmod-bits" -> c.evalMod = Integer.parseInt(args[++i]);
                case "--coeffs-to-slots" -> c.coeffsToSlots = bitList(args[++i]);
                case "--cosine-degree" -> c.cosineDegree = Integer.parseInt(args[++i]);
                case "--arcsin-degree" -> c.arcsinDegree = Integer.parseInt(args[++i]);
                case "--k" -> c.k = Integer.parseInt(args[++i]);
                case "--double-angles" -> c.doubleAngles = Integer.parseInt(args[++i]);
                case "--level-budget" -> budget = LevelBudget.parse(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        BootstrappingParametersLiteral lit = c.literal(preset);
        if (budget != null) {
            lit = budget.applyTo(lit);
        }
        run(budget == null ? args[0] : args[0] + " with level budget " + budget, lit, o);
    }

    /** How a run measures: the inputs (repeated names bootstrap again in the same JVM), slots, threads, memory. */
    static final class Options {
        List<String> inputs = List.of("uniform", "ones", "alternating", "single", "boundary");
        /** log2 of the slot count; -1: full slots. */
        int logSlots = -1;
        int threads = Runtime.getRuntime().availableProcessors();
        DftResidency dft = DftResidency.RESIDENT;
        boolean compactKeys;
        boolean stages = true;
    }

    /** A bit-size list such as {@code 49,40x9} (40 nine times). */
    static int[] bitList(String spec) {
        return Arrays.stream(spec.split(",")).flatMapToInt(part -> {
            String[] bitsTimes = part.split("x");
            return java.util.stream.IntStream.generate(() -> Integer.parseInt(bitsTimes[0]))
                    .limit(bitsTimes.length == 1 ? 1 : Integer.parseInt(bitsTimes[1]));
        }).toArray();
    }

    /** The chain and EvalMod choices the options change, starting from a preset's. */
    private static final class Chain {
        int logN;
        int[] residual;
        int[] p;
        int dnum;
        int[] slotsToCoeffs;
        int evalMod;
        int[] coeffsToSlots;
        int k;
        int cosineDegree;
        int doubleAngles;
        int arcsinDegree;

        Chain(BootstrappingParametersLiteral l) {
            logN = l.logN();
            residual = l.residualLogQ();
            p = l.logP();
            dnum = l.dnum();
            slotsToCoeffs = l.slotsToCoeffsLogQ();
            evalMod = l.evalModLogQ();
            coeffsToSlots = l.coeffsToSlotsLogQ();
            k = l.k();
            cosineDegree = l.cosineDegree();
            doubleAngles = l.doubleAngles();
            arcsinDegree = l.arcsinDegree();
        }

        /** The literal; test-only (INSECURE, no security check) on a ring other than the preset's. */
        BootstrappingParametersLiteral literal(BootstrappingParametersLiteral preset) {
            return new BootstrappingParametersLiteral(logN, residual, p, preset.logDefaultScale(), preset.secret(),
                    dnum, slotsToCoeffs, evalMod, coeffsToSlots, k, cosineDegree, doubleAngles, arcsinDegree,
                    preset.ephemeralHammingWeight(), preset.testOnly() || logN != preset.logN());
        }
    }

    // long: one measurement from key generation to the last input, printed as it goes
    private static void run(String name, BootstrappingParametersLiteral lit, Options options) {
        BootstrappingParameters bp = BootstrappingParameters.of(lit);
        System.out.println("preset " + name + " (" + lit + ")");
        System.out.println(bp.describe());
        int logSlots = options.logSlots < 0 ? bp.ckks().logMaxSlots() : options.logSlots;
        System.out.printf(Locale.ROOT, "log2(QP) = %.1f, 2^%d slots, threads %d, DFT factors %s, compact keys %b, "
                + "load %s%n", bp.ckks().logQP(), logSlots, options.threads, options.dft, options.compactKeys, loadAverage());
        try (Backend backend = new CpuBackend(options.threads); CkksContext context = new CkksContext(bp.ckks(), backend)) {
            Encoder encoder = new Encoder(context);
            KeyGenerator keygen = new KeyGenerator(context, RandomSources.deterministic(1), options.compactKeys);
            long t0 = System.nanoTime();
            try (SecretKey sk = keygen.genSecretKey();
                 Bootstrapper b = new Bootstrapper(context, encoder, bp, logSlots, options.dft)) {
                double encodeSeconds = seconds(t0);
                t0 = System.nanoTime();
                try (BootstrappingKeys keys = BootstrappingKeys.generate(keygen, sk, b, ProgressListener.NONE)) {
                    System.out.printf(Locale.ROOT, "DFT encode %.1f s, key generation %.1f s, keys %.2f GiB (%d "
                                    + "rotation keys), DFT factors %.2f GiB%n", encodeSeconds, seconds(t0),
                            b.keyPlan().bytes() / (double) (1L << 30), b.keyPlan().rotationKeyCount(),
                            b.dftBytesInMemory() / (double) (1L << 30));
                    Evaluator ev = new Evaluator(context, keys.evaluationKeys());
                    Encryptor enc = Encryptor.withSecretKey(context, sk, RandomSources.deterministic(2));
                    Decryptor dec = new Decryptor(context, sk);
                    for (String input : options.inputs) {
                        ComplexVector z = input(input, 1 << logSlots);
                        try (Plaintext pt = encoder.encodeNew(z, 0, bp.ckks().defaultScale());
                             Ciphertext ct = enc.encryptNew(pt)) {
                            t0 = System.nanoTime();
                            PrecisionStats stats;
                            StringBuilder stageTimes = new StringBuilder();
                            try (Ciphertext out = b.bootstrap(ev, keys, ct, bp.levelsAfterBootstrapping(),
                                    (stage, nanos) -> {
                                        stageTimes.append(String.format(Locale.ROOT, " %s %.1f s", stage, nanos / 1e9));
                                        // on stderr, for aligning a profile's samples with the stages
                                        System.err.printf(Locale.ROOT, "stage %s ended at epoch ms %d%n", stage,
                                                System.currentTimeMillis());
                                    });
                                 Plaintext o = dec.decryptNew(out)) {
                                double s = seconds(t0);
                                stats = PrecisionStats.compute(z, encoder.decode(o));
                                System.out.printf(Locale.ROOT, "%s: bootstrap %.1f s (%s), mean %.2f bits, worst %.2f "
                                                + "bits (%s), load %s%n", input, s, stageTimes.toString().trim(),
                                        stats.meanBits(), stats.minBits(), stats, loadAverage());
                            }
                            if (options.stages) {
                                System.out.print(new StageErrorBudget(b, encoder, dec).measure(ev, keys, ct, z)
                                        .format());
                            }
                        }
                    }
                }
            }
        }
    }

    static ComplexVector input(String kind, int n) {
        Random random = new Random(17);
        double[] re = new double[n];
        double[] im = new double[n];
        for (int i = 0; i < n; i++) {
            switch (kind) {
                case "uniform" -> {
                    re[i] = 2 * random.nextDouble() - 1;
                    im[i] = 2 * random.nextDouble() - 1;
                }
                case "ones" -> re[i] = 1;
                case "alternating" -> re[i] = i % 2 == 0 ? 1 : -1;
                case "single" -> re[i] = i == 3 ? 1 : 0;
                case "boundary" -> {
                    re[i] = random.nextBoolean() ? 1 : -1;
                    im[i] = random.nextBoolean() ? 1 : -1;
                }
                default -> throw new IllegalArgumentException("unknown input " + kind);
            }
        }
        return new ComplexVector(re, im);
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    private static String loadAverage() {
        try {
            return Arrays.toString(java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).split(" ",
                    4)).replaceAll(", [^,]*]$", "]");
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }
}

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
 *      [--inputs uniform,ones,alternating,single,boundary] [--threads 1] [--compact] [--no-stages]
 *      [--q0 BITS] [--cosine-degree D] [--arcsin-degree D] [--k K] [--double-angles R] [--level-budget C,S]
 * </pre>
 * {@code --level-budget} applies {@link LevelBudget#applyTo} last, to the chain the other options made.
 */
public final class BootstrapPrecision {
    private BootstrapPrecision() {
    }

    public static void main(String[] args) {
        BootstrappingParametersLiteral lit = BootstrappingPresets.byName(args[0]).orElseThrow();
        int logN = lit.logN();
        List<String> inputs = List.of("uniform", "ones", "alternating", "single", "boundary");
        int threads = Runtime.getRuntime().availableProcessors();
        boolean compact = false;
        boolean stages = true;
        LevelBudget budget = null;
        for (int i = 1; i < args.length; i++) {
            switch (args[i]) {
                case "--logN" -> logN = Integer.parseInt(args[++i]);
                case "--inputs" -> inputs = List.of(args[++i].split(","));
                case "--threads" -> threads = Integer.parseInt(args[++i]);
                case "--compact" -> compact = true;
                case "--no-stages" -> stages = false;
                case "--q0" -> lit = withQ0(lit, Integer.parseInt(args[++i]));
                case "--cosine-degree" -> lit = with(lit, lit.k(), Integer.parseInt(args[++i]), lit.doubleAngles(),
                        lit.arcsinDegree());
                case "--arcsin-degree" -> lit = with(lit, lit.k(), lit.cosineDegree(), lit.doubleAngles(),
                        Integer.parseInt(args[++i]));
                case "--k" -> lit = with(lit, Integer.parseInt(args[++i]), lit.cosineDegree(), lit.doubleAngles(),
                        lit.arcsinDegree());
                case "--double-angles" -> lit = with(lit, lit.k(), lit.cosineDegree(), Integer.parseInt(args[++i]),
                        lit.arcsinDegree());
                case "--level-budget" -> budget = LevelBudget.parse(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (logN != lit.logN()) {
            lit = new BootstrappingParametersLiteral(logN, lit.residualLogQ(), lit.logP(), lit.logDefaultScale(),
                    lit.secret(), lit.dnum(), lit.slotsToCoeffsLogQ(), lit.evalModLogQ(), lit.coeffsToSlotsLogQ(),
                    lit.k(), lit.cosineDegree(), lit.doubleAngles(), lit.arcsinDegree(), lit.ephemeralHammingWeight(),
                    true);
        }
        if (budget != null) {
            lit = budget.applyTo(lit);
        }
        run(budget == null ? args[0] : args[0] + " with level budget " + budget, lit, inputs, threads, compact, stages);
    }

    // long: one measurement from key generation to the last input, printed as it goes
    private static void run(String name, BootstrappingParametersLiteral lit, List<String> inputs, int threads,
                            boolean compact, boolean stages) {
        BootstrappingParameters bp = BootstrappingParameters.of(lit);
        System.out.println("preset " + name + " (" + lit + ")");
        System.out.println(bp.describe());
        System.out.printf(Locale.ROOT, "log2(QP) = %.1f, threads %d, compact DFT %b, load %s%n", bp.ckks().logQP(),
                threads, compact, loadAverage());
        try (Backend backend = new CpuBackend(threads); CkksContext context = new CkksContext(bp.ckks(), backend)) {
            Encoder encoder = new Encoder(context);
            KeyGenerator keygen = new KeyGenerator(context, RandomSources.deterministic(1));
            int logSlots = bp.ckks().logMaxSlots();
            long t0 = System.nanoTime();
            try (SecretKey sk = keygen.genSecretKey();
                 Bootstrapper b = new Bootstrapper(context, encoder, bp, logSlots, compact)) {
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
                    for (String input : inputs) {
                        ComplexVector z = input(input, 1 << logSlots);
                        try (Plaintext pt = encoder.encodeNew(z, 0, bp.ckks().defaultScale());
                             Ciphertext ct = enc.encryptNew(pt)) {
                            t0 = System.nanoTime();
                            PrecisionStats stats;
                            try (Ciphertext out = b.bootstrap(ev, keys, ct); Plaintext o = dec.decryptNew(out)) {
                                double s = seconds(t0);
                                stats = PrecisionStats.compute(z, encoder.decode(o));
                                System.out.printf(Locale.ROOT, "%s: bootstrap %.1f s, mean %.2f bits, worst %.2f "
                                                + "bits (%s), load %s%n", input, s, stats.meanBits(), stats.minBits(),
                                        stats, loadAverage());
                            }
                            if (stages) {
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

    private static BootstrappingParametersLiteral withQ0(BootstrappingParametersLiteral l, int bits) {
        int[] residual = l.residualLogQ();
        residual[0] = bits;
        return new BootstrappingParametersLiteral(l.logN(), residual, l.logP(), l.logDefaultScale(), l.secret(),
                l.dnum(), l.slotsToCoeffsLogQ(), l.evalModLogQ(), l.coeffsToSlotsLogQ(), l.k(), l.cosineDegree(),
                l.doubleAngles(), l.arcsinDegree(), l.ephemeralHammingWeight(), l.testOnly());
    }

    private static BootstrappingParametersLiteral with(BootstrappingParametersLiteral l, int k, int cosineDegree,
                                                       int doubleAngles, int arcsinDegree) {
        return new BootstrappingParametersLiteral(l.logN(), l.residualLogQ(), l.logP(), l.logDefaultScale(),
                l.secret(), l.dnum(), l.slotsToCoeffsLogQ(), l.evalModLogQ(), l.coeffsToSlotsLogQ(), k, cosineDegree,
                doubleAngles, arcsinDegree, l.ephemeralHammingWeight(), l.testOnly());
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

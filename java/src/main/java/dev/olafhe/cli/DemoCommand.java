package dev.olafhe.cli;

import dev.olafhe.backend.Backend;
import dev.olafhe.backend.Backends;
import dev.olafhe.ckks.Ciphertext;
import dev.olafhe.ckks.CkksContext;
import dev.olafhe.ckks.CkksParameters;
import dev.olafhe.ckks.CkksParametersLiteral;
import dev.olafhe.ckks.ComplexVector;
import dev.olafhe.ckks.Decryptor;
import dev.olafhe.ckks.Encoder;
import dev.olafhe.ckks.Encryptor;
import dev.olafhe.ckks.EvaluationKeySet;
import dev.olafhe.ckks.Evaluator;
import dev.olafhe.ckks.KeyGenerator;
import dev.olafhe.ckks.Plaintext;
import dev.olafhe.ckks.PrecisionStats;
import dev.olafhe.ckks.PublicKey;
import dev.olafhe.ckks.SecretDistribution;
import dev.olafhe.ckks.SecretKey;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.math.BigDecimal;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;

/**
 * {@code ola demo}: encrypts two vectors, evaluates out[j] = x[j+1]·y[j+1] + p(x[j]) with a quadratic p,
 * decrypts, and reports the backend, the parameters, the precision against float64 and the time per step.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Encrypt, compute x·y + rotation + a quadratic polynomial under CKKS, decrypt; report backend, "
                + "parameters, precision and time per step.")
public final class DemoCommand implements Callable<Integer> {
    private static final double C0 = 0.125;
    private static final double C1 = -0.5;
    private static final double C2 = 0.25;

    @Option(names = "--logn", description = "log2 of the ring degree: 13-16 are 128-bit secure presets, "
            + "10-12 are INSECURE test-only presets (default: ${DEFAULT-VALUE})", defaultValue = "15")
    int logN;

    @Mixin
    BackendOption backend;

    @Mixin
    SeedOption seed;

    /** The demo's parameter preset for a ring degree (depth 2 circuit: three primes plus q_0). */
    static CkksParametersLiteral preset(int logN) {
        SecretDistribution ternary = SecretDistribution.uniformTernary();
        return switch (logN) {
            case 13 -> new CkksParametersLiteral(13, new int[] {50, 35, 35, 35}, new int[] {50}, 35, ternary, 0, false);
            case 14 -> new CkksParametersLiteral(14, new int[] {60, 40, 40, 40}, new int[] {61, 61}, 40, ternary, 0, false);
            case 15, 16 -> new CkksParametersLiteral(logN, new int[] {60, 45, 45, 45}, new int[] {61, 61}, 45, ternary, 0, false);
            case 10, 11, 12 -> new CkksParametersLiteral(logN, new int[] {50, 35, 35, 35}, new int[] {50}, 35, ternary, 0, true);
            default -> throw new IllegalArgumentException("--logn must be in [10, 16], got " + logN);
        };
    }

    @Override
    public Integer call() {
        run(System.out);
        return 0;
    }

    /** Runs the demo, printing to {@code out}; returns the precision achieved. */
    PrecisionStats run(PrintStream out) {
        Stopwatch clock = new Stopwatch(out);
        Backends.Decision decision = backend.decide();
        out.println("OLA-FHE demo: out[j] = x[j+1]·y[j+1] + (" + C2 + "·x[j]² " + C1 + "·x[j] + " + C0 + ")");
        CkksParameters params = CkksParameters.of(preset(logN));
        try (Backend chosen = decision.chosen().create()) {
            out.println("backend    : " + chosen.name() + " — " + decision.why());
            out.println("             " + chosen.description());
            out.println("parameters : " + params);
            if (seed.seed != null) {
                out.println("randomness : deterministic seed " + seed.seed + " (INSECURE, reproducible)");
            }
            out.println("steps (" + params.maxSlots() + " slots):");
            try (CkksContext context = clock.time("context (ring tables on the backend)", () -> new CkksContext(params, chosen))) {
                return evaluate(out, clock, params, context);
            }
        }
    }

    private PrecisionStats evaluate(PrintStream out, Stopwatch clock, CkksParameters params, CkksContext context) {
        {
            Random keyRandom = seed.random(0);
            Random encRandom = seed.random(1);
            int slots = params.maxSlots();
            Random data = new Random(seed.seed == null ? System.nanoTime() : seed.seed);
            double[] x = new double[slots];
            double[] y = new double[slots];
            for (int j = 0; j < slots; j++) {
                x[j] = 2 * data.nextDouble() - 1;
                y[j] = 2 * data.nextDouble() - 1;
            }
            KeyGenerator keygen = new KeyGenerator(context, keyRandom);
            try (SecretKey sk = clock.time("keygen: secret + public key", keygen::genSecretKey);
                 PublicKey pk = keygen.genPublicKey(sk);
                 EvaluationKeySet keys = clock.time("keygen: relinearization + rotation(1) keys",
                         () -> keygen.genEvaluationKeySet(sk, true, new int[] {1}, false))) {
                Encoder encoder = new Encoder(context);
                Encryptor encryptor = Encryptor.withPublicKey(context, pk, encRandom);
                Evaluator ev = new Evaluator(context, keys);
                BigDecimal scale = params.defaultScale();
                int top = params.maxLevel();
                try (Ciphertext cx = clock.time("encode + encrypt x, y (public key)", () -> encrypt(encoder, encryptor, x, top, scale));
                     Ciphertext cy = encrypt(encoder, encryptor, y, top, scale);
                     Ciphertext xy = clock.time("x·y: multiply + relinearize + rescale", () -> ev.rescaleNew(ev.multiplyRelinNew(cx, cy)));
                     Ciphertext rotated = clock.time("rotate x·y by 1 slot", () -> ev.rotateNew(xy, 1));
                     Ciphertext poly = clock.time("p(x) = (c2·x + c1)·x + c0 (2 levels)", () -> quadratic(ev, cx));
                     Ciphertext result = clock.time("align scale of the rotation exactly, add", () -> {
                         BigDecimal target = poly.scale().multiply(new BigDecimal(params.q(rotated.level())), Evaluator.SCALE_CONTEXT);
                         try (Ciphertext aligned = ev.multiplyByConstantNew(rotated, 1.0, target)) {
                             ev.rescale(aligned, aligned);
                             return ev.addNew(aligned, poly);
                         }
                     })) {
                    Decryptor decryptor = new Decryptor(context, sk);
                    ComplexVector have = clock.time("decrypt + decode", () -> {
                        try (Plaintext pt = decryptor.decryptNew(result)) {
                            return encoder.decode(pt);
                        }
                    });
                    double[] want = new double[slots];
                    for (int j = 0; j < slots; j++) {
                        int k = (j + 1) % slots;
                        want[j] = x[k] * y[k] + (C2 * x[j] + C1) * x[j] + C0;
                    }
                    PrecisionStats stats = PrecisionStats.compute(ComplexVector.real(want), have);
                    out.printf(Locale.ROOT, "result     : level %d, scale 2^%.3f; e.g. slot 0 = %.8f (float64 %.8f)%n",
                            result.level(), result.log2Scale(), have.re()[0], want[0]);
                    out.printf(Locale.ROOT, "precision  : mean %.1f bits, min %.1f bits (real part; imaginary mean %.1f) "
                            + "vs float64 over %d slots%n", stats.real().mean(), stats.real().min(), stats.imag().mean(), slots);
                    out.printf(Locale.ROOT, "total      : %.2f s%n", clock.totalSeconds());
                    return stats;
                }
            }
        }
    }

    private static Ciphertext encrypt(Encoder encoder, Encryptor encryptor, double[] v, int level, BigDecimal scale) {
        try (Plaintext pt = encoder.encodeNew(v, level, scale)) {
            return encryptor.encryptNew(pt);
        }
    }

    /** (c2·x + c1)·x + c0: the constant product is rescaled back to Δ exactly, so the sum needs no alignment. */
    private static Ciphertext quadratic(Evaluator ev, Ciphertext x) {
        try (Ciphertext t = ev.multiplyByConstantNew(x, C2); Ciphertext xLow = ev.dropLevelNew(x, 1)) {
            ev.rescale(t, t);
            ev.addConstant(t, C1, t);
            Ciphertext u = ev.multiplyRelinNew(t, xLow);
            ev.rescale(u, u);
            ev.addConstant(u, C0, u);
            return u;
        }
    }

    /** Times named steps and prints one line per step. */
    private static final class Stopwatch {
        private final PrintStream out;
        private long totalNanos;

        Stopwatch(PrintStream out) {
            this.out = out;
        }

        <T> T time(String step, java.util.function.Supplier<T> work) {
            long start = System.nanoTime();
            T result = work.get();
            long elapsed = System.nanoTime() - start;
            totalNanos += elapsed;
            out.printf(Locale.ROOT, "  %-46s %9.1f ms%n", step, elapsed / 1e6);
            return result;
        }

        double totalSeconds() {
            return totalNanos / 1e9;
        }
    }
}

package dev.olafhe.ckks;

import java.math.BigDecimal;
import java.util.Random;
import java.util.function.Supplier;

/**
 * The circuit of {@code ola demo}: out[j] = x[j+1]·y[j+1] + p(x[j]) with p(x) = C2·x² + C1·x + C0 on random x, y in
 * [-1, 1]. It shows each basic operation once (public-key encryption, multiplication with relinearization and
 * rescale, a rotation, a polynomial, an exact scale alignment, an addition, decryption), timing every step, and
 * compares the result with float64. Parameters: one preset per ring degree ({@link #preset}).
 */
public final class DemoCircuit {
    public static final double C0 = 0.125;
    public static final double C1 = -0.5;
    public static final double C2 = 0.25;

    /** Hears every step of the circuit as it ends: its name and wall time. */
    @FunctionalInterface
    public interface Steps {
        void step(String what, long nanos);
    }

    /** The decrypted result: its level and scale, slot 0 next to float64, and the precision over all slots. */
    public record Result(int level, double log2Scale, double slot0, double expectedSlot0, PrecisionStats precision,
                         int slots) {
    }

    private final CkksContext context;
    private final CkksParameters params;
    private final Steps steps;

    private DemoCircuit(CkksContext context, Steps steps) {
        this.context = context;
        this.params = context.params();
        this.steps = steps;
    }

    /** The demo's parameters for a ring degree (depth 2 circuit: three primes plus q_0); 10-12 are INSECURE. */
    public static CkksParametersLiteral preset(int logN) {
        SecretDistribution ternary = SecretDistribution.uniformTernary();
        return switch (logN) {
            case 13 -> new CkksParametersLiteral(13, new int[] {50, 35, 35, 35}, new int[] {50}, 35, ternary, 0, false);
            case 14 -> new CkksParametersLiteral(14, new int[] {60, 40, 40, 40}, new int[] {61, 61}, 40, ternary, 0,
                    false);
            case 15, 16 -> new CkksParametersLiteral(logN, new int[] {60, 45, 45, 45}, new int[] {61, 61}, 45, ternary,
                    0, false);
            case 10, 11, 12 -> new CkksParametersLiteral(logN, new int[] {50, 35, 35, 35}, new int[] {50}, 35, ternary,
                    0, true);
            default -> throw new IllegalArgumentException("--logn must be in [10, 16], got " + logN);
        };
    }

    /**
     * Runs the circuit on {@code context} with keys from {@code keyRandom}, encryption randomness from
     * {@code encryptionRandom} and the inputs drawn from {@code data}.
     */
    public static Result run(CkksContext context, Random keyRandom, Random encryptionRandom, Random data,
                             Steps steps) {
        return new DemoCircuit(context, steps).run(keyRandom, encryptionRandom, data);
    }

    private Result run(Random keyRandom, Random encryptionRandom, Random data) {
        int slots = params.maxSlots();
        double[] x = new double[slots];
        double[] y = new double[slots];
        for (int j = 0; j < slots; j++) {
            x[j] = 2 * data.nextDouble() - 1;
            y[j] = 2 * data.nextDouble() - 1;
        }
        KeyGenerator keygen = new KeyGenerator(context, keyRandom);
        try (SecretKey sk = time("keygen: secret + public key", keygen::genSecretKey);
             PublicKey pk = keygen.genPublicKey(sk);
             EvaluationKeySet keys = time("keygen: relinearization + rotation(1) keys",
                     () -> keygen.genEvaluationKeySet(sk, true, new int[] {1}, false))) {
            Encoder encoder = new Encoder(context);
            Encryptor encryptor = Encryptor.withPublicKey(context, pk, encryptionRandom);
            try (Ciphertext result = evaluate(new Evaluator(context, keys), encoder, encryptor, x, y)) {
                Decryptor decryptor = new Decryptor(context, sk);
                ComplexVector have = time("decrypt + decode", () -> {
                    try (Plaintext pt = decryptor.decryptNew(result)) {
                        return encoder.decode(pt);
                    }
                });
                double[] want = new double[slots];
                for (int j = 0; j < slots; j++) {
                    int k = (j + 1) % slots;
                    want[j] = x[k] * y[k] + (C2 * x[j] + C1) * x[j] + C0;
                }
                return new Result(result.level(), result.log2Scale(), have.re()[0], want[0],
                        PrecisionStats.compute(ComplexVector.real(want), have), slots);
            }
        }
    }

    /** Encrypts x and y and evaluates the circuit on them. */
    private Ciphertext evaluate(Evaluator ev, Encoder encoder, Encryptor encryptor, double[] x, double[] y) {
        BigDecimal scale = params.defaultScale();
        int top = params.maxLevel();
        try (Ciphertext cx = time("encode + encrypt x, y (public key)", () -> encrypt(encoder, encryptor, x, top,
                scale));
             Ciphertext cy = encrypt(encoder, encryptor, y, top, scale);
             Ciphertext xy = time("x·y: multiply + relinearize + rescale",
                     () -> ev.multiplyNew(cx, cy, top, null, true, true)); // one backend call
             Ciphertext rotated = time("rotate x·y by 1 slot", () -> ev.rotateNew(xy, 1));
             Ciphertext poly = time("p(x) = (c2·x + c1)·x + c0 (2 levels)", () -> quadratic(ev, cx))) {
            return time("align scale of the rotation exactly, add", () -> {
                BigDecimal target = poly.scale().multiply(new BigDecimal(params.q(rotated.level())),
                        Evaluator.SCALE_CONTEXT);
                try (Ciphertext aligned = ev.multiplyByConstantNew(rotated, 1.0, target)) {
                    ev.rescale(aligned, aligned);
                    return ev.addNew(aligned, poly);
                }
            });
        }
    }

    private static Ciphertext encrypt(Encoder encoder, Encryptor encryptor, double[] v, int level, BigDecimal scale) {
        try (Plaintext pt = encoder.encodeNew(v, level, scale)) {
            return encryptor.encryptNew(pt);
        }
    }

    /** (c2·x + c1)·x + c0: the constant product is rescaled back to Δ exactly, so the sum needs no alignment. */
    private static Ciphertext quadratic(Evaluator ev, Ciphertext x) {
        try (Ciphertext t = ev.multiplyByConstantNew(x, C2)) {
            ev.rescale(t, t);
            ev.addConstant(t, C1, t);
            Ciphertext u = ev.multiplyNew(t, x, t.level(), null, true, true); // x read at t's level: no copy
            ev.addConstant(u, C0, u);
            return u;
        }
    }

    private <T> T time(String step, Supplier<T> work) {
        long start = System.nanoTime();
        T result = work.get();
        steps.step(step, System.nanoTime() - start);
        return result;
    }
}

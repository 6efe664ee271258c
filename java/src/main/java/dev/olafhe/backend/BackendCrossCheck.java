package dev.olafhe.backend;

import dev.olafhe.math.Primes;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalDouble;
import java.util.Random;
import java.util.function.BiFunction;

/**
 * Differential check of one backend against another (normally the CPU reference): every SPI primitive runs
 * on the same random inputs on both, and the downloaded residues must be equal bit for bit. Meant for machines
 * where the contract tests cannot run (a GPU machine without Maven): {@code ola doctor --check}.
 */
public final class BackendCrossCheck {
    /**
     * Outcome for one primitive: equal or not, the first difference, the candidate's wall time (with uploads and
     * downloads) and, when the candidate has a device clock ({@link Backend#deviceTimeMillis}), the device time
     * of the primitive alone.
     */
    public record Result(String operation, boolean match, String detail, double candidateMillis,
                         OptionalDouble candidateDeviceMillis) {
    }

    private final Backend reference;
    private final Backend candidate;
    private final int logN;
    private final long[] q;
    private final long[] p;
    private final long seed;

    /** Ring of degree 2^logN with 5 Q primes (up to 61 bits) and 2 P primes; inputs drawn from {@code seed}. */
    public BackendCrossCheck(Backend reference, Backend candidate, int logN, long seed) {
        this.reference = reference;
        this.candidate = candidate;
        this.logN = logN;
        this.q = Primes.nttFriendlyPrimes(logN, new int[] {55, 40, 45, 61, 50}, List.of());
        this.p = Primes.nttFriendlyPrimes(logN, new int[] {61, 58}, Arrays.stream(q).boxed().toList());
        this.seed = seed;
    }

    /** Runs every primitive; never throws for a failing candidate (the exception becomes the detail). */
    public List<Result> run() {
        List<Result> results = new ArrayList<>();
        try (DeviceRing refRing = reference.createRing(logN, q, p); DeviceRing candRing = candidate.createRing(logN, q, p)) {
            Side ref = new Side(reference, refRing);
            Side cand = new Side(candidate, candRing);
            for (Operation op : operations()) {
                results.add(compare(op, ref, cand));
            }
        }
        return results;
    }

    private record Side(Backend backend, DeviceRing ring) {
    }

    /** One primitive: given a backend, a ring and the inputs (host limbs), returns the outputs. */
    private record Operation(String name, int qIn, int pIn, int inputs, BiFunction<Side, long[][][], Outputs> body) {
    }

    /** The outputs' residues, and the device time of the primitive call alone (empty without a device clock). */
    private record Outputs(long[][][] residues, OptionalDouble deviceMillis) {
    }

    private Result compare(Operation op, Side ref, Side cand) {
        Random random = new Random(seed ^ op.name().hashCode());
        long[][][] inputs = new long[op.inputs()][][];
        for (int i = 0; i < inputs.length; i++) {
            inputs[i] = randomLimbs(random, op.qIn(), op.pIn());
        }
        long[][][] expected = op.body().apply(ref, inputs).residues();
        long start = System.nanoTime();
        Outputs outputs;
        try {
            outputs = op.body().apply(cand, inputs);
        } catch (RuntimeException e) {
            return new Result(op.name(), false, "candidate failed: " + e, Double.NaN, OptionalDouble.empty());
        }
        double millis = (System.nanoTime() - start) / 1e6;
        long[][][] got = outputs.residues();
        for (int o = 0; o < expected.length; o++) {
            for (int l = 0; l < expected[o].length; l++) {
                for (int i = 0; i < expected[o][l].length; i++) {
                    if (expected[o][l][i] != got[o][l][i]) {
                        return new Result(op.name(), false, "output " + o + " limb " + l + " index " + i + ": expected "
                                + expected[o][l][i] + ", got " + got[o][l][i], millis, outputs.deviceMillis());
                    }
                }
            }
        }
        return new Result(op.name(), true, "bit-identical", millis, outputs.deviceMillis());
    }

    private long modulus(int limb, int qCount) {
        return limb < qCount ? q[limb] : p[limb - qCount];
    }

    private long[][] randomLimbs(Random random, int qCount, int pCount) {
        long[][] limbs = new long[qCount + pCount][1 << logN];
        for (int l = 0; l < limbs.length; l++) {
            for (int i = 0; i < limbs[l].length; i++) {
                limbs[l][i] = random.nextLong(modulus(l, qCount));
            }
        }
        return limbs;
    }

    private static DevicePoly up(Side s, long[][] limbs, int qCount, int pCount) {
        DevicePoly poly = s.backend().allocate(s.ring(), qCount, pCount);
        s.backend().upload(limbs, poly);
        return poly;
    }

    /** Uploads the inputs with the given shape, runs the body on fresh outputs of the other shape, downloads. */
    private static Outputs unary(Side s, long[][] in, int qIn, int pIn, int qOut, int pOut,
                                 TriConsumer<Backend, DevicePoly, DevicePoly> body) {
        try (DevicePoly a = up(s, in, qIn, pIn); DevicePoly out = s.backend().allocate(s.ring(), qOut, pOut)) {
            OptionalDouble deviceMillis = s.backend().deviceTimeMillis(() -> body.accept(s.backend(), a, out));
            return new Outputs(new long[][][] {s.backend().download(out)}, deviceMillis);
        }
    }

    @FunctionalInterface
    private interface TriConsumer<A, B, C> {
        void accept(A a, B b, C c);
    }

    private static Outputs binary(Side s, long[][][] in, TriConsumer<Backend, DevicePoly[], DevicePoly> body) {
        try (DevicePoly a = up(s, in[0], 5, 2); DevicePoly b = up(s, in[1], 5, 2);
             DevicePoly out = up(s, in[2], 5, 2)) {
            OptionalDouble deviceMillis =
                    s.backend().deviceTimeMillis(() -> body.accept(s.backend(), new DevicePoly[] {a, b}, out));
            return new Outputs(new long[][][] {s.backend().download(out)}, deviceMillis);
        }
    }

    private List<Operation> operations() {
        List<Operation> ops = new ArrayList<>();
        ops.add(transfers());
        ops.addAll(elementWise());
        ops.addAll(transformsAndModulusSwitching());
        ops.add(tensor());
        ops.add(innerProduct());
        ops.add(multiplyRelinearize());
        return ops;
    }

    /**
     * The whole operation of a Chebyshev power: tensor of two level-4 ciphertexts at level 3, 2·d − other, relinearized
     * with a 2-digit key (digits of 2 limbs), rescaled to level 2. Inputs 0-5 are ciphertext parts (their Q limbs),
     * 6-9 the key halves.
     */
    private static Operation multiplyRelinearize() {
        return new Operation("multiplyRelinearize(level 3)", 5, 2, 10, (s, in) -> {
            Backend b = s.backend();
            DevicePoly[] x = new DevicePoly[10];
            for (int i = 0; i < 10; i++) {
                x[i] = i < 6 ? up(s, Arrays.copyOf(in[i], 5), 5, 0) : up(s, in[i], 5, 2);
            }
            ProductCombination twiceMinusOther = new ProductCombination(new DevicePoly[][] {{x[4], x[5]}},
                    new BigInteger[] {BigInteger.TWO, BigInteger.ONE.negate()}, null, false);
            try (DevicePoly o0 = b.allocate(s.ring(), 3, 0); DevicePoly o1 = b.allocate(s.ring(), 3, 0);
                 ScratchArena scratch = new ScratchArena(b, s.ring())) {
                OptionalDouble deviceMillis = b.deviceTimeMillis(() -> b.multiplyRelinearize(
                        new DevicePoly[] {x[0], x[1]}, new DevicePoly[] {x[2], x[3]}, twiceMinusOther, 2,
                        new DevicePoly[] {x[6], x[7]}, new DevicePoly[] {x[8], x[9]}, true, new DevicePoly[] {o0, o1},
                        scratch));
                return new Outputs(new long[][][] {b.download(o0), b.download(o1)}, deviceMillis);
            } finally {
                for (DevicePoly poly : x) {
                    poly.close();
                }
            }
        });
    }

    /** Upload, copy and download, timed together (the transfers are what is measured here). */
    private static Operation transfers() {
        return new Operation("upload/download", 5, 2, 1, (s, in) -> {
            try (DevicePoly a = s.backend().allocate(s.ring(), 5, 2);
                 DevicePoly out = s.backend().allocate(s.ring(), 5, 2)) {
                long[][][] residues = new long[1][][];
                OptionalDouble deviceMillis = s.backend().deviceTimeMillis(() -> {
                    s.backend().upload(in[0], a);
                    s.backend().copy(a, out);
                    residues[0] = s.backend().download(out);
                });
                return new Outputs(residues, deviceMillis);
            }
        });
    }

    private static List<Operation> elementWise() {
        BigInteger c = new BigInteger("-123456789012345678901234567890123");
        return List.of(
                new Operation("add", 5, 2, 3, (s, in) -> binary(s, in, (b, x, o) -> b.add(x[0], x[1], o))),
                new Operation("sub", 5, 2, 3, (s, in) -> binary(s, in, (b, x, o) -> b.sub(x[0], x[1], o))),
                new Operation("mul", 5, 2, 3, (s, in) -> binary(s, in, (b, x, o) -> b.mul(x[0], x[1], o))),
                new Operation("mulAdd", 5, 2, 3, (s, in) -> binary(s, in, (b, x, o) -> b.mulAdd(x[0], x[1], o))),
                new Operation("neg", 5, 2, 3, (s, in) -> binary(s, in, (b, x, o) -> b.neg(x[0], o))),
                new Operation("mulScalar", 5, 2, 3, (s, in) -> binary(s, in, (b, x, o) -> b.mulScalar(x[0], c, o))),
                new Operation("addScalarNtt", 5, 2, 3,
                        (s, in) -> binary(s, in, (b, x, o) -> b.addScalarNtt(x[0], c, o))));
    }

    private static List<Operation> transformsAndModulusSwitching() {
        return List.of(
                new Operation("ntt", 5, 2, 1, (s, in) -> unary(s, in[0], 5, 2, 5, 2, Backend::ntt)),
                new Operation("intt", 5, 2, 1, (s, in) -> unary(s, in[0], 5, 2, 5, 2, Backend::intt)),
                new Operation("automorphismNtt(5^3)", 5, 2, 1,
                        (s, in) -> unary(s, in[0], 5, 2, 5, 2, (b, a, o) -> b.automorphismNtt(a, 125, o))),
                new Operation("automorphismCoeff(-1)", 5, 2, 1,
                        (s, in) -> unary(s, in[0], 5, 2, 5, 2, (b, a, o) -> b.automorphismCoeff(a, -1, o))),
                new Operation("rescaleNtt", 5, 0, 1, (s, in) -> unary(s, in[0], 5, 0, 4, 0, Backend::rescaleNtt)),
                new Operation("modRaise", 1, 0, 1, (s, in) -> unary(s, in[0], 1, 0, 5, 2, Backend::modRaise)),
                new Operation("modUp(digit 2..3)", 5, 0, 1,
                        (s, in) -> unary(s, in[0], 5, 0, 5, 2, (b, a, o) -> b.modUp(a, 2, 2, o))),
                new Operation("modDown", 5, 2, 1, (s, in) -> unary(s, in[0], 5, 2, 3, 0, Backend::modDown)));
    }

    private static Operation tensor() {
        return new Operation("tensor", 4, 0, 4, (s, in) -> {
            DevicePoly[] x = new DevicePoly[4];
            for (int i = 0; i < 4; i++) {
                x[i] = up(s, in[i], 4, 0);
            }
            try (DevicePoly d0 = s.backend().allocate(s.ring(), 4, 0); DevicePoly d1 = s.backend().allocate(s.ring(), 4, 0);
                 DevicePoly d2 = s.backend().allocate(s.ring(), 4, 0)) {
                OptionalDouble deviceMillis =
                        s.backend().deviceTimeMillis(() -> s.backend().tensor(x[0], x[1], x[2], x[3], d0, d1, d2));
                return new Outputs(new long[][][] {s.backend().download(d0), s.backend().download(d1), s.backend().download(d2)},
                        deviceMillis);
            } finally {
                for (DevicePoly poly : x) {
                    poly.close();
                }
            }
        });
    }

    private static Operation innerProduct() {
        return new Operation("innerProduct(3 digits)", 5, 2, 9, (s, in) -> {
            DevicePoly[][] parts = new DevicePoly[3][3];
            for (int j = 0; j < 3; j++) {
                for (int k = 0; k < 3; k++) {
                    parts[k][j] = up(s, in[3 * k + j], 5, 2);
                }
            }
            try (DevicePoly o0 = s.backend().allocate(s.ring(), 3, 2); DevicePoly o1 = s.backend().allocate(s.ring(), 3, 2)) {
                OptionalDouble deviceMillis =
                        s.backend().deviceTimeMillis(() -> s.backend().innerProduct(parts[0], parts[1], parts[2], o0, o1));
                return new Outputs(new long[][][] {s.backend().download(o0), s.backend().download(o1)}, deviceMillis);
            } finally {
                for (DevicePoly[] row : parts) {
                    for (DevicePoly poly : row) {
                        poly.close();
                    }
                }
            }
        });
    }
}

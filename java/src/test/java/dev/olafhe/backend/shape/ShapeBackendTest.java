package dev.olafhe.backend.shape;

import dev.olafhe.backend.Backend;
import dev.olafhe.backend.DevicePoly;
import dev.olafhe.backend.DeviceRing;
import dev.olafhe.backend.ScratchArena;
import dev.olafhe.backend.cpu.CpuBackend;
import dev.olafhe.math.Primes;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The shape backend accepts what the CPU backend accepts and refuses what it refuses, with the same exception type:
 * each case runs on a fresh ring of both backends. Cases marked as misuse must be refused by the CPU backend (so that
 * the list checks real refusals); valid ones must run on both.
 */
class ShapeBackendTest {
    private static final int LOG_N = 6;
    private static final int N = 1 << LOG_N;
    private static final long[] Q = Primes.nttFriendlyPrimes(LOG_N, new int[] {50, 40, 40}, List.of());
    private static final long[] P = Primes.nttFriendlyPrimes(LOG_N, new int[] {61, 55},
            Arrays.stream(Q).boxed().toList());

    @FunctionalInterface
    interface Call {
        void run(Backend b, DeviceRing ring);
    }

    /** A named call and whether the CPU backend refuses it. */
    record Case(String name, boolean misuse, Call call) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static DevicePoly p(Backend b, DeviceRing ring, int q, int pCount) {
        return b.allocate(ring, q, pCount);
    }

    private static DevicePoly closed(Backend b, DeviceRing ring, int q, int pCount) {
        DevicePoly x = b.allocate(ring, q, pCount);
        x.close();
        return x;
    }

    private static Case ok(String name, Call call) {
        return new Case(name, false, call);
    }

    private static Case bad(String name, Call call) {
        return new Case(name, true, call);
    }

    static Stream<Case> cases() {
        return Stream.of(elementWise(), transforms(), switching(), memory()).flatMap(s -> s);
    }

    private static Stream<Case> elementWise() {
        return Stream.of(
                ok("add", (b, r) -> b.add(p(b, r, 3, 0), p(b, r, 3, 0), p(b, r, 3, 0))),
                ok("add into fewer limbs", (b, r) -> b.add(p(b, r, 3, 2), p(b, r, 3, 0), p(b, r, 2, 0))),
                bad("add: input lacks a Q limb", (b, r) -> b.add(p(b, r, 2, 0), p(b, r, 3, 0), p(b, r, 3, 0))),
                bad("sub: input lacks a P limb", (b, r) -> b.sub(p(b, r, 3, 2), p(b, r, 3, 1), p(b, r, 3, 2))),
                bad("mul: closed operand", (b, r) -> b.mul(closed(b, r, 3, 0), p(b, r, 3, 0), p(b, r, 3, 0))),
                ok("mulAdd", (b, r) -> b.mulAdd(p(b, r, 3, 2), p(b, r, 3, 2), p(b, r, 3, 2))),
                bad("neg: output has more limbs", (b, r) -> b.neg(p(b, r, 1, 0), p(b, r, 2, 0))),
                ok("mulScalar", (b, r) -> b.mulScalar(p(b, r, 2, 2), BigInteger.valueOf(-7), p(b, r, 2, 2))),
                bad("addScalarNtt: input lacks P", (b, r) -> b.addScalarNtt(p(b, r, 2, 0), BigInteger.TWO,
                        p(b, r, 2, 1))),
                ok("tensor", (b, r) -> b.tensor(p(b, r, 3, 0), p(b, r, 3, 0), p(b, r, 3, 0), p(b, r, 3, 0),
                        p(b, r, 2, 0), p(b, r, 2, 0), p(b, r, 2, 0))),
                bad("tensor: outputs differ", (b, r) -> b.tensor(p(b, r, 3, 0), p(b, r, 3, 0), p(b, r, 3, 0),
                        p(b, r, 3, 0), p(b, r, 2, 0), p(b, r, 3, 0), p(b, r, 2, 0))),
                bad("tensor: input lower", (b, r) -> b.tensor(p(b, r, 3, 0), p(b, r, 1, 0), p(b, r, 3, 0),
                        p(b, r, 3, 0), p(b, r, 2, 0), p(b, r, 2, 0), p(b, r, 2, 0))),
                ok("copy drops and zero-fills limbs", (b, r) -> b.copy(p(b, r, 2, 0), p(b, r, 3, 2))));
    }

    private static Stream<Case> transforms() {
        return Stream.of(
                ok("ntt in place", (b, r) -> {
                    DevicePoly x = p(b, r, 3, 2);
                    b.ntt(x, x);
                }),
                bad("intt: input lacks a limb", (b, r) -> b.intt(p(b, r, 1, 0), p(b, r, 2, 0))),
                ok("automorphismNtt", (b, r) -> b.automorphismNtt(p(b, r, 3, 0), 5, p(b, r, 3, 0))),
                bad("automorphismNtt: even element", (b, r) -> b.automorphismNtt(p(b, r, 3, 0), 4, p(b, r, 3, 0))),
                bad("automorphismNtt: aliased", (b, r) -> {
                    DevicePoly x = p(b, r, 3, 0);
                    b.automorphismNtt(x, 5, x);
                }),
                ok("automorphismCoeff", (b, r) -> b.automorphismCoeff(p(b, r, 3, 2), 2 * N - 1, p(b, r, 2, 2))),
                bad("automorphismCoeff: even element", (b, r) -> b.automorphismCoeff(p(b, r, 3, 0), 2,
                        p(b, r, 3, 0))),
                bad("automorphismCoeff: input lacks a limb", (b, r) -> b.automorphismCoeff(p(b, r, 2, 0), 5,
                        p(b, r, 3, 0))));
    }

    private static Stream<Case> switching() {
        return Stream.of(
                ok("rescaleNtt", (b, r) -> b.rescaleNtt(p(b, r, 3, 0), p(b, r, 2, 0))),
                bad("rescaleNtt: same level", (b, r) -> b.rescaleNtt(p(b, r, 3, 0), p(b, r, 3, 0))),
                bad("rescaleNtt: P limbs", (b, r) -> b.rescaleNtt(p(b, r, 3, 2), p(b, r, 2, 0))),
                bad("rescaleNtt: one limb", (b, r) -> b.rescaleNtt(p(b, r, 1, 0), p(b, r, 1, 0))),
                ok("modRaise", (b, r) -> b.modRaise(p(b, r, 1, 0), p(b, r, 3, 2))),
                bad("modRaise: two limbs", (b, r) -> b.modRaise(p(b, r, 2, 0), p(b, r, 3, 0))),
                ok("modUp", (b, r) -> b.modUp(p(b, r, 3, 0), 2, 1, p(b, r, 3, 2))),
                bad("modUp: digit outside", (b, r) -> b.modUp(p(b, r, 3, 0), 2, 2, p(b, r, 3, 2))),
                bad("modUp: input with P", (b, r) -> b.modUp(p(b, r, 3, 2), 0, 2, p(b, r, 3, 2))),
                bad("modUp: empty digit", (b, r) -> b.modUp(p(b, r, 3, 0), 0, 0, p(b, r, 3, 2))),
                ok("innerProduct", (b, r) -> b.innerProduct(polys(b, r, 2, 3, 2), polys(b, r, 3, 3, 2),
                        polys(b, r, 3, 3, 2), p(b, r, 3, 2), p(b, r, 3, 2))),
                bad("innerProduct: more digits than key", (b, r) -> b.innerProduct(polys(b, r, 3, 3, 2),
                        polys(b, r, 2, 3, 2), polys(b, r, 2, 3, 2), p(b, r, 3, 2), p(b, r, 3, 2))),
                bad("innerProduct: key lacks a P limb", (b, r) -> b.innerProduct(polys(b, r, 2, 3, 2),
                        polys(b, r, 2, 3, 1), polys(b, r, 2, 3, 2), p(b, r, 3, 2), p(b, r, 3, 2))),
                bad("innerProduct: outputs differ", (b, r) -> b.innerProduct(polys(b, r, 2, 3, 2),
                        polys(b, r, 2, 3, 2), polys(b, r, 2, 3, 2), p(b, r, 3, 2), p(b, r, 2, 2))),
                ok("modDown", (b, r) -> b.modDown(p(b, r, 3, 2), p(b, r, 2, 0))),
                bad("modDown: not all P", (b, r) -> b.modDown(p(b, r, 3, 1), p(b, r, 2, 0))),
                bad("modDown: output higher", (b, r) -> b.modDown(p(b, r, 2, 2), p(b, r, 3, 0))),
                ok("keySwitch (whole operation, default composition)", (b, r) -> {
                    try (ScratchArena scratch = new ScratchArena(b, r)) {
                        b.keySwitch(p(b, r, 3, 0), 2, polys(b, r, 2, 3, 2), polys(b, r, 2, 3, 2), p(b, r, 3, 0),
                                p(b, r, 3, 0), scratch);
                    }
                }),
                bad("keySwitch: key with one digit for two", (b, r) -> {
                    try (ScratchArena scratch = new ScratchArena(b, r)) {
                        b.keySwitch(p(b, r, 3, 0), 2, polys(b, r, 1, 3, 2), polys(b, r, 1, 3, 2), p(b, r, 3, 0),
                                p(b, r, 3, 0), scratch);
                    }
                }));
    }

    private static Stream<Case> memory() {
        return Stream.of(
                bad("allocate: too many Q limbs", (b, r) -> p(b, r, 4, 0)),
                bad("allocate: no limbs", (b, r) -> p(b, r, 0, 0)),
                bad("allocate: closed ring", (b, r) -> {
                    r.close();
                    p(b, r, 1, 0);
                }),
                bad("add: polys of different rings", (b, r) -> {
                    try (DeviceRing other = b.createRing(LOG_N, Q, P)) {
                        b.add(p(b, r, 1, 0), b.allocate(other, 1, 0), p(b, r, 1, 0));
                    }
                }),
                ok("upload", (b, r) -> b.upload(new long[3][N], p(b, r, 2, 1))),
                bad("upload: limb count", (b, r) -> b.upload(new long[2][N], p(b, r, 2, 1))),
                bad("upload: limb length", (b, r) -> b.upload(new long[3][N / 2], p(b, r, 2, 1))),
                bad("upload: residue out of range", (b, r) -> {
                    long[][] limbs = new long[1][N];
                    limbs[0][3] = Q[0];
                    b.upload(limbs, p(b, r, 1, 0));
                }),
                ok("views", (b, r) -> b.views(p(b, r, 3, 2), new int[] {1, 3, 1}, new int[] {0, 2, 2})),
                bad("views: larger than the buffer", (b, r) -> b.views(p(b, r, 2, 0), new int[] {3}, new int[] {0})),
                bad("view used after its buffer is closed", (b, r) -> {
                    DevicePoly buffer = p(b, r, 3, 0);
                    DevicePoly view = b.views(buffer, new int[] {2}, new int[] {0})[0];
                    buffer.close();
                    b.add(view, view, view);
                }),
                bad("download: closed", (b, r) -> b.download(closed(b, r, 1, 0))));
    }

    private static DevicePoly[] polys(Backend b, DeviceRing r, int count, int q, int pCount) {
        DevicePoly[] out = new DevicePoly[count];
        for (int i = 0; i < count; i++) {
            out[i] = b.allocate(r, q, pCount);
        }
        return out;
    }

    /** "ok", or the simple name of the exception the call threw. */
    private static String outcome(Backend backend, Call call) {
        try (DeviceRing ring = backend.createRing(LOG_N, Q, P)) {
            call.run(backend, ring);
            return "ok";
        } catch (RuntimeException e) {
            return e.getClass().getSimpleName();
        }
    }

    @ParameterizedTest
    @MethodSource("cases")
    void acceptsAndRefusesWhatTheCpuBackendDoes(Case c) {
        try (CpuBackend cpu = new CpuBackend(1); ShapeBackend shape = new ShapeBackend()) {
            String want = outcome(cpu, c.call());
            assertEquals(c.misuse(), !want.equals("ok"), "the CPU backend's outcome: " + want);
            assertEquals(want, outcome(shape, c.call()));
        }
    }

    @Test
    void downloadsZerosOfThePolysShape() {
        try (ShapeBackend shape = new ShapeBackend(); DeviceRing ring = shape.createRing(LOG_N, Q, P)) {
            DevicePoly x = shape.allocate(ring, 2, 1);
            long[][] limbs = new long[3][N];
            limbs[1][5] = 9;
            shape.upload(limbs, x);
            assertArrayEquals(new long[3][N], shape.download(x), "no coefficients are kept");
            DevicePoly view = shape.views(x, new int[] {1}, new int[] {0})[0];
            assertEquals(1, view.limbCount());
            assertEquals(1, shape.download(view).length);
        }
    }

    @Test
    void refusesTheRingsTheCpuBackendRefuses() {
        long notNttFriendly = Q[0] + 2; // odd, but not 1 mod 2N: no negacyclic NTT
        try (CpuBackend cpu = new CpuBackend(1); ShapeBackend shape = new ShapeBackend()) {
            for (Backend b : List.of(cpu, shape)) {
                assertThrows(IllegalArgumentException.class,
                        () -> b.createRing(LOG_N, new long[] {notNttFriendly}, P), b.name());
                assertThrows(IllegalArgumentException.class, () -> b.createRing(18, Q, P), b.name());
            }
        }
    }
}

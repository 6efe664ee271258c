package dev.olafhe.bench;

import dev.olafhe.backend.DevicePoly;
import dev.olafhe.backend.DeviceRing;
import dev.olafhe.backend.cpu.CpuBackend;
import dev.olafhe.math.Modulus;
import dev.olafhe.math.Primes;
import dev.olafhe.math.VectorKernels;

import java.lang.management.ManagementFactory;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;

/**
 * In-process micro-benchmark of the CPU backend's element-wise operations on one logN-16 polynomial of {@code limbs}
 * limbs of {@code bits} bits (default 27 x 45), one thread: mulAdd, mul, add, sub, mulScalar, and a plaintext-ciphertext
 * product (mul of both ciphertext parts by one plaintext). Reports per operation the min and median thread CPU time
 * of the second half of the rounds, the path it took ({@link VectorKernels}) and the bytes the calling thread
 * allocated per call (the backend runs inline on one thread, so a boxing kernel shows up here). Run it once with
 * {@code -Dolafhe.math.vector=false} for the scalar arm, with {@code --add-modules jdk.incubator.vector}.
 * Arguments: [rounds] [limbs] [bits].
 */
public final class ElementWiseProbe {
    private static final int LOG_N = 16;

    private ElementWiseProbe() {
    }

    private record Case(String name, Consumer<DevicePoly[]> run) {
    }

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 40;
        int limbs = args.length > 1 ? Integer.parseInt(args[1]) : 27;
        int bits = args.length > 2 ? Integer.parseInt(args[2]) : 45;
        int[] sizes = new int[limbs];
        Arrays.fill(sizes, bits);
        long[] primes = Primes.nttFriendlyPrimes(LOG_N, sizes, List.of());
        Modulus first = new Modulus(primes[0]);
        System.out.printf("java %s, %s; %d limbs of %d bits, logN %d, one thread; products %s, additions %s%n",
                Runtime.version(), System.getProperty("java.vm.name"), limbs, bits, LOG_N,
                VectorKernels.supports(first) ? "vector" : "scalar",
                VectorKernels.supportsAdditions() ? "vector" : "scalar");
        try (CpuBackend backend = new CpuBackend(1)) {
            DeviceRing ring = backend.createRing(LOG_N, primes, new long[0]);
            DevicePoly[] p = new DevicePoly[5];
            Random random = new Random(3);
            for (int i = 0; i < p.length; i++) {
                p[i] = backend.allocate(ring, limbs, 0);
                backend.upload(randomLimbs(primes, random), p[i]);
            }
            BigInteger scalar = BigInteger.valueOf(random.nextLong(primes[0]));
            List<Case> cases = List.of(
                    new Case("mulAdd", x -> backend.mulAdd(x[0], x[1], x[2])),
                    new Case("mul", x -> backend.mul(x[0], x[1], x[3])),
                    new Case("add", x -> backend.add(x[0], x[1], x[3])),
                    new Case("sub", x -> backend.sub(x[0], x[1], x[3])),
                    new Case("mulScalar", x -> backend.mulScalar(x[0], scalar, x[3])),
                    new Case("plaintext x ciphertext", x -> {
                        backend.mul(x[0], x[2], x[3]);
                        backend.mul(x[1], x[2], x[4]);
                    }));
            for (Case c : cases) {
                time(c, p, rounds);
            }
        }
    }

    private static long[][] randomLimbs(long[] primes, Random random) {
        long[][] limbs = new long[primes.length][1 << LOG_N];
        for (int l = 0; l < primes.length; l++) {
            for (int i = 0; i < limbs[l].length; i++) {
                limbs[l][i] = random.nextLong(primes[l]);
            }
        }
        return limbs;
    }

    private static void time(Case c, DevicePoly[] p, int rounds) {
        com.sun.management.ThreadMXBean bean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long[] ns = new long[rounds];
        long allocatedInSecondHalf = 0;
        for (int r = 0; r < rounds; r++) {
            long bytes = bean.getCurrentThreadAllocatedBytes();
            long t0 = bean.getCurrentThreadCpuTime();
            c.run().accept(p);
            ns[r] = bean.getCurrentThreadCpuTime() - t0;
            if (r >= rounds / 2) {
                allocatedInSecondHalf += bean.getCurrentThreadAllocatedBytes() - bytes;
            }
        }
        long[] tail = Arrays.copyOfRange(ns, rounds / 2, rounds);
        Arrays.sort(tail);
        System.out.printf("%-24s min %8.3f ms  median %8.3f ms  allocated %d bytes/call (second half of %d rounds)%n",
                c.name(), tail[0] / 1e6, tail[tail.length / 2] / 1e6, allocatedInSecondHalf / tail.length, rounds);
    }
}

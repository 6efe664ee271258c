package dev.olafhe.bench;

import dev.olafhe.ckks.CkksParameters;
import dev.olafhe.ckks.boot.BootstrappingParameters;
import dev.olafhe.ckks.boot.BootstrappingPresets;
import dev.olafhe.math.Modulus;
import dev.olafhe.math.NttTables;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Random;
import java.util.Set;

/**
 * In-process micro-benchmark of the forward NTT on one limb at logN 16, scalar ({@link NttTables#forwardScalar})
 * against {@link NttTables#forward} (the Vector API transform where it applies), and the same for the inverse,
 * alternating in one JVM, thread CPU time, min and median of many; first an exactness check of both pairs on every
 * prime of the logN-16 chains.
 * Run with {@code --add-modules jdk.incubator.vector}; arguments: [rounds] [bits].
 */
public final class VectorNttProbe {
    private VectorNttProbe() {
    }

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        int bits = args.length > 1 ? Integer.parseInt(args[1]) : 45;
        System.out.println("java " + Runtime.version() + ", " + System.getProperty("java.vm.name"));
        checkExactness();
        time(16, primeOf(bits), rounds);
    }

    private static long primeOf(int bits) {
        for (long q : chainPrimes()) {
            if (64 - Long.numberOfLeadingZeros(q) == bits) {
                return q;
            }
        }
        throw new IllegalArgumentException("no " + bits + "-bit prime in the logN-16 chains");
    }

    private static Set<Long> chainPrimes() {
        Set<Long> primes = new LinkedHashSet<>();
        CkksParameters bench = CkksParameters.of(BenchParameters.logN16());
        CkksParameters resnet = BootstrappingParameters.of(BootstrappingPresets.n16ResNet()).ckks();
        CkksParameters h192 = BootstrappingParameters.of(BootstrappingPresets.n16H192()).ckks();
        for (CkksParameters p : new CkksParameters[] {bench, resnet, h192}) {
            for (long q : p.qModuli()) {
                primes.add(q);
            }
            for (long q : p.pModuli()) {
                primes.add(q);
            }
        }
        return primes;
    }

    private static void checkExactness() {
        Random random = new Random(7);
        int vector = 0;
        int scalar = 0;
        for (long q : chainPrimes()) {
            NttTables tables = new NttTables(new Modulus(q), 16);
            for (int trial = 0; trial < 4; trial++) {
                long[] a = new long[tables.n()];
                for (int i = 0; i < a.length; i++) {
                    a[i] = trial == 0 ? q - 1 : trial == 1 && i % 3 == 0 ? 0 : random.nextLong(q);
                }
                long[] expected = a.clone();
                tables.forwardScalar(expected);
                long[] inverse = a.clone();
                tables.forward(a);
                long[] expectedInverse = inverse.clone();
                tables.inverseScalar(expectedInverse);
                tables.inverse(inverse);
                if (!Arrays.equals(expected, a) || !Arrays.equals(expectedInverse, inverse)) {
                    throw new AssertionError("vector NTT differs from the scalar one for q = " + q + ", trial " + trial);
                }
            }
            if (tables.forwardImplementation().equals("scalar")) {
                scalar++;
            } else {
                vector++;
            }
        }
        System.out.printf("exactness: %d primes on the vector path bit-identical to scalar (4 inputs each), "
                + "%d primes scalar%n", vector, scalar);
    }

    private static void time(int logN, long q, int rounds) {
        ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        NttTables tables = new NttTables(new Modulus(q), logN);
        long[] a = new long[tables.n()];
        Random random = new Random(1);
        for (int i = 0; i < a.length; i++) {
            a[i] = random.nextLong(q);
        }
        long[] scalarNs = new long[rounds];
        long[] vectorNs = new long[rounds];
        long[] scalarInvNs = new long[rounds];
        long[] vectorInvNs = new long[rounds];
        for (int r = 0; r < rounds; r++) {
            long t0 = bean.getCurrentThreadCpuTime();
            tables.forwardScalar(a);
            long t1 = bean.getCurrentThreadCpuTime();
            tables.forward(a);
            long t2 = bean.getCurrentThreadCpuTime();
            tables.inverseScalar(a);
            long t3 = bean.getCurrentThreadCpuTime();
            tables.inverse(a);
            long t4 = bean.getCurrentThreadCpuTime();
            scalarNs[r] = t1 - t0;
            vectorNs[r] = t2 - t1;
            scalarInvNs[r] = t3 - t2;
            vectorInvNs[r] = t4 - t3;
        }
        report("scalar forward", q, scalarNs);
        report(tables.forwardImplementation() + " forward", q, vectorNs);
        report("scalar inverse", q, scalarInvNs);
        report(tables.forwardImplementation() + " inverse", q, vectorInvNs);
        int half = rounds / 2;
        double s = min(scalarNs, half);
        double v = min(vectorNs, half);
        System.out.printf("speed-up (min, second half): forward %.2fx, inverse %.2fx%n", s / v,
                min(scalarInvNs, half) / min(vectorInvNs, half));
    }

    private static double min(long[] ns, int from) {
        return Arrays.stream(ns, from, ns.length).min().orElseThrow();
    }

    private static void report(String name, long q, long[] ns) {
        int half = ns.length / 2;
        long[] tail = Arrays.copyOfRange(ns, half, ns.length);
        Arrays.sort(tail);
        System.out.printf("%s NTT logN 16, %d-bit q: min %.1f us, median %.1f us (second half of %d rounds)%n",
                name, 64 - Long.numberOfLeadingZeros(q), tail[0] / 1e3, tail[tail.length / 2] / 1e3, ns.length);
    }
}

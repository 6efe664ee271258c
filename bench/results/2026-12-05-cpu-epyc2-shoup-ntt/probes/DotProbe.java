package dev.olafhe.math;
import java.util.*;
public class DotProbe {
    public static void main(String[] a) {
        int n = 1 << 16, d = 10;
        Modulus m = new Modulus(Primes.nttFriendlyPrimes(16, new int[] {58}, List.of())[0]);
        Random r = new Random(3);
        long[][] x = new long[d][n], kb = new long[d][n], ka = new long[d][n];
        for (long[][] t : new long[][][] {x, kb, ka}) for (long[] row : t) for (int c = 0; c < n; c++) row[c] = Math.floorMod(r.nextLong(), m.value());
        long[] o0 = new long[n], o1 = new long[n], s0 = new long[n], s1 = new long[n];
        var mx = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long[] tv = new long[40], ts = new long[40]; long alloc = 0;
        for (int k = 0; k < 40; k++) {
            long a0 = mx.getCurrentThreadAllocatedBytes();
            long t0 = mx.getCurrentThreadCpuTime();
            VectorWideDotProducts.keyProducts(m, x, kb, ka, o0, o1);
            long t1 = mx.getCurrentThreadCpuTime();
            alloc = mx.getCurrentThreadAllocatedBytes() - a0;
            long[] h0 = new long[1024], l0 = new long[1024], h1 = new long[1024], l1 = new long[1024];
            for (int f = 0; f < n; f += 1024) {
                Arrays.fill(h0, 0); Arrays.fill(l0, 0); Arrays.fill(h1, 0); Arrays.fill(l1, 0);
                for (int j = 0; j < d; j++) { WideSums.addProducts(x[j], kb[j], f, h0, l0, 1024); WideSums.addProducts(x[j], ka[j], f, h1, l1, 1024); }
                WideSums.reduce(m, h0, l0, s0, f, 1024); WideSums.reduce(m, h1, l1, s1, f, 1024);
            }
            long t2 = mx.getCurrentThreadCpuTime();
            tv[k] = t1 - t0; ts[k] = t2 - t1;
        }
        if (!Arrays.equals(o0, s0) || !Arrays.equals(o1, s1)) throw new AssertionError("differ");
        Arrays.sort(tv, 20, 40); Arrays.sort(ts, 20, 40);
        System.out.printf("inner product, 10 digits, 58-bit limb, N=2^16: vector %.2f ms, scalar %.2f ms; vector alloc/call %d B%n", tv[30] / 1e6, ts[30] / 1e6, alloc);
    }
}

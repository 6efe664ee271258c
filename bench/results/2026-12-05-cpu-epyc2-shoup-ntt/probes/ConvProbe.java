package dev.olafhe.math;
import java.util.*;
public class ConvProbe {
    public static void main(String[] a) {
        int n = 1 << 16;
        long[] sp = Primes.nttFriendlyPrimes(16, new int[] {58, 58, 58}, List.of());
        Set<Long> ex = new HashSet<>(); for (long p : sp) ex.add(p);
        int[] tb = new int[17]; Arrays.fill(tb, 0, 8, 58); Arrays.fill(tb, 8, 11, 52); Arrays.fill(tb, 11, 14, 60); Arrays.fill(tb, 14, 17, 56);
        long[] tp = Primes.nttFriendlyPrimes(16, tb, ex);
        Modulus[] s = Arrays.stream(sp).mapToObj(Modulus::new).toArray(Modulus[]::new);
        Modulus[] t = Arrays.stream(tp).mapToObj(Modulus::new).toArray(Modulus[]::new);
        BasisConverter v = new BasisConverter(s, t, true), sc = new BasisConverter(s, t, false);
        Random r = new Random(3); long[][] y = new long[3][n];
        for (int i = 0; i < 3; i++) for (int c = 0; c < n; c++) y[i][c] = Math.floorMod(r.nextLong(), sp[i]);
        long[] u = new long[n]; v.overflow(y, true, u);
        long[][] o1 = new long[t.length][n], o2 = new long[t.length][n];
        var mx = java.lang.management.ManagementFactory.getThreadMXBean();
        long[] tv = new long[30], ts = new long[30];
        for (int k = 0; k < 30; k++) {
            long t0 = mx.getCurrentThreadCpuTime();
            for (int f = 0; f < n; f += 1024) v.accumulateBlock(y, u, o1, f, 1024);
            long t1 = mx.getCurrentThreadCpuTime();
            for (int f = 0; f < n; f += 1024) sc.accumulateBlock(y, u, o2, f, 1024);
            long t2 = mx.getCurrentThreadCpuTime();
            tv[k] = t1 - t0; ts[k] = t2 - t1;
        }
        for (int j = 0; j < t.length; j++) if (!Arrays.equals(o1[j], o2[j])) throw new AssertionError("differ " + j);
        Arrays.sort(tv, 15, 30); Arrays.sort(ts, 15, 30);
        System.out.printf("17 wide targets x 3 sources, N=2^16: vector %.1f ms, scalar %.1f ms (medians of last 15)%n", tv[22] / 1e6, ts[22] / 1e6);
    }
}

import dev.olafhe.math.*;
import jdk.incubator.vector.*;
import java.util.*;

public class P64 {
    static final VectorSpecies<Long> LS = LongVector.SPECIES_256;
    static final long M = 0xFFFFFFFFL;
    final int n, logN; final long q; final long[] w, ws;
    P64(long q, int logN, long[] w, long[] ws) { this.q = q; this.logN = logN; this.n = 1 << logN; this.w = w; this.ws = ws; }

    static LongVector lo32(LongVector v) { return v.and(M); }
    static LongVector hi32(LongVector v) { return v.lanewise(VectorOperators.LSHR, 32); }

    // y*w - hi(y*ws)*q mod 2^64, in [0, 2q)
    static LongVector mulLazy(LongVector y, LongVector wl, LongVector wh, LongVector sl, LongVector sh, LongVector ql, LongVector qh) {
        LongVector yl = lo32(y), yh = hi32(y);
        LongVector p0 = yl.mul(sl), p1 = yl.mul(sh), p2 = yh.mul(sl), p3 = yh.mul(sh);
        LongVector mid = hi32(p0).add(lo32(p1)).add(lo32(p2));
        LongVector hi = p3.add(hi32(p1)).add(hi32(p2)).add(hi32(mid));
        LongVector lo = yl.mul(wl).add(yl.mul(wh).add(yh.mul(wl)).lanewise(VectorOperators.LSHL, 32));
        LongVector hl = lo32(hi), hh = hi32(hi);
        LongVector tq = hl.mul(ql).add(hl.mul(qh).add(hh.mul(ql)).lanewise(VectorOperators.LSHL, 32));
        return lo.sub(tq);
    }

    void stage(long[] a, int m, int t) {
        LongVector twoQ = LongVector.broadcast(LS, 2 * q);
        LongVector qb = LongVector.broadcast(LS, q);
        LongVector ql = lo32(qb), qh = hi32(qb);
        for (int i = 0; i < m; i++) {
            int j1 = 2 * i * t;
            LongVector wb = LongVector.broadcast(LS, w[m + i]), sb = LongVector.broadcast(LS, ws[m + i]);
            LongVector wl = lo32(wb), wh = hi32(wb), sl = lo32(sb), sh = hi32(sb);
            for (int j = j1; j < j1 + t; j += 4) {
                LongVector x = LongVector.fromArray(LS, a, j);
                LongVector y = LongVector.fromArray(LS, a, j + t);
                x = x.sub(twoQ, x.compare(VectorOperators.GE, twoQ));
                LongVector v = mulLazy(y, wl, wh, sl, sh, ql, qh);
                x.add(v).intoArray(a, j);
                x.sub(v).add(twoQ).intoArray(a, j + t);
            }
        }
    }

    static long mulLazyS(long x, long w, long ws, long q) { return x * w - Modulus.unsignedMultiplyHigh(x, ws) * q; }
    static long r2(long x, long twoQ) { return x >= twoQ ? x - twoQ : x; }
    void lastTwo(long[] a) {
        long twoQ = 2 * q; int m = n >> 2;
        for (int i = 0; i < m; i++) {
            int j = 4 * i;
            long x0 = r2(a[j], twoQ), x1 = r2(a[j + 1], twoQ);
            long v2 = mulLazyS(a[j + 2], w[m + i], ws[m + i], q);
            long v3 = mulLazyS(a[j + 3], w[m + i], ws[m + i], q);
            long y0 = r2(x0 + v2, twoQ), y2 = r2(x0 - v2 + twoQ, twoQ);
            long u1 = mulLazyS(x1 + v3, w[2 * m + 2 * i], ws[2 * m + 2 * i], q);
            long u3 = mulLazyS(x1 - v3 + twoQ, w[2 * m + 2 * i + 1], ws[2 * m + 2 * i + 1], q);
            a[j] = full(y0 + u1); a[j + 1] = full(y0 - u1 + twoQ); a[j + 2] = full(y2 + u3); a[j + 3] = full(y2 - u3 + twoQ);
        }
    }
    long full(long x) { long twoQ = 2 * q; x = x >= twoQ ? x - twoQ : x; return x >= q ? x - q : x; }

    void forward(long[] a) {
        for (int m = 1, t = n >> 1; t >= 4; m <<= 1, t >>= 1) stage(a, m, t);
        lastTwo(a);
    }

    public static void main(String[] args) throws Exception {
        int logN = 16; int bits = Integer.parseInt(args[0]);
        long q = Primes.nttFriendlyPrimes(logN, new int[] {bits}, List.of())[0];
        Modulus mod = new Modulus(q);
        NttTables t = new NttTables(mod, logN);
        long[] w = t.psiPowersBitReversed(); long[] ws = new long[w.length];
        for (int i = 0; i < w.length; i++) ws[i] = mod.shoup(w[i]);
        P64 p = new P64(q, logN, w, ws);
        Random r = new Random(1); long[] in = new long[1 << logN];
        for (int i = 0; i < in.length; i++) in[i] = Math.floorMod(r.nextLong(), q);
        long[] a = in.clone(), b = in.clone();
        t.forwardScalar(a); p.forward(b);
        System.out.println("q bits " + bits + " exact: " + Arrays.equals(a, b));
        var mx = java.lang.management.ManagementFactory.getThreadMXBean();
        int rounds = 400; long[] ts = new long[rounds], tv = new long[rounds];
        for (int k = 0; k < rounds; k++) {
            System.arraycopy(in, 0, a, 0, in.length);
            long s = mx.getCurrentThreadCpuTime(); t.forwardScalar(a); ts[k] = mx.getCurrentThreadCpuTime() - s;
            System.arraycopy(in, 0, b, 0, in.length);
            s = mx.getCurrentThreadCpuTime(); p.forward(b); tv[k] = mx.getCurrentThreadCpuTime() - s;
        }
        long[] s2 = Arrays.copyOfRange(ts, rounds / 2, rounds), v2 = Arrays.copyOfRange(tv, rounds / 2, rounds);
        Arrays.sort(s2); Arrays.sort(v2);
        System.out.printf("scalar min %d us med %d us; vector min %d us med %d us%n", s2[0]/1000, s2[s2.length/2]/1000, v2[0]/1000, v2[v2.length/2]/1000);
    }
}

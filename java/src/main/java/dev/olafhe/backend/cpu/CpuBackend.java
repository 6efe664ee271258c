package dev.olafhe.backend.cpu;

import dev.olafhe.backend.Backend;
import dev.olafhe.backend.DevicePoly;
import dev.olafhe.backend.DeviceRing;
import dev.olafhe.backend.UploadChecks;
import dev.olafhe.math.BasisConverter;
import dev.olafhe.math.Modulus;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.concurrent.ForkJoinPool;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;

/**
 * Pure-Java reference backend. Work is parallel over RNS limbs on a private ForkJoinPool sized by the
 * available processors (override with system property {@code olafhe.cpu.threads}).
 */
public final class CpuBackend implements Backend {
    private final ForkJoinPool pool;
    private final int threads;

    public CpuBackend() {
        this(defaultThreads());
    }

    public CpuBackend(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        this.threads = threads;
        this.pool = new ForkJoinPool(threads);
    }

    static int defaultThreads() {
        String prop = System.getProperty("olafhe.cpu.threads");
        if (prop != null && !prop.isBlank()) {
            return Integer.parseInt(prop.trim());
        }
        return Runtime.getRuntime().availableProcessors();
    }

    public int threads() {
        return threads;
    }

    @Override
    public String name() {
        return "cpu";
    }

    @Override
    public String description() {
        return "pure Java, " + threads + " threads (ForkJoinPool over RNS limbs), " + System.getProperty("java.vm.name")
                + " " + System.getProperty("java.version");
    }

    @Override
    public void close() {
        pool.shutdown();
    }

    // ---- helpers ---------------------------------------------------------------------------------

    private static CpuPoly cpu(DevicePoly p) {
        if (!(p instanceof CpuPoly cp)) {
            throw new IllegalArgumentException("not a CPU backend polynomial: " + p);
        }
        cp.limbs(); // fails if closed
        return cp;
    }

    private static void sameRing(CpuPoly... polys) {
        for (CpuPoly p : polys) {
            if (p.cpuRing() != polys[0].cpuRing()) {
                throw new IllegalArgumentException("polynomials belong to different rings");
            }
        }
        polys[0].cpuRing().checkOpen();
    }

    private void parallel(int count, IntConsumer body) {
        if (count == 1 || threads == 1) {
            for (int i = 0; i < count; i++) {
                body.accept(i);
            }
        } else {
            pool.submit(() -> IntStream.range(0, count).parallel().forEach(body)).join();
        }
    }

    // ---- memory ----------------------------------------------------------------------------------

    @Override
    public DeviceRing createRing(int logN, long[] qModuli, long[] pModuli) {
        return pool.submit(() -> new CpuRing(logN, qModuli, pModuli)).join();
    }

    @Override
    public DevicePoly allocate(DeviceRing ring, int qCount, int pCount) {
        if (!(ring instanceof CpuRing cr)) {
            throw new IllegalArgumentException("not a CPU backend ring: " + ring);
        }
        cr.checkOpen();
        return new CpuPoly(cr, qCount, pCount);
    }

    @Override
    public void upload(long[][] limbs, DevicePoly dst) {
        CpuPoly d = cpu(dst);
        UploadChecks.checkShape(limbs, d);
        CpuRing ring = d.cpuRing();
        for (int l = 0; l < limbs.length; l++) {
            long q = ring.moduli[ring.ringIndex(d, l)].value();
            long[] src = limbs[l];
            for (long v : src) {
                if (v < 0 || v >= q) {
                    throw new IllegalArgumentException("upload: residue " + v + " out of [0, " + q + ")");
                }
            }
            System.arraycopy(src, 0, d.limbs()[l], 0, src.length);
        }
    }

    @Override
    public long[][] download(DevicePoly src) {
        long[][] limbs = cpu(src).limbs();
        long[][] out = new long[limbs.length][];
        for (int l = 0; l < limbs.length; l++) {
            out[l] = limbs[l].clone();
        }
        return out;
    }

    @Override
    public void copy(DevicePoly src, DevicePoly dst) {
        CpuPoly s = cpu(src);
        CpuPoly d = cpu(dst);
        sameRing(s, d);
        if (s == d) {
            return;
        }
        CpuRing ring = d.cpuRing();
        parallel(d.limbCount(), l -> {
            int limb = s.limbIndexOrMinusOne(ring.ringIndex(d, l));
            if (limb < 0) {
                Arrays.fill(d.limbs()[l], 0);
            } else {
                System.arraycopy(s.limbs()[limb], 0, d.limbs()[l], 0, ring.n());
            }
        });
    }

    // ---- element-wise ------------------------------------------------------------------------------

    private interface LimbOp2 {
        void apply(Modulus m, long[] a, long[] b, long[] out);
    }

    private void elementWise(DevicePoly a, DevicePoly b, DevicePoly out, LimbOp2 op) {
        CpuPoly pa = cpu(a);
        CpuPoly pb = cpu(b);
        CpuPoly po = cpu(out);
        sameRing(pa, pb, po);
        CpuRing ring = po.cpuRing();
        parallel(po.limbCount(), l -> {
            int r = ring.ringIndex(po, l);
            op.apply(ring.moduli[r], pa.limbForRingIndex(r), pb.limbForRingIndex(r), po.limbs()[l]);
        });
    }

    @Override
    public void add(DevicePoly a, DevicePoly b, DevicePoly out) {
        elementWise(a, b, out, (m, x, y, o) -> {
            for (int i = 0; i < o.length; i++) {
                o[i] = m.add(x[i], y[i]);
            }
        });
    }

    @Override
    public void sub(DevicePoly a, DevicePoly b, DevicePoly out) {
        elementWise(a, b, out, (m, x, y, o) -> {
            for (int i = 0; i < o.length; i++) {
                o[i] = m.sub(x[i], y[i]);
            }
        });
    }

    @Override
    public void neg(DevicePoly a, DevicePoly out) {
        elementWise(a, a, out, (m, x, y, o) -> {
            for (int i = 0; i < o.length; i++) {
                o[i] = m.neg(x[i]);
            }
        });
    }

    @Override
    public void mul(DevicePoly a, DevicePoly b, DevicePoly out) {
        elementWise(a, b, out, (m, x, y, o) -> {
            for (int i = 0; i < o.length; i++) {
                o[i] = m.mul(x[i], y[i]);
            }
        });
    }

    @Override
    public void mulAdd(DevicePoly a, DevicePoly b, DevicePoly acc) {
        elementWise(a, b, acc, (m, x, y, o) -> {
            for (int i = 0; i < o.length; i++) {
                o[i] = m.add(o[i], m.mul(x[i], y[i]));
            }
        });
    }

    @Override
    public void mulScalar(DevicePoly a, BigInteger c, DevicePoly out) {
        elementWise(a, a, out, (m, x, y, o) -> {
            long w = m.reduce(c);
            long ws = m.shoup(w);
            for (int i = 0; i < o.length; i++) {
                o[i] = m.mulShoup(x[i], w, ws);
            }
        });
    }

    @Override
    public void addScalarNtt(DevicePoly a, BigInteger c, DevicePoly out) {
        elementWise(a, a, out, (m, x, y, o) -> {
            long w = m.reduce(c);
            for (int i = 0; i < o.length; i++) {
                o[i] = m.add(x[i], w);
            }
        });
    }

    @Override
    public void tensor(DevicePoly a0, DevicePoly a1, DevicePoly b0, DevicePoly b1,
                       DevicePoly d0, DevicePoly d1, DevicePoly d2) {
        CpuPoly[] in = {cpu(a0), cpu(a1), cpu(b0), cpu(b1)};
        CpuPoly[] out = {cpu(d0), cpu(d1), cpu(d2)};
        sameRing(in[0], in[1], in[2], in[3], out[0], out[1], out[2]);
        CpuRing ring = out[0].cpuRing();
        for (CpuPoly o : out) {
            if (o.qCount() != out[0].qCount() || o.pCount() != out[0].pCount()) {
                throw new IllegalArgumentException("tensor: outputs must have the same limbs");
            }
        }
        parallel(out[0].limbCount(), l -> {
            int r = ring.ringIndex(out[0], l);
            Modulus m = ring.moduli[r];
            long[] x0 = in[0].limbForRingIndex(r);
            long[] x1 = in[1].limbForRingIndex(r);
            long[] y0 = in[2].limbForRingIndex(r);
            long[] y1 = in[3].limbForRingIndex(r);
            long[] o0 = out[0].limbs()[l];
            long[] o1 = out[1].limbs()[l];
            long[] o2 = out[2].limbs()[l];
            for (int i = 0; i < o0.length; i++) {
                long u0 = x0[i];
                long u1 = x1[i];
                long v0 = y0[i];
                long v1 = y1[i];
                o0[i] = m.mul(u0, v0);
                o1[i] = m.add(m.mul(u0, v1), m.mul(u1, v0));
                o2[i] = m.mul(u1, v1);
            }
        });
    }

    // ---- transforms --------------------------------------------------------------------------------

    @Override
    public void ntt(DevicePoly a, DevicePoly out) {
        CpuPoly pa = cpu(a);
        CpuPoly po = cpu(out);
        sameRing(pa, po);
        CpuRing ring = po.cpuRing();
        parallel(po.limbCount(), l -> {
            int r = ring.ringIndex(po, l);
            long[] o = po.limbs()[l];
            long[] src = pa.limbForRingIndex(r);
            if (src != o) {
                System.arraycopy(src, 0, o, 0, o.length);
            }
            ring.ntt[r].forward(o);
        });
    }

    @Override
    public void intt(DevicePoly a, DevicePoly out) {
        CpuPoly pa = cpu(a);
        CpuPoly po = cpu(out);
        sameRing(pa, po);
        CpuRing ring = po.cpuRing();
        parallel(po.limbCount(), l -> {
            int r = ring.ringIndex(po, l);
            long[] o = po.limbs()[l];
            long[] src = pa.limbForRingIndex(r);
            if (src != o) {
                System.arraycopy(src, 0, o, 0, o.length);
            }
            ring.ntt[r].inverse(o);
        });
    }

    @Override
    public void automorphismNtt(DevicePoly a, long galoisElement, DevicePoly out) {
        CpuPoly pa = cpu(a);
        CpuPoly po = cpu(out);
        sameRing(pa, po);
        requireDistinct(pa, po, "automorphismNtt");
        CpuRing ring = po.cpuRing();
        int[] perm = ring.automorphismPermutation(galoisElement);
        parallel(po.limbCount(), l -> {
            long[] src = pa.limbForRingIndex(ring.ringIndex(po, l));
            long[] o = po.limbs()[l];
            for (int k = 0; k < o.length; k++) {
                o[k] = src[perm[k]];
            }
        });
    }

    @Override
    public void automorphismCoeff(DevicePoly a, long galoisElement, DevicePoly out) {
        CpuPoly pa = cpu(a);
        CpuPoly po = cpu(out);
        sameRing(pa, po);
        requireDistinct(pa, po, "automorphismCoeff");
        CpuRing ring = po.cpuRing();
        int n = ring.n();
        long twoN = 2L * n;
        long g = Math.floorMod(galoisElement, twoN);
        if ((g & 1) == 0) {
            throw new IllegalArgumentException("Galois element must be odd, got " + galoisElement);
        }
        parallel(po.limbCount(), l -> {
            int r = ring.ringIndex(po, l);
            Modulus m = ring.moduli[r];
            long[] src = pa.limbForRingIndex(r);
            long[] o = po.limbs()[l];
            for (int i = 0; i < n; i++) {
                long e = (i * g) % twoN; // X^i -> X^(i·g) = ±X^(i·g mod N) since X^N = -1
                if (e < n) {
                    o[(int) e] = src[i];
                } else {
                    o[(int) (e - n)] = m.neg(src[i]);
                }
            }
        });
    }

    private static void requireDistinct(CpuPoly a, CpuPoly out, String op) {
        if (a == out) {
            throw new IllegalArgumentException(op + ": output must not alias the input");
        }
    }

    // ---- modulus switching --------------------------------------------------------------------------

    @Override
    public void rescaleNtt(DevicePoly a, DevicePoly out) {
        CpuPoly pa = cpu(a);
        CpuPoly po = cpu(out);
        sameRing(pa, po);
        requireDistinct(pa, po, "rescaleNtt");
        if (pa.pCount() != 0 || po.pCount() != 0 || pa.qCount() < 2 || po.qCount() != pa.qCount() - 1) {
            throw new IllegalArgumentException("rescaleNtt: input needs Q limbs 0..l (l >= 1), output 0..l-1");
        }
        CpuRing ring = po.cpuRing();
        int last = pa.qCount() - 1;
        Modulus qLast = ring.moduli[last];
        long half = qLast.value() >>> 1;
        // [c + h]_{q_l} in the coefficient domain, then c' = (c + h - [c + h]_{q_l}) / q_l = round(c / q_l)
        long[] shifted = ring.pool.take();
        System.arraycopy(pa.limbs()[last], 0, shifted, 0, shifted.length);
        ring.ntt[last].inverse(shifted);
        for (int i = 0; i < shifted.length; i++) {
            shifted[i] = qLast.add(shifted[i], half);
        }
        parallel(po.qCount(), l -> {
            Modulus m = ring.moduli[l];
            long halfModQi = m.reduce(half);
            long[] u = ring.pool.take();
            for (int i = 0; i < u.length; i++) {
                u[i] = m.sub(m.reduce(shifted[i]), halfModQi);
            }
            ring.ntt[l].forward(u);
            long inv = m.inverse(m.reduce(qLast.value()));
            long invShoup = m.shoup(inv);
            long[] x = pa.limbs()[l];
            long[] o = po.limbs()[l];
            for (int i = 0; i < o.length; i++) {
                o[i] = m.mulShoup(m.sub(x[i], u[i]), inv, invShoup);
            }
            ring.pool.give(u);
        });
        ring.pool.give(shifted);
    }

    @Override
    public void modRaise(DevicePoly a, DevicePoly out) {
        CpuPoly pa = cpu(a);
        CpuPoly po = cpu(out);
        sameRing(pa, po);
        if (pa.qCount() != 1 || pa.pCount() != 0) {
            throw new IllegalArgumentException("modRaise: input must hold exactly the q_0 limb");
        }
        CpuRing ring = po.cpuRing();
        Modulus q0 = ring.moduli[0];
        long[] src = ring.pool.take(); // a copy, so that out may alias a
        System.arraycopy(pa.limbs()[0], 0, src, 0, src.length);
        parallel(po.limbCount(), l -> {
            Modulus m = ring.moduli[ring.ringIndex(po, l)];
            long[] o = po.limbs()[l];
            for (int i = 0; i < o.length; i++) {
                o[i] = m.reduce(q0.centre(src[i]));
            }
        });
        ring.pool.give(src);
    }

    // ---- hybrid key switching -----------------------------------------------------------------------

    @Override
    public void modUp(DevicePoly in, int firstLimb, int limbCount, DevicePoly out) {
        CpuPoly pi = cpu(in);
        CpuPoly po = cpu(out);
        sameRing(pi, po);
        requireDistinct(pi, po, "modUp");
        if (firstLimb < 0 || limbCount < 1 || firstLimb + limbCount > pi.qCount() || pi.pCount() != 0) {
            throw new IllegalArgumentException("modUp: digit [" + firstLimb + ", " + (firstLimb + limbCount)
                    + ") is not inside the input's Q limbs 0.." + (pi.qCount() - 1));
        }
        CpuRing ring = po.cpuRing();
        int n = ring.n();
        int[] source = IntStream.range(firstLimb, firstLimb + limbCount).toArray();
        int[] target = IntStream.range(0, po.limbCount()).map(l -> ring.ringIndex(po, l))
                .filter(r -> r < firstLimb || r >= firstLimb + limbCount).toArray();
        BasisConverter conv = ring.converter(source, target);
        long[][] scaled = new long[limbCount][];
        parallel(limbCount, i -> {
            long[] coeff = ring.pool.take();
            System.arraycopy(pi.limbs()[firstLimb + i], 0, coeff, 0, n);
            ring.ntt[firstLimb + i].inverse(coeff);
            scaled[i] = coeff;
            conv.scaleSource(i, coeff, coeff);
        });
        parallel(po.limbCount(), l -> {
            int r = ring.ringIndex(po, l);
            long[] o = po.limbs()[l];
            if (r >= firstLimb && r < firstLimb + limbCount) {
                System.arraycopy(pi.limbs()[r], 0, o, 0, n);
            } else {
                int j = Arrays.binarySearch(target, r);
                conv.accumulateTarget(j, scaled, o);
                ring.ntt[r].forward(o);
            }
        });
        for (long[] a : scaled) {
            ring.pool.give(a);
        }
    }

    @Override
    public void innerProduct(DevicePoly[] digits, DevicePoly[] keyB, DevicePoly[] keyA, DevicePoly out0, DevicePoly out1) {
        if (digits.length == 0 || digits.length > keyB.length || keyB.length != keyA.length) {
            throw new IllegalArgumentException("innerProduct: " + digits.length + " digits for a key with "
                    + keyB.length + "/" + keyA.length + " digits");
        }
        CpuPoly o0 = cpu(out0);
        CpuPoly o1 = cpu(out1);
        CpuPoly[] d = Arrays.stream(digits).map(CpuBackend::cpu).toArray(CpuPoly[]::new);
        CpuPoly[] b = Arrays.stream(keyB).map(CpuBackend::cpu).toArray(CpuPoly[]::new);
        CpuPoly[] a = Arrays.stream(keyA).map(CpuBackend::cpu).toArray(CpuPoly[]::new);
        sameRing(o0, o1);
        CpuRing ring = o0.cpuRing();
        if (o0.qCount() != o1.qCount() || o0.pCount() != o1.pCount()) {
            throw new IllegalArgumentException("innerProduct: outputs must have the same limbs");
        }
        parallel(o0.limbCount(), l -> {
            int r = ring.ringIndex(o0, l);
            Modulus m = ring.moduli[r];
            long[] acc0 = ring.pool.takeZeroed();
            long[] acc1 = ring.pool.takeZeroed();
            for (int j = 0; j < d.length; j++) {
                long[] x = d[j].limbForRingIndex(r);
                long[] kb = b[j].limbForRingIndex(r);
                long[] ka = a[j].limbForRingIndex(r);
                for (int i = 0; i < acc0.length; i++) {
                    acc0[i] = m.add(acc0[i], m.mul(x[i], kb[i]));
                    acc1[i] = m.add(acc1[i], m.mul(x[i], ka[i]));
                }
            }
            System.arraycopy(acc0, 0, o0.limbs()[l], 0, acc0.length);
            System.arraycopy(acc1, 0, o1.limbs()[l], 0, acc1.length);
            ring.pool.give(acc0);
            ring.pool.give(acc1);
        });
    }

    @Override
    public void modDown(DevicePoly in, DevicePoly out) {
        CpuPoly pi = cpu(in);
        CpuPoly po = cpu(out);
        sameRing(pi, po);
        requireDistinct(pi, po, "modDown");
        CpuRing ring = po.cpuRing();
        int k = ring.pTotal();
        if (pi.pCount() != k || k == 0 || po.pCount() != 0 || po.qCount() > pi.qCount()) {
            throw new IllegalArgumentException("modDown: input needs all " + k + " P limbs and at least the output's Q limbs");
        }
        int n = ring.n();
        int qTotal = ring.qTotal();
        int[] source = IntStream.range(qTotal, qTotal + k).toArray();
        int[] target = IntStream.range(0, po.qCount()).toArray();
        BasisConverter conv = ring.converter(source, target);
        // Rounding: with h = floor(P/2), out = (x + h - Conv([x + h]_P)) / P = round(x / P) - v, 0 <= v < K.
        // h is added to the P residues in the coefficient domain and subtracted from the conversion.
        BigInteger half = ring.pProduct().shiftRight(1);
        long[][] scaled = new long[k][];
        parallel(k, i -> {
            Modulus p = ring.moduli[qTotal + i];
            long[] coeff = ring.pool.take();
            System.arraycopy(pi.limbs()[pi.qCount() + i], 0, coeff, 0, n);
            ring.ntt[qTotal + i].inverse(coeff);
            long h = p.reduce(half);
            for (int c = 0; c < n; c++) {
                coeff[c] = p.add(coeff[c], h);
            }
            scaled[i] = coeff;
            conv.scaleSource(i, coeff, coeff);
        });
        parallel(po.qCount(), l -> {
            Modulus m = ring.moduli[l];
            long[] conversion = ring.pool.take();
            conv.accumulateTarget(l, scaled, conversion);
            long h = m.reduce(half);
            for (int c = 0; c < n; c++) {
                conversion[c] = m.sub(conversion[c], h);
            }
            ring.ntt[l].forward(conversion);
            long pInv = 1;
            for (int i = 0; i < k; i++) {
                pInv = m.mul(pInv, m.reduce(ring.moduli[qTotal + i].value()));
            }
            pInv = m.inverse(pInv);
            long pInvShoup = m.shoup(pInv);
            long[] x = pi.limbs()[l];
            long[] o = po.limbs()[l];
            for (int i = 0; i < n; i++) {
                o[i] = m.mulShoup(m.sub(x[i], conversion[i]), pInv, pInvShoup);
            }
            ring.pool.give(conversion);
        });
        for (long[] a : scaled) {
            ring.pool.give(a);
        }
    }
}

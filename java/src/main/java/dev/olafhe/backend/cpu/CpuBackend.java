package dev.olafhe.backend.cpu;

import dev.olafhe.backend.Backend;
import dev.olafhe.backend.DevicePoly;
import dev.olafhe.backend.DeviceRing;
import dev.olafhe.backend.UploadChecks;
import dev.olafhe.math.Modulus;
import dev.olafhe.math.VectorDotProducts;
import dev.olafhe.math.VectorElementWise;
import dev.olafhe.math.VectorKernels;
import dev.olafhe.math.WideSums;

import java.math.BigInteger;
import java.util.Arrays;

/**
 * Pure-Java reference backend. Work is parallel over RNS limbs on a private ForkJoinPool sized by the
 * available processors (override with system property {@code olafhe.cpu.threads}).
 */
public final class CpuBackend implements Backend {
    private final LimbParallel parallel;
    private final CpuModulusSwitching modulusSwitching;

    public CpuBackend() {
        this(defaultThreads());
    }

    public CpuBackend(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        this.parallel = new LimbParallel(threads);
        this.modulusSwitching = new CpuModulusSwitching(parallel);
    }

    static int defaultThreads() {
        String prop = System.getProperty("olafhe.cpu.threads");
        if (prop != null && !prop.isBlank()) {
            return Integer.parseInt(prop.trim());
        }
        return Runtime.getRuntime().availableProcessors();
    }

    public int threads() {
        return parallel.threads();
    }

    @Override
    public String name() {
        return "cpu";
    }

    @Override
    public String description() {
        return "pure Java, " + threads() + " threads (ForkJoinPool over RNS limbs), " + System.getProperty("java.vm.name")
                + " " + System.getProperty("java.version");
    }

    @Override
    public void close() {
        parallel.shutdown();
    }

    // ---- memory ----------------------------------------------------------------------------------

    @Override
    public DeviceRing createRing(int logN, long[] qModuli, long[] pModuli) {
        return parallel.call(() -> new CpuRing(logN, qModuli, pModuli));
    }

    @Override
    public DevicePoly allocate(DeviceRing ring, int qCount, int pCount) {
        if (!(ring instanceof CpuRing cr)) {
            throw new IllegalArgumentException("not a CPU backend ring: " + ring);
        }
        cr.checkOpen();
        return new CpuPoly(cr, qCount, pCount);
    }

    /** CPU polys sharing the first limb arrays of {@code buffer}'s (no copy, no allocation). */
    @Override
    public DevicePoly[] views(DevicePoly buffer, int[] qCounts, int[] pCounts) {
        CpuPoly b = CpuPoly.of(buffer);
        DevicePoly[] out = new DevicePoly[qCounts.length];
        for (int r = 0; r < out.length; r++) {
            out[r] = b.view(qCounts[r], pCounts[r]);
        }
        return out;
    }

    @Override
    public void upload(long[][] limbs, DevicePoly dst) {
        CpuPoly d = CpuPoly.of(dst);
        UploadChecks.checkShape(limbs, d);
        CpuRing ring = d.cpuRing();
        for (int l = 0; l < limbs.length; l++) {
            long[] src = limbs[l];
            UploadChecks.checkResidues(src, ring.moduli[ring.ringIndex(d, l)].value());
            System.arraycopy(src, 0, d.limbs()[l], 0, src.length);
        }
    }

    @Override
    public long[][] download(DevicePoly src) {
        long[][] limbs = CpuPoly.of(src).limbs();
        long[][] out = new long[limbs.length][];
        for (int l = 0; l < limbs.length; l++) {
            out[l] = limbs[l].clone();
        }
        return out;
    }

    @Override
    public void copy(DevicePoly src, DevicePoly dst) {
        CpuPoly s = CpuPoly.of(src);
        CpuPoly d = CpuPoly.of(dst);
        CpuPoly.requireSameRing(s, d);
        if (s == d) {
            return;
        }
        CpuRing ring = d.cpuRing();
        parallel.forEach(d.limbCount(), l -> {
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
        CpuPoly pa = CpuPoly.of(a);
        CpuPoly pb = CpuPoly.of(b);
        CpuPoly po = CpuPoly.of(out);
        CpuPoly.requireSameRing(pa, pb, po);
        CpuRing ring = po.cpuRing();
        parallel.forEach(po.limbCount(), l -> {
            int r = ring.ringIndex(po, l);
            op.apply(ring.moduli[r], pa.limbForRingIndex(r), pb.limbForRingIndex(r), po.limbs()[l]);
        });
    }

    // Each op runs VectorElementWise's kernel where VectorKernels allows it and the scalar loop on the rest: the
    // whole limb on the scalar path (-Dolafhe.math.vector=false, products mod primes above 50 bits), else the tail
    // after the last full vector. Both give the canonical residue, so the same bits.

    @Override
    public void add(DevicePoly a, DevicePoly b, DevicePoly out) {
        elementWise(a, b, out, (m, x, y, o) -> {
            int done = VectorKernels.supportsAdditions() ? VectorElementWise.add(m, x, y, o) : 0;
            for (int i = done; i < o.length; i++) {
                o[i] = m.add(x[i], y[i]);
            }
        });
    }

    @Override
    public void sub(DevicePoly a, DevicePoly b, DevicePoly out) {
        elementWise(a, b, out, (m, x, y, o) -> {
            int done = VectorKernels.supportsAdditions() ? VectorElementWise.sub(m, x, y, o) : 0;
            for (int i = done; i < o.length; i++) {
                o[i] = m.sub(x[i], y[i]);
            }
        });
    }

    @Override
    public void neg(DevicePoly a, DevicePoly out) {
        elementWise(a, a, out, (m, x, y, o) -> {
            int done = VectorKernels.supportsAdditions() ? VectorElementWise.neg(m, x, o) : 0;
            for (int i = done; i < o.length; i++) {
                o[i] = m.neg(x[i]);
            }
        });
    }

    @Override
    public void mul(DevicePoly a, DevicePoly b, DevicePoly out) {
        elementWise(a, b, out, (m, x, y, o) -> {
            int done = VectorKernels.supports(m) ? VectorElementWise.mul(m, x, y, o) : 0;
            for (int i = done; i < o.length; i++) {
                o[i] = m.mul(x[i], y[i]);
            }
        });
    }

    @Override
    public void mulAdd(DevicePoly a, DevicePoly b, DevicePoly acc) {
        elementWise(a, b, acc, (m, x, y, o) -> {
            int done = VectorKernels.supports(m) ? VectorElementWise.mulAdd(m, x, y, o) : 0;
            for (int i = done; i < o.length; i++) {
                o[i] = m.add(o[i], m.mul(x[i], y[i]));
            }
        });
    }

    @Override
    public void mulScalar(DevicePoly a, BigInteger c, DevicePoly out) {
        elementWise(a, a, out, (m, x, y, o) -> {
            long w = m.reduce(c);
            int done = VectorKernels.supports(m) ? VectorElementWise.mulScalar(m, x, w, o) : 0;
            long ws = done < o.length ? m.shoup(w) : 0; // BigInteger arithmetic: only where the scalar loop runs
            for (int i = done; i < o.length; i++) {
                o[i] = m.mulShoup(x[i], w, ws);
            }
        });
    }

    @Override
    public void addScalarNtt(DevicePoly a, BigInteger c, DevicePoly out) {
        elementWise(a, a, out, (m, x, y, o) -> CpuModulusSwitching.addScalar(m, x, m.reduce(c), o));
    }

    @Override
    public void tensor(DevicePoly a0, DevicePoly a1, DevicePoly b0, DevicePoly b1,
                       DevicePoly d0, DevicePoly d1, DevicePoly d2) {
        CpuPoly[] in = {CpuPoly.of(a0), CpuPoly.of(a1), CpuPoly.of(b0), CpuPoly.of(b1)};
        CpuPoly[] out = {CpuPoly.of(d0), CpuPoly.of(d1), CpuPoly.of(d2)};
        CpuPoly.requireSameRing(in[0], in[1], in[2], in[3], out[0], out[1], out[2]);
        CpuRing ring = out[0].cpuRing();
        for (CpuPoly o : out) {
            if (o.qCount() != out[0].qCount() || o.pCount() != out[0].pCount()) {
                throw new IllegalArgumentException("tensor: outputs must have the same limbs");
            }
        }
        parallel.forEach(out[0].limbCount(), l -> {
            int r = ring.ringIndex(out[0], l);
            Modulus m = ring.moduli[r];
            long[] x0 = in[0].limbForRingIndex(r);
            long[] x1 = in[1].limbForRingIndex(r);
            long[] y0 = in[2].limbForRingIndex(r);
            long[] y1 = in[3].limbForRingIndex(r);
            long[] o0 = out[0].limbs()[l];
            long[] o1 = out[1].limbs()[l];
            long[] o2 = out[2].limbs()[l];
            int done = VectorKernels.supports(m) ? VectorDotProducts.tensor(m, x0, x1, y0, y1, o0, o1, o2) : 0;
            for (int i = done; i < o0.length; i++) { // the scalar path (and the vector kernels' tail)
                long u0 = x0[i];
                long u1 = x1[i];
                long v0 = y0[i];
                long v1 = y1[i];
                o0[i] = m.mul(u0, v0);
                long pLo = u0 * v1; // o1 = u0·v1 + u1·v0 summed in 128 bits (< 2q^2), one reduction
                long qLo = u1 * v0;
                long sLo = pLo + qLo;
                long sHi = Math.multiplyHigh(u0, v1) + Math.multiplyHigh(u1, v0) + WideSums.carry(pLo, qLo, sLo);
                o1[i] = m.reduceWide(sHi, sLo);
                o2[i] = m.mul(u1, v1);
            }
        });
    }

    // ---- transforms --------------------------------------------------------------------------------

    @Override
    public void ntt(DevicePoly a, DevicePoly out) {
        transform(a, out, true);
    }

    @Override
    public void intt(DevicePoly a, DevicePoly out) {
        transform(a, out, false);
    }

    /** The forward or inverse NTT of every limb of a into out (which may be a). */
    private void transform(DevicePoly a, DevicePoly out, boolean forward) {
        CpuPoly pa = CpuPoly.of(a);
        CpuPoly po = CpuPoly.of(out);
        CpuPoly.requireSameRing(pa, po);
        CpuRing ring = po.cpuRing();
        parallel.forEach(po.limbCount(), l -> {
            int r = ring.ringIndex(po, l);
            long[] o = po.limbs()[l];
            long[] src = pa.limbForRingIndex(r);
            if (src != o) {
                System.arraycopy(src, 0, o, 0, o.length);
            }
            if (forward) {
                ring.ntt[r].forward(o);
            } else {
                ring.ntt[r].inverse(o);
            }
        });
    }

    @Override
    public void automorphismNtt(DevicePoly a, long galoisElement, DevicePoly out) {
        CpuPoly pa = CpuPoly.of(a);
        CpuPoly po = CpuPoly.of(out);
        CpuPoly.requireSameRing(pa, po);
        CpuPoly.requireDistinct(pa, po, "automorphismNtt");
        CpuRing ring = po.cpuRing();
        int[] perm = ring.automorphismPermutation(galoisElement);
        parallel.forEach(po.limbCount(), l -> {
            long[] src = pa.limbForRingIndex(ring.ringIndex(po, l));
            long[] o = po.limbs()[l];
            for (int k = 0; k < o.length; k++) {
                o[k] = src[perm[k]];
            }
        });
    }

    @Override
    public void automorphismCoeff(DevicePoly a, long galoisElement, DevicePoly out) {
        CpuPoly pa = CpuPoly.of(a);
        CpuPoly po = CpuPoly.of(out);
        CpuPoly.requireSameRing(pa, po);
        CpuPoly.requireDistinct(pa, po, "automorphismCoeff");
        CpuRing ring = po.cpuRing();
        int n = ring.n();
        long twoN = 2L * n;
        long g = Math.floorMod(galoisElement, twoN);
        if ((g & 1) == 0) {
            throw new IllegalArgumentException("Galois element must be odd, got " + galoisElement);
        }
        parallel.forEach(po.limbCount(), l -> {
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

    // ---- modulus and key switching (CpuModulusSwitching) -------------------------------------------------------

    @Override
    public void rescaleNtt(DevicePoly a, DevicePoly out) {
        modulusSwitching.rescaleNtt(a, out);
    }

    @Override
    public void modRaise(DevicePoly a, DevicePoly out) {
        modulusSwitching.modRaise(a, out);
    }

    @Override
    public void modUp(DevicePoly in, int firstLimb, int limbCount, DevicePoly out) {
        modulusSwitching.modUp(in, firstLimb, limbCount, out);
    }

    @Override
    public void innerProduct(DevicePoly[] digits, DevicePoly[] keyB, DevicePoly[] keyA, DevicePoly out0, DevicePoly out1) {
        modulusSwitching.innerProduct(digits, keyB, keyA, out0, out1);
    }

    @Override
    public void modDown(DevicePoly in, DevicePoly out) {
        modulusSwitching.modDown(in, out);
    }
}

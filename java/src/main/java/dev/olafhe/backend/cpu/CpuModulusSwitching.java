package dev.olafhe.backend.cpu;

import dev.olafhe.backend.DevicePoly;
import dev.olafhe.math.BasisConverter;
import dev.olafhe.math.Modulus;
import dev.olafhe.math.VectorDotProducts;
import dev.olafhe.math.VectorElementWise;
import dev.olafhe.math.VectorKernels;
import dev.olafhe.math.VectorWideDotProducts;
import dev.olafhe.math.WideSums;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * The CPU backend's modulus switching: rescale and ModRaise, and the three stages of hybrid key switching (ModUp,
 * inner product with the key digits, ModDown). {@link CpuBackend} delegates here; the contracts are on
 * {@link dev.olafhe.backend.Backend}.
 */
final class CpuModulusSwitching {
    private final LimbParallel parallel;

    CpuModulusSwitching(LimbParallel parallel) {
        this.parallel = parallel;
    }

    // ---- modulus switching --------------------------------------------------------------------------

    void rescaleNtt(DevicePoly a, DevicePoly out) {
        CpuPoly pa = CpuPoly.of(a);
        CpuPoly po = CpuPoly.of(out);
        CpuPoly.requireSameRing(pa, po);
        CpuPoly.requireDistinct(pa, po, "rescaleNtt");
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
        addScalar(qLast, shifted, half, shifted);
        parallel.forEach(po.qCount(), l -> {
            Modulus m = ring.moduli[l];
            long halfModQi = m.reduce(half);
            long[] u = ring.pool.take();
            for (int i = 0; i < u.length; i++) {
                u[i] = m.sub(m.reduceUnsigned(shifted[i]), halfModQi); // no division per coefficient
            }
            ring.ntt[l].forward(u);
            subMulScalar(m, pa.limbs()[l], u, m.inverse(m.reduce(qLast.value())), po.limbs()[l]);
            ring.pool.give(u);
        });
        ring.pool.give(shifted);
    }

    /** out = x + w mod m for a residue w, on {@link VectorElementWise} where it applies (out may be x). */
    static void addScalar(Modulus m, long[] x, long w, long[] out) {
        int done = VectorKernels.supportsAdditions() ? VectorElementWise.addScalar(m, x, w, out) : 0;
        for (int i = done; i < out.length; i++) {
            out[i] = m.add(x[i], w);
        }
    }

    /** out = (x − y)·w mod m for a residue w: the last step of rescaling and ModDown. */
    private static void subMulScalar(Modulus m, long[] x, long[] y, long w, long[] out) {
        int done = VectorKernels.supports(m) ? VectorElementWise.subMulScalar(m, x, y, w, out) : 0;
        long wShoup = done < out.length ? m.shoup(w) : 0; // BigInteger arithmetic: only for the scalar loop
        for (int i = done; i < out.length; i++) {
            out[i] = m.mulShoup(m.sub(x[i], y[i]), w, wShoup);
        }
    }

    void modRaise(DevicePoly a, DevicePoly out) {
        CpuPoly pa = CpuPoly.of(a);
        CpuPoly po = CpuPoly.of(out);
        CpuPoly.requireSameRing(pa, po);
        if (pa.qCount() != 1 || pa.pCount() != 0) {
            throw new IllegalArgumentException("modRaise: input must hold exactly the q_0 limb");
        }
        CpuRing ring = po.cpuRing();
        Modulus q0 = ring.moduli[0];
        long[] src = ring.pool.take(); // a copy, so that out may alias a
        System.arraycopy(pa.limbs()[0], 0, src, 0, src.length);
        parallel.forEach(po.limbCount(), l -> {
            Modulus m = ring.moduli[ring.ringIndex(po, l)];
            long[] o = po.limbs()[l];
            for (int i = 0; i < o.length; i++) {
                o[i] = m.reduce(q0.centre(src[i]));
            }
        });
        ring.pool.give(src);
    }

    // ---- hybrid key switching -----------------------------------------------------------------------

    void modUp(DevicePoly in, int firstLimb, int limbCount, DevicePoly out) {
        CpuPoly pi = CpuPoly.of(in);
        CpuPoly po = CpuPoly.of(out);
        CpuPoly.requireSameRing(pi, po);
        CpuPoly.requireDistinct(pi, po, "modUp");
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
        parallel.forEach(limbCount, i -> {
            long[] coeff = ring.pool.take();
            System.arraycopy(pi.limbs()[firstLimb + i], 0, coeff, 0, n);
            ring.ntt[firstLimb + i].inverse(coeff);
            scaled[i] = coeff;
            conv.scaleSource(i, coeff, coeff);
        });
        long[][] outs = new long[target.length][];
        for (int l = 0; l < po.limbCount(); l++) {
            int r = ring.ringIndex(po, l);
            if (r >= firstLimb && r < firstLimb + limbCount) {
                System.arraycopy(pi.limbs()[r], 0, po.limbs()[l], 0, n);
            } else {
                outs[Arrays.binarySearch(target, r)] = po.limbs()[l];
            }
        }
        convertExactly(ring, conv, scaled, outs, true); // centred digits, in [−Q̃/2, Q̃/2)
        parallel.forEach(target.length, j -> ring.ntt[target[j]].forward(outs[j]));
        for (long[] a : scaled) {
            ring.pool.give(a);
        }
    }

    void innerProduct(DevicePoly[] digits, DevicePoly[] keyB, DevicePoly[] keyA, DevicePoly out0, DevicePoly out1) {
        if (digits.length == 0 || digits.length > keyB.length || keyB.length != keyA.length) {
            throw new IllegalArgumentException("innerProduct: " + digits.length + " digits for a key with "
                    + keyB.length + "/" + keyA.length + " digits");
        }
        CpuPoly o0 = CpuPoly.of(out0);
        CpuPoly o1 = CpuPoly.of(out1);
        CpuPoly[] d = Arrays.stream(digits).map(CpuPoly::of).toArray(CpuPoly[]::new);
        CpuPoly[] b = Arrays.stream(keyB).map(CpuPoly::of).toArray(CpuPoly[]::new);
        CpuPoly[] a = Arrays.stream(keyA).map(CpuPoly::of).toArray(CpuPoly[]::new);
        CpuPoly.requireSameRing(o0, o1);
        CpuRing ring = o0.cpuRing();
        if (o0.qCount() != o1.qCount() || o0.pCount() != o1.pCount()) {
            throw new IllegalArgumentException("innerProduct: outputs must have the same limbs");
        }
        parallel.forEach(o0.limbCount(), l -> {
            int r = ring.ringIndex(o0, l);
            long[][] x = new long[d.length][];
            long[][] kb = new long[d.length][];
            long[][] ka = new long[d.length][];
            for (int j = 0; j < d.length; j++) {
                x[j] = d[j].limbForRingIndex(r);
                kb[j] = b[j].limbForRingIndex(r);
                ka[j] = a[j].limbForRingIndex(r);
            }
            innerProductLimb(ring.moduli[r], x, kb, ka, o0.limbs()[l], o1.limbs()[l]);
        });
    }

    /** Coefficients per block of the blocked kernels: the block's 128-bit sums (4 arrays) stay in L1. */
    static final int BLOCK = 1024;

    /**
     * One limb of the inner product: out0 = Σ_j x_j·kb_j, out1 = Σ_j x_j·ka_j, on {@link VectorDotProducts} or
     * {@link VectorWideDotProducts} where they take the modulus, else (and for its tail) summed as unreduced 128-bit values over coefficient blocks and
     * reduced once per coefficient; the same bits either way.
     */
    private static void innerProductLimb(Modulus m, long[][] x, long[][] kb, long[][] ka, long[] out0, long[] out1) {
        int n = out0.length;
        int done = VectorKernels.supports(m) ? VectorDotProducts.keyProducts(m, x, kb, ka, out0, out1)
                : VectorKernels.supportsWide(m) ? VectorWideDotProducts.keyProducts(m, x, kb, ka, out0, out1) : 0;
        if (done == n) {
            return;
        }
        int block = Math.min(BLOCK, n - done);
        long[] hi0 = new long[block];
        long[] lo0 = new long[block];
        long[] hi1 = new long[block];
        long[] lo1 = new long[block];
        for (int from = done; from < n; from += block) {
            int len = Math.min(block, n - from);
            Arrays.fill(hi0, 0);
            Arrays.fill(lo0, 0);
            Arrays.fill(hi1, 0);
            Arrays.fill(lo1, 0);
            for (int j = 0; j < x.length; j++) {
                if (j > 0 && j % (WideSums.MAX_TERMS - 1) == 0) {
                    WideSums.fold(m, hi0, lo0, len);
                    WideSums.fold(m, hi1, lo1, len);
                }
                WideSums.addProducts(x[j], kb[j], from, hi0, lo0, len);
                WideSums.addProducts(x[j], ka[j], from, hi1, lo1, len);
            }
            WideSums.reduce(m, hi0, lo0, out0, from, len);
            WideSums.reduce(m, hi1, lo1, out1, from, len);
        }
    }

    /** P^-1 mod m, P the product of all P moduli of the ring. */
    private static long inverseOfP(CpuRing ring, Modulus m) {
        long p = 1;
        for (int i = 0; i < ring.pTotal(); i++) {
            p = m.mul(p, m.reduce(ring.moduli[ring.qTotal() + i].value()));
        }
        return m.inverse(p);
    }

    /**
     * Basis conversion step 2 into every non-null outs[j], in parallel over coefficient blocks, without the
     * conversion's excess multiple of Q ({@link BasisConverter#overflow}): x in [−Q/2, Q/2) if {@code centred}, else
     * in [0, Q).
     */
    private void convertExactly(CpuRing ring, BasisConverter conv, long[][] scaled, long[][] outs, boolean centred) {
        int n = ring.n();
        long[] u = ring.pool.take();
        conv.overflow(scaled, centred, u);
        int block = Math.min(BasisConverter.BLOCK, n);
        parallel.forEach((n + block - 1) / block, b -> conv.accumulateBlock(scaled, u, outs, b * block,
                Math.min(block, n - b * block)));
        ring.pool.give(u);
    }

    void modDown(DevicePoly in, DevicePoly out) {
        CpuPoly pi = CpuPoly.of(in);
        CpuPoly po = CpuPoly.of(out);
        CpuPoly.requireSameRing(pi, po);
        CpuPoly.requireDistinct(pi, po, "modDown");
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
        // Rounding: with h = floor(P/2), out = (x + h - (Conv([x + h]_P) - v·P)) / P = round(x / P), where v is the
        // conversion's excess (BasisConverter.overflow, floor). h is added to the P residues in the coefficient
        // domain and subtracted from the conversion.
        BigInteger half = ring.pProduct().shiftRight(1);
        long[][] scaled = new long[k][];
        parallel.forEach(k, i -> {
            Modulus p = ring.moduli[qTotal + i];
            long[] coeff = ring.pool.take();
            System.arraycopy(pi.limbs()[pi.qCount() + i], 0, coeff, 0, n);
            ring.ntt[qTotal + i].inverse(coeff);
            addScalar(p, coeff, p.reduce(half), coeff);
            scaled[i] = coeff;
            conv.scaleSource(i, coeff, coeff);
        });
        long[][] conversions = new long[po.qCount()][];
        for (int l = 0; l < conversions.length; l++) {
            conversions[l] = ring.pool.take();
        }
        convertExactly(ring, conv, scaled, conversions, false); // exact round(x/P)
        parallel.forEach(po.qCount(), l -> {
            Modulus m = ring.moduli[l];
            long[] conversion = conversions[l];
            addScalar(m, conversion, m.neg(m.reduce(half)), conversion); // conversion - h
            ring.ntt[l].forward(conversion);
            subMulScalar(m, pi.limbs()[l], conversion, inverseOfP(ring, m), po.limbs()[l]);
            ring.pool.give(conversion);
        });
        for (long[] a : scaled) {
            ring.pool.give(a);
        }
    }
}

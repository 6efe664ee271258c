package dev.olafhe.backend.cpu;

import dev.olafhe.backend.DevicePoly;
import dev.olafhe.math.BasisConverter;
import dev.olafhe.math.Modulus;

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
        for (int i = 0; i < shifted.length; i++) {
            shifted[i] = qLast.add(shifted[i], half);
        }
        parallel.forEach(po.qCount(), l -> {
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
        long[] u = ring.pool.take();
        conv.overflow(scaled, true, u); // centred digits, in [−Q̃/2, Q̃/2)
        parallel.forEach(po.limbCount(), l -> {
            int r = ring.ringIndex(po, l);
            long[] o = po.limbs()[l];
            if (r >= firstLimb && r < firstLimb + limbCount) {
                System.arraycopy(pi.limbs()[r], 0, o, 0, n);
            } else {
                int j = Arrays.binarySearch(target, r);
                conv.accumulateTarget(j, scaled, o);
                conv.removeOverflow(j, u, o);
                ring.ntt[r].forward(o);
            }
        });
        ring.pool.give(u);
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
            long h = p.reduce(half);
            for (int c = 0; c < n; c++) {
                coeff[c] = p.add(coeff[c], h);
            }
            scaled[i] = coeff;
            conv.scaleSource(i, coeff, coeff);
        });
        long[] v = ring.pool.take();
        conv.overflow(scaled, false, v);
        parallel.forEach(po.qCount(), l -> {
            Modulus m = ring.moduli[l];
            long[] conversion = ring.pool.take();
            conv.accumulateTarget(l, scaled, conversion);
            conv.removeOverflow(l, v, conversion);
            long h = m.reduce(half);
            for (int c = 0; c < n; c++) {
                conversion[c] = m.sub(conversion[c], h);
            }
            ring.ntt[l].forward(conversion);
            long pInv = pInverse(ring, m);
            long pInvShoup = m.shoup(pInv);
            long[] x = pi.limbs()[l];
            long[] o = po.limbs()[l];
            for (int i = 0; i < n; i++) {
                o[i] = m.mulShoup(m.sub(x[i], conversion[i]), pInv, pInvShoup);
            }
            ring.pool.give(conversion);
        });
        ring.pool.give(v);
        for (long[] a : scaled) {
            ring.pool.give(a);
        }
    }

    /** P^-1 mod m. */
    private static long pInverse(CpuRing ring, Modulus m) {
        long p = 1;
        for (int i = 0; i < ring.pTotal(); i++) {
            p = m.mul(p, m.reduce(ring.moduli[ring.qTotal() + i].value()));
        }
        return m.inverse(p);
    }
}

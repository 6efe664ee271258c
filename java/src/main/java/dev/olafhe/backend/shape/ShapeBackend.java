package dev.olafhe.backend.shape;

import dev.olafhe.backend.Backend;
import dev.olafhe.backend.DevicePoly;
import dev.olafhe.backend.DeviceRing;
import dev.olafhe.backend.UploadChecks;

import java.math.BigInteger;
import java.util.Arrays;

/**
 * The backend of counts (package comment): every method makes the argument checks the CPU backend makes (operand
 * types, closed polys and rings, the limb rule, aliasing, the shapes of modulus and key switching, upload shapes and
 * residue ranges) and throws where it throws, so that a computation that is wrong in shape fails here too and the
 * counts are of the computation that runs; then it returns without computing. Whole operations keep the
 * {@link Backend} defaults, as the CPU backend does, so that a {@link dev.olafhe.backend.CountingBackend} around either
 * counts the same calls. {@link #download} returns zeros. Holds no memory per poly: a logN-16 run needs only the heap
 * of its host-side work (sampling, encoding).
 */
public final class ShapeBackend implements Backend {
    @Override
    public String name() {
        return "shape";
    }

    @Override
    public String description() {
        return "shapes only (no coefficients, no arithmetic): for counting backend work";
    }

    // ---- memory ----------------------------------------------------------------------------------

    @Override
    public DeviceRing createRing(int logN, long[] qModuli, long[] pModuli) {
        return new ShapeRing(logN, qModuli, pModuli);
    }

    @Override
    public DevicePoly allocate(DeviceRing ring, int qCount, int pCount) {
        if (!(ring instanceof ShapeRing sr)) {
            throw new IllegalArgumentException("not a shape backend ring: " + ring);
        }
        sr.checkOpen();
        return new ShapePoly(sr, qCount, pCount);
    }

    /** Views as the CPU backend makes them: any shape within the buffer's limbs. */
    @Override
    public DevicePoly[] views(DevicePoly buffer, int[] qCounts, int[] pCounts) {
        ShapePoly b = ShapePoly.of(buffer);
        DevicePoly[] out = new DevicePoly[qCounts.length];
        for (int r = 0; r < out.length; r++) {
            out[r] = b.view(qCounts[r], pCounts[r]);
        }
        return out;
    }

    /** Checks the shape and every residue's range, as the CPU backend does, and keeps nothing. */
    @Override
    public void upload(long[][] limbs, DevicePoly dst) {
        ShapePoly d = ShapePoly.of(dst);
        UploadChecks.checkShape(limbs, d);
        ShapeRing ring = d.ring();
        for (int l = 0; l < limbs.length; l++) {
            UploadChecks.checkResidues(limbs[l], ring.moduli[ring.ringIndex(d, l)].value());
        }
    }

    /** Zeros of the poly's shape. */
    @Override
    public long[][] download(DevicePoly src) {
        ShapePoly s = ShapePoly.of(src);
        return new long[s.limbCount()][s.ring().n()];
    }

    @Override
    public void copy(DevicePoly src, DevicePoly dst) {
        ShapePoly.requireSameRing(ShapePoly.of(src), ShapePoly.of(dst)); // missing limbs become zero: no cover check
    }

    // ---- element-wise ------------------------------------------------------------------------------

    /** The checks of an element-wise op: open polys of one ring, each input holding every limb of out. */
    private static void elementWise(DevicePoly a, DevicePoly b, DevicePoly out) {
        ShapePoly pa = ShapePoly.of(a);
        ShapePoly pb = ShapePoly.of(b);
        ShapePoly po = ShapePoly.of(out);
        ShapePoly.requireSameRing(pa, pb, po);
        pa.requireCovers(po);
        pb.requireCovers(po);
    }

    @Override
    public void add(DevicePoly a, DevicePoly b, DevicePoly out) {
        elementWise(a, b, out);
    }

    @Override
    public void sub(DevicePoly a, DevicePoly b, DevicePoly out) {
        elementWise(a, b, out);
    }

    @Override
    public void neg(DevicePoly a, DevicePoly out) {
        elementWise(a, a, out);
    }

    @Override
    public void mul(DevicePoly a, DevicePoly b, DevicePoly out) {
        elementWise(a, b, out);
    }

    @Override
    public void mulAdd(DevicePoly a, DevicePoly b, DevicePoly acc) {
        elementWise(a, b, acc);
    }

    @Override
    public void mulScalar(DevicePoly a, BigInteger c, DevicePoly out) {
        elementWise(a, a, out);
    }

    @Override
    public void addScalarNtt(DevicePoly a, BigInteger c, DevicePoly out) {
        elementWise(a, a, out);
    }

    @Override
    public void tensor(DevicePoly a0, DevicePoly a1, DevicePoly b0, DevicePoly b1,
                       DevicePoly d0, DevicePoly d1, DevicePoly d2) {
        ShapePoly[] in = {ShapePoly.of(a0), ShapePoly.of(a1), ShapePoly.of(b0), ShapePoly.of(b1)};
        ShapePoly[] out = {ShapePoly.of(d0), ShapePoly.of(d1), ShapePoly.of(d2)};
        ShapePoly.requireSameRing(in[0], in[1], in[2], in[3], out[0], out[1], out[2]);
        for (ShapePoly o : out) {
            if (o.qCount() != out[0].qCount() || o.pCount() != out[0].pCount()) {
                throw new IllegalArgumentException("tensor: outputs must have the same limbs");
            }
        }
        for (ShapePoly i : in) {
            i.requireCovers(out[0]);
        }
    }

    // ---- transforms --------------------------------------------------------------------------------

    @Override
    public void ntt(DevicePoly a, DevicePoly out) {
        elementWise(a, a, out);
    }

    @Override
    public void intt(DevicePoly a, DevicePoly out) {
        elementWise(a, a, out);
    }

    @Override
    public void automorphismNtt(DevicePoly a, long galoisElement, DevicePoly out) {
        automorphism(a, galoisElement, out, "automorphismNtt");
    }

    @Override
    public void automorphismCoeff(DevicePoly a, long galoisElement, DevicePoly out) {
        automorphism(a, galoisElement, out, "automorphismCoeff");
    }

    private static void automorphism(DevicePoly a, long galoisElement, DevicePoly out, String op) {
        ShapePoly pa = ShapePoly.of(a);
        ShapePoly po = ShapePoly.of(out);
        ShapePoly.requireSameRing(pa, po);
        ShapePoly.requireDistinct(pa, po, op);
        if ((Math.floorMod(galoisElement, 2L * po.ring().n()) & 1) == 0) {
            throw new IllegalArgumentException("Galois element must be odd, got " + galoisElement);
        }
        pa.requireCovers(po);
    }

    // ---- modulus switching --------------------------------------------------------------------------

    @Override
    public void rescaleNtt(DevicePoly a, DevicePoly out) {
        ShapePoly pa = ShapePoly.of(a);
        ShapePoly po = ShapePoly.of(out);
        ShapePoly.requireSameRing(pa, po);
        ShapePoly.requireDistinct(pa, po, "rescaleNtt");
        if (pa.pCount() != 0 || po.pCount() != 0 || pa.qCount() < 2 || po.qCount() != pa.qCount() - 1) {
            throw new IllegalArgumentException("rescaleNtt: input needs Q limbs 0..l (l >= 1), output 0..l-1");
        }
    }

    @Override
    public void modRaise(DevicePoly a, DevicePoly out) {
        ShapePoly pa = ShapePoly.of(a);
        ShapePoly po = ShapePoly.of(out);
        ShapePoly.requireSameRing(pa, po);
        if (pa.qCount() != 1 || pa.pCount() != 0) {
            throw new IllegalArgumentException("modRaise: input must hold exactly the q_0 limb");
        }
    }

    // ---- hybrid key switching -----------------------------------------------------------------------

    @Override
    public void modUp(DevicePoly in, int firstLimb, int limbCount, DevicePoly out) {
        ShapePoly pi = ShapePoly.of(in);
        ShapePoly po = ShapePoly.of(out);
        ShapePoly.requireSameRing(pi, po);
        ShapePoly.requireDistinct(pi, po, "modUp");
        if (firstLimb < 0 || limbCount < 1 || firstLimb + limbCount > pi.qCount() || pi.pCount() != 0) {
            throw new IllegalArgumentException("modUp: digit [" + firstLimb + ", " + (firstLimb + limbCount)
                    + ") is not inside the input's Q limbs 0.." + (pi.qCount() - 1));
        }
    }

    @Override
    public void innerProduct(DevicePoly[] digits, DevicePoly[] keyB, DevicePoly[] keyA, DevicePoly out0,
                             DevicePoly out1) {
        if (digits.length == 0 || digits.length > keyB.length || keyB.length != keyA.length) {
            throw new IllegalArgumentException("innerProduct: " + digits.length + " digits for a key with "
                    + keyB.length + "/" + keyA.length + " digits");
        }
        ShapePoly o0 = ShapePoly.of(out0);
        ShapePoly o1 = ShapePoly.of(out1);
        ShapePoly[] d = Arrays.stream(digits).map(ShapePoly::of).toArray(ShapePoly[]::new);
        ShapePoly[] b = Arrays.stream(keyB).map(ShapePoly::of).toArray(ShapePoly[]::new);
        ShapePoly[] a = Arrays.stream(keyA).map(ShapePoly::of).toArray(ShapePoly[]::new);
        ShapePoly.requireSameRing(o0, o1);
        if (o0.qCount() != o1.qCount() || o0.pCount() != o1.pCount()) {
            throw new IllegalArgumentException("innerProduct: outputs must have the same limbs");
        }
        for (int j = 0; j < d.length; j++) { // the limbs of out0 that the CPU backend reads from each operand
            d[j].requireCovers(o0);
            b[j].requireCovers(o0);
            a[j].requireCovers(o0);
        }
    }

    @Override
    public void modDown(DevicePoly in, DevicePoly out) {
        ShapePoly pi = ShapePoly.of(in);
        ShapePoly po = ShapePoly.of(out);
        ShapePoly.requireSameRing(pi, po);
        ShapePoly.requireDistinct(pi, po, "modDown");
        int k = po.ring().pTotal();
        if (pi.pCount() != k || k == 0 || po.pCount() != 0 || po.qCount() > pi.qCount()) {
            throw new IllegalArgumentException("modDown: input needs all " + k + " P limbs and at least the output's Q"
                    + " limbs");
        }
    }
}

package dev.olafhe.backend.shape;

import dev.olafhe.backend.RingModuli;
import dev.olafhe.math.Modulus;

/** A ring with no tables: N and the moduli (checked as the CPU backend's ring checks them), and whether it is open. */
final class ShapeRing extends RingModuli {
    /** Q moduli then P moduli, in ring-index order: for the range check of uploads. */
    final Modulus[] moduli;
    private volatile boolean closed;

    ShapeRing(int logN, long[] qModuli, long[] pModuli) {
        super(checkLogN(logN), qModuli, pModuli);
        moduli = new Modulus[totalModuli()];
        long twoN = 2L << logN;
        for (int i = 0; i < moduli.length; i++) {
            moduli[i] = new Modulus(modulus(i)); // refuses what the CPU backend's Modulus refuses
            if ((moduli[i].value() - 1) % twoN != 0) { // the CPU backend's NTT tables need a 2N-th root of unity
                throw new IllegalArgumentException("modulus " + moduli[i].value() + " is not 1 mod 2N = " + twoN
                        + ": no negacyclic NTT of degree " + (1 << logN));
            }
        }
    }

    private static int checkLogN(int logN) {
        if (logN < 1 || logN > 17) {
            throw new IllegalArgumentException("logN must be in [1, 17], got " + logN);
        }
        return logN;
    }

    void checkOpen() {
        if (closed) {
            throw new IllegalStateException("ring has been closed");
        }
    }

    /** Ring index of limb {@code limb} of a poly with the given shape (Q limbs, then P limbs). */
    int ringIndex(ShapePoly poly, int limb) {
        return limb < poly.qCount() ? limb : qTotal() + (limb - poly.qCount());
    }

    @Override
    public void close() {
        closed = true;
    }
}

package dev.olafhe.backend.cpu;

import dev.olafhe.backend.DevicePoly;
import dev.olafhe.backend.PolyShape;

/** An RNS polynomial in host memory: one long[N] per limb. */
final class CpuPoly extends PolyShape<CpuRing> {
    private long[][] limbs;

    private final CpuPoly owner; // null: this poly owns its limb arrays; else a view of owner's

    CpuPoly(CpuRing ring, int qCount, int pCount) {
        super(ring, qCount, pCount);
        checkCounts(ring, qCount, pCount);
        this.owner = null;
        this.limbs = new long[qCount + pCount][];
        for (int l = 0; l < limbs.length; l++) {
            limbs[l] = ring.pool.takeZeroed();
        }
    }

    private CpuPoly(CpuPoly owner, int qCount, int pCount) {
        super(owner.cpuRing(), qCount, pCount);
        checkCounts(owner.cpuRing(), qCount, pCount);
        if (qCount + pCount > owner.limbs().length) {
            throw new IllegalArgumentException("a view of q=" + qCount + " p=" + pCount + " needs more than the "
                    + owner.limbs().length + " limbs of its buffer");
        }
        this.owner = owner;
        this.limbs = java.util.Arrays.copyOf(owner.limbs(), qCount + pCount);
    }

    private static void checkCounts(CpuRing ring, int qCount, int pCount) {
        if (qCount < 0 || qCount > ring.qTotal() || pCount < 0 || pCount > ring.pTotal() || qCount + pCount == 0) {
            throw new IllegalArgumentException("invalid limb counts q=" + qCount + " p=" + pCount
                    + " for a ring with " + ring.qTotal() + " Q and " + ring.pTotal() + " P moduli");
        }
    }

    /** A poly of another shape on this one's first limb arrays ({@link dev.olafhe.backend.Backend#view}). */
    CpuPoly view(int qCount, int pCount) {
        return new CpuPoly(owner != null ? owner : this, qCount, pCount);
    }

    /** The CPU poly behind a backend poly; fails for another backend's poly or a closed one. */
    static CpuPoly of(DevicePoly p) {
        if (!(p instanceof CpuPoly cp)) {
            throw new IllegalArgumentException("not a CPU backend polynomial: " + p);
        }
        cp.limbs(); // fails if closed
        return cp;
    }

    /** Fails unless all polys belong to one open ring. */
    static void requireSameRing(CpuPoly... polys) {
        for (CpuPoly p : polys) {
            if (p.cpuRing() != polys[0].cpuRing()) {
                throw new IllegalArgumentException("polynomials belong to different rings");
            }
        }
        polys[0].cpuRing().checkOpen();
    }

    /** For operations that read the input while writing the output limb by limb. */
    static void requireDistinct(CpuPoly a, CpuPoly out, String op) {
        if (a == out) {
            throw new IllegalArgumentException(op + ": output must not alias the input");
        }
    }

    CpuRing cpuRing() {
        return ring();
    }

    @Override
    public boolean isClosed() {
        return limbs == null || owner != null && owner.limbs == null;
    }

    long[][] limbs() {
        if (limbs == null || owner != null && owner.limbs == null) {
            throw new IllegalStateException("polynomial has been closed");
        }
        return limbs;
    }

    /** The limb of this poly that holds ring modulus {@code ringIndex}; fails if it has none. */
    long[] limbForRingIndex(int ringIndex) {
        int limb = limbIndexOrMinusOne(ringIndex);
        if (limb < 0) {
            throw new IllegalArgumentException("operand lacks the limb for ring modulus " + ringIndex
                    + " (it has q=" + qCount() + ", p=" + pCount() + ")");
        }
        return limbs()[limb];
    }

    int limbIndexOrMinusOne(int ringIndex) {
        if (ringIndex < ring().qTotal()) {
            return ringIndex < qCount() ? ringIndex : -1;
        }
        int p = ringIndex - ring().qTotal();
        return p < pCount() ? qCount() + p : -1;
    }

    @Override
    public void close() {
        long[][] old = limbs;
        limbs = null;
        if (old != null && owner == null) { // a view frees nothing: its buffer owns the arrays
            for (long[] limb : old) {
                ring().pool.give(limb);
            }
        }
    }
}

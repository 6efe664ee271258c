package dev.olafhe.backend.shape;

import dev.olafhe.backend.DevicePoly;
import dev.olafhe.backend.PolyShape;

/**
 * A poly that is only its shape: ring, Q and P limb counts, whether it is closed, and for a view the buffer it
 * shares (a view is closed with its buffer). No coefficients.
 */
final class ShapePoly extends PolyShape<ShapeRing> {
    private final ShapePoly owner; // null: this poly is a buffer; else the buffer this view lives in
    private volatile boolean closed;

    ShapePoly(ShapeRing ring, int qCount, int pCount) {
        super(ring, qCount, pCount);
        checkCounts(ring, qCount, pCount);
        this.owner = null;
    }

    private ShapePoly(ShapePoly owner, int qCount, int pCount) {
        super(owner.ring(), qCount, pCount);
        checkCounts(owner.ring(), qCount, pCount);
        if (qCount + pCount > owner.limbCount()) {
            throw new IllegalArgumentException("a view of q=" + qCount + " p=" + pCount + " needs more than the "
                    + owner.limbCount() + " limbs of its buffer");
        }
        this.owner = owner;
    }

    private static void checkCounts(ShapeRing ring, int qCount, int pCount) {
        if (qCount < 0 || qCount > ring.qTotal() || pCount < 0 || pCount > ring.pTotal() || qCount + pCount == 0) {
            throw new IllegalArgumentException("invalid limb counts q=" + qCount + " p=" + pCount
                    + " for a ring with " + ring.qTotal() + " Q and " + ring.pTotal() + " P moduli");
        }
    }

    /** A poly of another shape on this one's buffer (views of a view live in the same buffer). */
    ShapePoly view(int qCount, int pCount) {
        return new ShapePoly(owner != null ? owner : this, qCount, pCount);
    }

    /** The shape poly behind a backend poly; fails for another backend's poly or a closed one. */
    static ShapePoly of(DevicePoly p) {
        if (!(p instanceof ShapePoly sp)) {
            throw new IllegalArgumentException("not a shape backend polynomial: " + p);
        }
        if (sp.isClosed()) {
            throw new IllegalStateException("polynomial has been closed");
        }
        return sp;
    }

    /** Fails unless all polys belong to one open ring. */
    static void requireSameRing(ShapePoly... polys) {
        for (ShapePoly p : polys) {
            if (p.ring() != polys[0].ring()) {
                throw new IllegalArgumentException("polynomials belong to different rings");
            }
        }
        polys[0].ring().checkOpen();
    }

    /** For operations that read the input while writing the output limb by limb. */
    static void requireDistinct(ShapePoly a, ShapePoly out, String op) {
        if (a == out) {
            throw new IllegalArgumentException(op + ": output must not alias the input");
        }
    }

    /** Fails unless this poly holds every limb of {@code out} (same Q indices, same P indices): the limb rule. */
    void requireCovers(ShapePoly out) {
        if (qCount() < out.qCount() || pCount() < out.pCount()) {
            int missing = qCount() < out.qCount() ? qCount() : ring().qTotal() + pCount();
            throw new IllegalArgumentException("operand lacks the limb for ring modulus " + missing
                    + " (it has q=" + qCount() + ", p=" + pCount() + ")");
        }
    }

    @Override
    public boolean isClosed() {
        return closed || owner != null && owner.closed;
    }

    @Override
    public void close() {
        closed = true;
    }

    @Override
    public String toString() {
        return "shape poly q=" + qCount() + " p=" + pCount() + (owner != null ? " (view)" : "");
    }
}

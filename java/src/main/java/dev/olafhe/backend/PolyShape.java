package dev.olafhe.backend;

/** The part of a {@link DevicePoly} every backend keeps on the host: its ring and how many Q and P limbs it has. */
public abstract class PolyShape<R extends DeviceRing> implements DevicePoly {
    private final R ring;
    private final int qCount;
    private final int pCount;

    protected PolyShape(R ring, int qCount, int pCount) {
        this.ring = ring;
        this.qCount = qCount;
        this.pCount = pCount;
    }

    @Override
    public final R ring() {
        return ring;
    }

    @Override
    public final int qCount() {
        return qCount;
    }

    @Override
    public final int pCount() {
        return pCount;
    }
}

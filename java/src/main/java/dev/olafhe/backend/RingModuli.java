package dev.olafhe.backend;

/**
 * The part of a {@link DeviceRing} every backend keeps on the host: N and the moduli, Q then P, so that a ring
 * index is a q index, or {@link #qTotal()} + a p index.
 */
public abstract class RingModuli implements DeviceRing {
    private final int logN;
    private final long[] qModuli;
    private final long[] pModuli;

    protected RingModuli(int logN, long[] qModuli, long[] pModuli) {
        this.logN = logN;
        this.qModuli = qModuli.clone();
        this.pModuli = pModuli.clone();
    }

    @Override
    public final int logN() {
        return logN;
    }

    @Override
    public final long[] qModuli() {
        return qModuli.clone();
    }

    @Override
    public final long[] pModuli() {
        return pModuli.clone();
    }

    public final int qTotal() {
        return qModuli.length;
    }

    public final int pTotal() {
        return pModuli.length;
    }

    public final int totalModuli() {
        return qModuli.length + pModuli.length;
    }

    /** The modulus at ring index {@code ringIndex} (Q then P). */
    public final long modulus(int ringIndex) {
        return ringIndex < qModuli.length ? qModuli[ringIndex] : pModuli[ringIndex - qModuli.length];
    }
}

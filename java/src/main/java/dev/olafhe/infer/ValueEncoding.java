package dev.olafhe.infer;

/**
 * How a ciphertext represents a tensor: the true value is {@code scale·stored + offset} in every valid slot.
 * Activation inputs are stored as the polynomial's unit variable (interval [a, b] mapped onto [-1, 1]); the
 * linear layer before absorbs the map into its weights and bias, so the interval scaling costs no level.
 */
public record ValueEncoding(double scale, double offset) {
    public static final ValueEncoding IDENTITY = new ValueEncoding(1, 0);

    public ValueEncoding {
        if (!(scale != 0) || !Double.isFinite(scale) || !Double.isFinite(offset)) {
            throw new IllegalArgumentException("invalid value encoding scale " + scale + ", offset " + offset);
        }
    }

    /** The encoding that maps [a, b] onto [-1, 1]. */
    public static ValueEncoding unitInterval(double a, double b) {
        return new ValueEncoding((b - a) / 2, (a + b) / 2);
    }

    public double decode(double stored) {
        return scale * stored + offset;
    }

    public double encode(double value) {
        return (value - offset) / scale;
    }
}

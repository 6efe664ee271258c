package dev.olafhe.nn;

import java.util.Arrays;

/**
 * A dense batch of float feature maps in NCHW order: {@code n} samples of {@code c x h x w}. A flat
 * (fully connected) tensor of {@code n x f} features is stored as {@code c = f, h = w = 1}. The data array
 * is owned by the tensor and exposed for speed; callers that keep a tensor must not mutate it.
 */
public final class Tensor {
    public final int n;
    public final Shape shape;
    public final float[] data;

    public Tensor(int n, Shape shape, float[] data) {
        if (n < 0) {
            throw new IllegalArgumentException("batch size must be >= 0, got " + n);
        }
        long expected = (long) n * shape.size();
        if (data.length != expected) {
            throw new IllegalArgumentException("data length " + data.length + " != " + n + " x " + shape
                    + " = " + expected);
        }
        this.n = n;
        this.shape = shape;
        this.data = data;
    }

    public static Tensor zeros(int n, Shape shape) {
        return new Tensor(n, shape, new float[Math.multiplyExact(n, shape.size())]);
    }

    /** Number of floats per sample. */
    public int sampleSize() {
        return shape.size();
    }

    /** Copy of samples {@code [from, to)}. */
    public Tensor slice(int from, int to) {
        if (from < 0 || to > n || from > to) {
            throw new IndexOutOfBoundsException("slice [" + from + ", " + to + ") of batch " + n);
        }
        int s = shape.size();
        return new Tensor(to - from, shape, Arrays.copyOfRange(data, from * s, to * s));
    }

    /** Concatenates batches of the same shape along the batch axis. */
    public static Tensor concat(Tensor... parts) {
        if (parts.length == 1) {
            return parts[0];
        }
        Shape shape = parts[0].shape;
        int n = 0;
        for (Tensor t : parts) {
            if (!t.shape.equals(shape)) {
                throw new IllegalArgumentException("cannot concatenate " + shape + " and " + t.shape);
            }
            n += t.n;
        }
        float[] out = new float[Math.multiplyExact(n, shape.size())];
        int off = 0;
        for (Tensor t : parts) {
            System.arraycopy(t.data, 0, out, off, t.data.length);
            off += t.data.length;
        }
        return new Tensor(n, shape, out);
    }

    /** Values of sample {@code i} as a new array. */
    public float[] sample(int i) {
        int s = shape.size();
        return Arrays.copyOfRange(data, i * s, (i + 1) * s);
    }

    /** Index of the largest value of sample {@code i} (first one on ties). */
    public int argmax(int i) {
        int s = shape.size();
        int best = 0;
        for (int k = 1; k < s; k++) {
            if (data[i * s + k] > data[i * s + best]) {
                best = k;
            }
        }
        return best;
    }

    @Override
    public String toString() {
        return "Tensor[" + n + " x " + shape + "]";
    }
}

package dev.olafhe.nn;

/**
 * Per-sample shape of a value in the network: {@code c x h x w} feature maps, or {@code flat} features
 * ({@code c} features, {@code h = w = 1}) after Flatten / Gemm. The batch dimension is not part of it.
 */
public record Shape(int c, int h, int w, boolean flat) {
    public Shape {
        if (c <= 0 || h <= 0 || w <= 0) {
            throw new IllegalArgumentException("non-positive dimension in " + c + "x" + h + "x" + w);
        }
        if (flat && (h != 1 || w != 1)) {
            throw new IllegalArgumentException("flat shape must have h = w = 1");
        }
    }

    public static Shape chw(int c, int h, int w) {
        return new Shape(c, h, w, false);
    }

    public static Shape flat(int features) {
        return new Shape(features, 1, 1, true);
    }

    public int size() {
        return c * h * w;
    }

    /** ONNX-style dims with the batch as {@code -1}. */
    public int[] dims() {
        return flat ? new int[] {-1, c} : new int[] {-1, c, h, w};
    }

    @Override
    public String toString() {
        return flat ? "[" + c + "]" : "[" + c + "x" + h + "x" + w + "]";
    }
}

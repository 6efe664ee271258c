package dev.olafhe.infer;

import dev.olafhe.nn.Op;
import dev.olafhe.nn.Shape;

/**
 * Where each element of a {@code c x h x w} tensor sits in the CKKS slots: the multiplexed packing of
 * FHE-MP-CNN (ckks-notes §5.1). With gap {@code k}, k² channels are interleaved into one (k·h)×(k·w) grid;
 * t = ⌈c/k²⌉ such blocks follow each other. Element (ch, i, j) of copy 0 is at
 * {@code k²hw·⌊ch/k²⌋ + kw·(k·i + ⌊(ch mod k²)/k⌋) + k·j + (ch mod k)}.
 *
 * <p>Why: a stride-s layer maps gap k to gap k·s on the same grid, so a strided convolution is the same
 * handful of slot rotations as a stride-1 one (the offset between an input and an output slot does not
 * depend on the position). Rows and columns are padded to powers of two (h, w in the formula are the padded
 * sizes; 28×28 sits in a 32×32 grid) so that the data occupies exactly {@link #period()} = k²hwt slots when
 * c fills its blocks; it is repeated over the whole slot vector, so rotations only matter modulo the
 * period and channel offsets wrap around (c offsets instead of 2c − 1).
 * A flat vector of c features is gap 1, h = w = 1: feature f in slot f.
 */
public record SlotLayout(int c, int h, int w, int gap) {
    public SlotLayout {
        if (c < 1 || h < 1 || w < 1 || gap < 1) {
            throw new IllegalArgumentException("invalid layout " + c + "x" + h + "x" + w + " gap " + gap);
        }
    }

    /** Dense channel-major layout (gap 1) of a tensor shape. */
    public static SlotLayout of(Shape shape) {
        return new SlotLayout(shape.c(), shape.h(), shape.w(), 1);
    }

    /** Layout of an output of shape {@code out} computed at stride {@code stride} from this one. */
    public SlotLayout derive(Shape out, int stride) {
        if (out.flat()) {
            return new SlotLayout(out.c(), 1, 1, 1);
        }
        return new SlotLayout(out.c(), out.h(), out.w(), gap * stride);
    }

    /**
     * Layout of the output of a linear op reading this layout: strided ops (convolution, slice, pooling)
     * multiply the gap by their stride, channel padding keeps it, flat outputs are gap 1.
     */
    public SlotLayout after(Op op, Shape out) {
        int stride = 1;
        if (op instanceof Op.Conv2d c) {
            stride = requireSquare(c.strideH(), c.strideW(), op);
        } else if (op instanceof Op.StridedSlice s) {
            stride = requireSquare(s.stepH(), s.stepW(), op);
        } else if (op instanceof Op.AvgPool p) {
            stride = requireSquare(p.strideH(), p.strideW(), op);
        }
        return derive(out, stride);
    }

    private static int requireSquare(int sh, int sw, Op op) {
        if (sh != sw) {
            throw new IllegalArgumentException(op.type() + " with strides " + sh + "x" + sw
                    + " is not supported by the slot layouts (equal strides only)");
        }
        return sh;
    }

    public Shape shape() {
        return h == 1 && w == 1 && gap == 1 ? Shape.flat(c) : Shape.chw(c, h, w);
    }

    /** Channels per interleaved block (k²). */
    public int channelsPerBlock() {
        return gap * gap;
    }

    /** Number of channel blocks t. */
    public int blocks() {
        return (c + channelsPerBlock() - 1) / channelsPerBlock();
    }

    /** Padded grid height: h rounded up to a power of two. */
    public int paddedH() {
        return ceilPow2(h);
    }

    /** Padded grid width: w rounded up to a power of two. */
    public int paddedW() {
        return ceilPow2(w);
    }

    private static int ceilPow2(int x) {
        return x == 1 ? 1 : Integer.highestOneBit(x - 1) << 1;
    }

    /** Slots spanned by one copy of the data (k²·paddedH·paddedW·t). */
    public int extent() {
        return channelsPerBlock() * paddedH() * paddedW() * blocks();
    }

    /** The repetition period in slots: the extent rounded up to a power of two. */
    public int period() {
        return ceilPow2(extent());
    }

    /** Slot (in copy 0) of element (ch, i, j). */
    public int slot(int ch, int i, int j) {
        int k = gap;
        int inBlock = ch % (k * k);
        int ph = paddedH();
        int pw = paddedW();
        return k * k * ph * pw * (ch / (k * k)) + k * pw * (k * i + inBlock / k) + k * j + inBlock % k;
    }

    /** Slot (in copy 0) of the element with row-major CHW index {@code index}. */
    public int slotOfIndex(int index) {
        int hw = h * w;
        return slot(index / hw, (index % hw) / w, index % w);
    }

    public int size() {
        return c * h * w;
    }

    /** The tensor (CHW order) as a slot vector of {@code slots} values, repeated every period. */
    public double[] pack(double[] chw, int slots) {
        requireFits(slots);
        if (chw.length != size()) {
            throw new IllegalArgumentException("cannot pack " + chw.length + " values into layout " + this);
        }
        double[] out = new double[slots];
        for (int idx = 0; idx < chw.length; idx++) {
            int s = slotOfIndex(idx);
            for (int copy = s; copy < slots; copy += period()) {
                out[copy] = chw[idx];
            }
        }
        return out;
    }

    /** The tensor (CHW order) read from copy 0 of a slot vector. */
    public double[] unpack(double[] slotValues) {
        double[] out = new double[size()];
        for (int idx = 0; idx < out.length; idx++) {
            out[idx] = slotValues[slotOfIndex(idx)];
        }
        return out;
    }

    /** Throws unless the period divides a slot count of {@code slots}. */
    public void requireFits(int slots) {
        if (Integer.bitCount(slots) != 1 || period() > slots) {
            throw new IllegalArgumentException("layout " + this + " needs " + period() + " slots; the ciphertexts have "
                    + slots + " (use a larger ring degree)");
        }
    }

    @Override
    public String toString() {
        return c + "x" + h + "x" + w + " gap " + gap + " (period " + period() + ")";
    }
}

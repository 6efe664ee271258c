package dev.olafhe.nn;

/**
 * The operations of the model IR. Weights are plain float arrays in the layouts documented on each
 * record, so the encrypted runtime can read them directly. All ops act per sample (the batch axis is
 * implicit); shapes are {@link Shape}s of one sample.
 */
public sealed interface Op permits Op.Input, Op.Conv2d, Op.ChannelAffine, Op.Activation, Op.Add, Op.AvgPool,
        Op.GlobalAvgPool, Op.Flatten, Op.Linear, Op.LayerNorm, Op.StridedSlice, Op.ChannelPad, Op.Concat {

    /** Short type name used in descriptions and errors. */
    default String type() {
        return getClass().getSimpleName();
    }

    /** The network input (node 0). */
    record Input(Shape shape) implements Op {
    }

    /**
     * 2-D convolution with BatchNorm already folded in where it followed the conv.
     * {@code weight} is [outC][inC/groups][kh][kw] row-major, {@code bias} has outC entries (zeros if absent).
     * Padding is explicit per side (top, left, bottom, right) with zeros.
     */
    record Conv2d(int inC, int outC, int kh, int kw, int strideH, int strideW, int padTop, int padLeft,
                  int padBottom, int padRight, int groups, float[] weight, float[] bias) implements Op {
        public Conv2d {
            if (inC % groups != 0 || outC % groups != 0) {
                throw new IllegalArgumentException("channels " + inC + "->" + outC + " not divisible by groups "
                        + groups);
            }
            if (weight.length != outC * (inC / groups) * kh * kw || bias.length != outC) {
                throw new IllegalArgumentException("conv weight/bias sizes do not match " + outC + "x"
                        + (inC / groups) + "x" + kh + "x" + kw);
            }
        }

        public boolean depthwise() {
            return groups == inC && groups == outC && groups > 1;
        }

        /** The output shape on an input of shape {@code in}. */
        public Shape outputShape(Shape in) {
            int oh = (in.h() + padTop + padBottom - kh) / strideH + 1;
            int ow = (in.w() + padLeft + padRight - kw) / strideW + 1;
            return Shape.chw(outC, oh, ow);
        }
    }

    /** {@code y[c] = x[c] * scale[c] + shift[c]} (an unfused BatchNorm, or a per-channel Mul/Add). */
    record ChannelAffine(float[] scale, float[] shift) implements Op {
    }

    /**
     * A scalar activation; {@code index} is its position among the network's activation layers
     * (0-based, in execution order), the address the planner and the hooks use.
     */
    record Activation(ActivationKind kind, int index) implements Op {
    }

    /** Element-wise sum of two inputs of the same shape (residual connection). */
    record Add() implements Op {
    }

    /** Average pooling; {@code countIncludePad} as in ONNX. */
    record AvgPool(int kh, int kw, int strideH, int strideW, int padTop, int padLeft, int padBottom, int padRight,
                   boolean countIncludePad) implements Op {
        /** The output shape on an input of shape {@code in}. */
        public Shape outputShape(Shape in) {
            int oh = (in.h() + padTop + padBottom - kh) / strideH + 1;
            int ow = (in.w() + padLeft + padRight - kw) / strideW + 1;
            return Shape.chw(in.c(), oh, ow);
        }
    }

    /** Mean over H and W; output shape {@code c x 1 x 1}, or flat {@code [c]} when {@code flatten}. */
    record GlobalAvgPool(boolean flatten) implements Op {
    }

    /** {@code c x h x w -> [c*h*w]} (row-major, like torch.flatten(x, 1)). */
    record Flatten() implements Op {
    }

    /** Fully connected: {@code y = W x + b}, {@code weight} is [out][in] row-major. */
    record Linear(int in, int out, float[] weight, float[] bias) implements Op {
        public Linear {
            if (weight.length != in * out || bias.length != out) {
                throw new IllegalArgumentException("linear weight/bias sizes do not match " + out + "x" + in);
            }
        }
    }

    /**
     * LayerNorm over the channel axis at every spatial position (ConvNeXt's channels_first LayerNorm; on a
     * flat value it is the ordinary LayerNorm over the features):
     * {@code y = (x - mean_c) / sqrt(var_c + eps) * gamma[c] + beta[c]}, biased variance.
     */
    record LayerNorm(float[] gamma, float[] beta, float eps) implements Op {
    }

    /** {@code x[:, :, startH::stepH, startW::stepW]} (the spatial half of a ResNet option-A shortcut). */
    record StridedSlice(int startH, int stepH, int startW, int stepW) implements Op {
        /** The output shape on an input of shape {@code in}. */
        public Shape outputShape(Shape in) {
            int oh = (in.h() - startH + stepH - 1) / stepH;
            int ow = (in.w() - startW + stepW - 1) / stepW;
            return Shape.chw(in.c(), oh, ow);
        }
    }

    /** Zero channels before and after (the channel half of a ResNet option-A shortcut). */
    record ChannelPad(int before, int after) implements Op {
    }

    /** Concatenation along the channel axis. */
    record Concat() implements Op {
    }
}

package dev.olafhe.nn;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Non-GEMM kernels with the (incubating) Java Vector API, loaded only when {@link Kernels#VECTOR} holds: the exact
 * GELU (one exp per value, ConvNeXt's costliest step when scalar) and the depthwise convolution's taps (short rows
 * that HotSpot does not vectorise well on its own).
 */
final class VectorKernels {
    private VectorKernels() {
    }

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    /** Coefficients of {@link Special#erfFast}'s exponent polynomial in t, constant term first. */
    private static final float[] ERFC_POLY = {-1.26551223f, 1.00002368f, 0.37409196f, 0.09678418f, -0.18628806f,
        0.27886807f, -1.13520398f, 1.48851587f, -0.82215223f, 0.17087277f};

    /**
     * {@code out[i] = x/2 (1 + erf(x/sqrt 2))} for {@code i < n}, erf as in {@link Special#erfFast} evaluated in float
     * lanes (absolute error of erf a few 1e-7). Only IEEE-exact lane operations (no {@code VectorOperators.EXP}, whose
     * intrinsic and fallback differ in the last bit), and the tail runs through the same vector code, so a value's
     * result depends neither on JIT state nor on where it sits in the array (batch splitting is bit-exact).
     */
    static void gelu(float[] in, float[] out, int n) {
        int i = 0;
        for (; i + L <= n; i += L) {
            gelu(FloatVector.fromArray(S, in, i)).intoArray(out, i);
        }
        if (i < n) {
            float[] tail = new float[L];
            System.arraycopy(in, i, tail, 0, n - i);
            gelu(FloatVector.fromArray(S, tail, 0)).intoArray(tail, 0);
            System.arraycopy(tail, 0, out, i, n - i);
        }
    }

    private static FloatVector gelu(FloatVector x) {
        FloatVector z = x.abs().mul(INV_SQRT2);
        FloatVector t = ONE.div(z.fma(HALF, ONE));
        FloatVector p = FloatVector.broadcast(S, ERFC_POLY[ERFC_POLY.length - 1]);
        for (int c = ERFC_POLY.length - 2; c >= 0; c--) {
            p = p.fma(t, FloatVector.broadcast(S, ERFC_POLY[c]));
        }
        FloatVector erfc = t.mul(exp(z.mul(z).neg().add(p))); // erfc(|x|/sqrt 2)
        FloatVector halfX = x.mul(HALF);
        // x >= 0: x/2 (2 - erfc);  x < 0: erf is negative, x/2 (1 + erf) = x/2 * erfc
        return halfX.mul(erfc.neg().add(2f)).blend(halfX.mul(erfc), x.lt(0f));
    }

    private static final FloatVector ONE = FloatVector.broadcast(S, 1f);
    private static final FloatVector HALF = FloatVector.broadcast(S, 0.5f);
    private static final float INV_SQRT2 = (float) (1.0 / Math.sqrt(2.0));
    /** 1.5 * 2^23: adding it rounds a float of magnitude < 2^22 to an integer held in the low mantissa bits. */
    private static final float ROUND_MAGIC = 12582912f;
    private static final float LOG2E = 1.44269504f;
    /** ln 2 split in a part with few mantissa bits (k * LN2_HI exact) and the rest (Cody-Waite reduction). */
    private static final float LN2_HI = 0.693359375f;
    private static final float LN2_LO = -2.12194440e-4f;

    /**
     * e^y for y <= 0 in float: y = k ln2 + r with |r| <= ln2/2, e^r by its degree-7 Taylor polynomial (relative error
     * < 1e-8 before rounding), 2^k built in the exponent bits; 0 below -87 (where 2^k would leave the normal range).
     */
    static FloatVector exp(FloatVector y) {
        FloatVector kShifted = y.fma(FloatVector.broadcast(S, LOG2E), FloatVector.broadcast(S, ROUND_MAGIC));
        FloatVector k = kShifted.sub(ROUND_MAGIC);
        FloatVector r = k.fma(FloatVector.broadcast(S, -LN2_HI), y);
        r = k.fma(FloatVector.broadcast(S, -LN2_LO), r);
        FloatVector p = FloatVector.broadcast(S, 1f / 5040);
        p = p.fma(r, FloatVector.broadcast(S, 1f / 720));
        p = p.fma(r, FloatVector.broadcast(S, 1f / 120));
        p = p.fma(r, FloatVector.broadcast(S, 1f / 24));
        p = p.fma(r, FloatVector.broadcast(S, 1f / 6));
        p = p.fma(r, HALF);
        p = p.fma(r, ONE);
        p = p.fma(r, ONE);
        IntVector kInt = kShifted.reinterpretAsInts().sub(Float.floatToRawIntBits(ROUND_MAGIC));
        FloatVector twoToK = kInt.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        return p.mul(twoToK).blend(0f, y.lt(-87f));
    }

    /** Grid columns are computed in whole vectors; buffers are sized to a multiple of this. */
    static int lanes() {
        return L;
    }

    /**
     * One channel of a stride-1 depthwise convolution on the flattened padded grid (see
     * {@link ConvKernels#depthwise}): {@code grid[j] = bias + sum_t w[wOff + t] * pad[tapOffset[t] + j]} for
     * {@code j < cols}, {@code cols} a multiple of {@link #lanes()}; each vector of outputs is accumulated in a
     * register over all taps. One flat loop over the taps: JDK 17's C2 keeps the accumulator in a register there,
     * but boxes it when it is carried through nested ky/kx loops (20x slower).
     */
    static void depthwiseGrid(float[] pad, int[] tapOffset, float[] weight, int wOff, float bias, float[] grid,
                              int cols) {
        int taps = tapOffset.length;
        int j = 0;
        // four independent accumulators hide the FMA latency (one accumulator runs at a quarter of the FMA rate)
        for (; j + 4 * L <= cols; j += 4 * L) {
            FloatVector a0 = FloatVector.broadcast(S, bias);
            FloatVector a1 = a0;
            FloatVector a2 = a0;
            FloatVector a3 = a0;
            for (int t = 0; t < taps; t++) {
                FloatVector wt = FloatVector.broadcast(S, weight[wOff + t]);
                int o = tapOffset[t] + j;
                a0 = FloatVector.fromArray(S, pad, o).fma(wt, a0);
                a1 = FloatVector.fromArray(S, pad, o + L).fma(wt, a1);
                a2 = FloatVector.fromArray(S, pad, o + 2 * L).fma(wt, a2);
                a3 = FloatVector.fromArray(S, pad, o + 3 * L).fma(wt, a3);
            }
            a0.intoArray(grid, j);
            a1.intoArray(grid, j + L);
            a2.intoArray(grid, j + 2 * L);
            a3.intoArray(grid, j + 3 * L);
        }
        for (; j < cols; j += L) {
            FloatVector acc = FloatVector.broadcast(S, bias);
            for (int t = 0; t < taps; t++) {
                acc = FloatVector.fromArray(S, pad, tapOffset[t] + j).fma(FloatVector.broadcast(S, weight[wOff + t]),
                        acc);
            }
            acc.intoArray(grid, j);
        }
    }
}

package dev.olafhe.ckks.boot;

import java.util.ArrayList;
import java.util.List;

/**
 * The factors of the homomorphic encoding transform (CoeffToSlot) and decoding transform (SlotToCoeff)
 * of bootstrapping, as level-collapsed butterfly matrices (ckks-notes §2.2).
 *
 * <p>The special FFT of n points ({@link dev.olafhe.math.SpecialFft}) is a bit reversal followed by log2 n
 * radix-2 stages, each with the three diagonals {0, ±len/2}. CoeffToSlot applies the inverse stages
 * (len = n, …, 2, without the bit reversal or the 1/n), so its output is n·U^{-1}·z in bit-reversed
 * order; SlotToCoeff applies the forward stages (len = 2, …, n) to bit-reversed input. EvalMod is slot-wise,
 * so the bit reversals cancel and are never evaluated. Consecutive stages are merged into as many
 * matrices as the transform has levels, group sizes ⌈remaining/levels left⌉ (CoeffToSlot in that order,
 * SlotToCoeff mirrored).
 *
 * <p>Sparse packing (n &lt; N/2) works on dim = 2n slots whose content is n-periodic: the stages repeat
 * on both halves. CoeffToSlot's last factor multiplies the right half by −i (so that x + conj(x) holds
 * Re w on the left and Im w on the right: one EvalMod), and SlotToCoeff's first factor recombines
 * left + i·right on both halves. In the dense case (n = N/2, dim = n) the real and imaginary parts travel
 * in two ciphertexts.
 */
final class HomomorphicDft {
    private HomomorphicDft() {
    }

    /** Group sizes: log2 n stages into {@code levels} matrices, ⌈remaining/(levels − i)⌉ each. */
    static int[] mergeSizes(int logN, int levels) {
        if (levels < 1 || levels > logN) {
            throw new IllegalArgumentException("a " + (1 << logN) + "-point DFT can be split into 1.." + logN
                    + " levels, not " + levels);
        }
        int[] sizes = new int[levels];
        int remaining = logN;
        for (int i = 0; i < levels; i++) {
            sizes[i] = (remaining + levels - i - 1) / (levels - i);
            remaining -= sizes[i];
        }
        return sizes;
    }

    /**
     * CoeffToSlot factors in the order they are applied, with the total real constant {@code scale} spread
     * evenly (scale^(1/levels) each).
     *
     * @param n      slot count (the DFT size)
     * @param sparse whether the ciphertext is sparse-packed (dim 2n with the −i repacking)
     */
    static List<DiagonalMatrix> coeffsToSlots(int n, boolean sparse, int levels, double scale) {
        int logN = Integer.numberOfTrailingZeros(n);
        int dim = sparse ? 2 * n : n;
        int[] sizes = mergeSizes(logN, levels);
        double perLevel = Math.pow(scale, 1.0 / levels);
        List<DiagonalMatrix> factors = new ArrayList<>();
        int len = n;
        for (int size : sizes) {
            factors.add(mergedStages(n, dim, len, size, true, perLevel));
            len >>= size;
        }
        if (sparse) {
            double[] re = new double[dim];
            double[] im = new double[dim];
            for (int x = 0; x < dim; x++) {
                if (x < n) {
                    re[x] = 1;
                } else {
                    im[x] = -1;
                }
            }
            int last = factors.size() - 1;
            factors.set(last, factors.get(last).rowsTimes(re, im));
        }
        return factors;
    }

    /** SlotToCoeff factors in the order they are applied, total real constant {@code scale}. */
    static List<DiagonalMatrix> slotsToCoeffs(int n, boolean sparse, int levels, double scale) {
        int logN = Integer.numberOfTrailingZeros(n);
        int dim = sparse ? 2 * n : n;
        int[] sizes = mergeSizes(logN, levels);
        double perLevel = Math.pow(scale, 1.0 / levels);
        List<DiagonalMatrix> factors = new ArrayList<>();
        int len = 2;
        for (int g = sizes.length - 1; g >= 0; g--) {
            factors.add(mergedStages(n, dim, len, sizes[g], false, perLevel));
            len <<= sizes[g];
        }
        if (sparse) { // left + i·right on both halves, before the first factor
            DiagonalMatrix recombine = new DiagonalMatrix(dim);
            for (int x = 0; x < dim; x++) {
                if (x < n) {
                    recombine.add(0, x, 1, 0);
                    recombine.add(n, x, 0, 1);
                } else {
                    recombine.add(-n, x, 1, 0);
                    recombine.add(0, x, 0, 1);
                }
            }
            factors.set(0, factors.get(0).after(recombine));
        }
        return factors;
    }

    /**
     * {@code stages} consecutive radix-2 stages merged into one factor times {@code perLevel}, starting at block
     * length {@code firstLen}: the inverse (CoeffToSlot) stages halve the block length, the forward ones double it.
     */
    private static DiagonalMatrix mergedStages(int n, int dim, int firstLen, int stages, boolean inverse,
                                               double perLevel) {
        DiagonalMatrix factor = null;
        int len = firstLen;
        for (int s = 0; s < stages; s++) {
            DiagonalMatrix stage = stage(n, dim, len, inverse);
            factor = factor == null ? stage : stage.after(factor);
            len = inverse ? len / 2 : len * 2;
        }
        return factor.times(perLevel);
    }

    /**
     * One radix-2 stage of the n-point special FFT on dim slots (dim a multiple of len): forward
     * (a, b) ← (a + t·b, a − t·b) or inverse (a, b) ← (a + b, (a − b)·conj(t)), with a = slot x,
     * b = x + len/2 in each block of len and t = ξ^((5^j mod 4·len)·(n/len)), ξ = exp(2πi/4n), j = x mod len.
     */
    static DiagonalMatrix stage(int n, int dim, int len, boolean inverse) {
        int half = len / 2;
        int lenq = 4 * len;
        DiagonalMatrix m = new DiagonalMatrix(dim);
        long[] rot = new long[half];
        long p = 1;
        for (int j = 0; j < half; j++) {
            rot[j] = p;
            p = p * 5 % lenq;
        }
        for (int x = 0; x < dim; x++) {
            int r = x % len;
            int j = r < half ? r : r - half;
            double angle = 2 * Math.PI * (rot[j] % lenq) * ((double) n / len) / (4.0 * n);
            double tr = Math.cos(angle);
            double ti = Math.sin(angle);
            if (inverse) {
                ti = -ti;
                if (r < half) {
                    m.add(0, x, 1, 0);
                    m.add(half, x, 1, 0);
                } else {
                    m.add(-half, x, tr, ti);
                    m.add(0, x, -tr, -ti);
                }
            } else if (r < half) {
                m.add(0, x, 1, 0);
                m.add(half, x, tr, ti);
            } else {
                m.add(-half, x, 1, 0);
                m.add(0, x, -tr, -ti);
            }
        }
        return m;
    }
}

package dev.olafhe.ckks.boot;

import dev.olafhe.ckks.testing.RandomVectors;
import dev.olafhe.ckks.ComplexVector;
import dev.olafhe.math.SpecialFft;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The DFT factors on the host against the special FFT (exact up to float64 rounding). */
class HomomorphicDftTest {
    private static final double TOLERANCE = 1e-9;

    private static ComplexVector bitReverse(ComplexVector v) {
        int n = v.length();
        int bits = Integer.numberOfTrailingZeros(n);
        double[] re = new double[n];
        double[] im = new double[n];
        for (int i = 0; i < n; i++) {
            int r = bits == 0 ? 0 : Integer.reverse(i) >>> (32 - bits);
            re[r] = v.re()[i];
            im[r] = v.im()[i];
        }
        return new ComplexVector(re, im);
    }

    private static ComplexVector applyAll(List<DiagonalMatrix> factors, ComplexVector v) {
        for (DiagonalMatrix f : factors) {
            v = f.apply(v);
        }
        return v;
    }

    private static void assertClose(ComplexVector want, ComplexVector have, int from, int to, double factorRe,
                                    double factorIm) {
        for (int i = from; i < to; i++) {
            double wr = want.re()[i - from] * factorRe - want.im()[i - from] * factorIm;
            double wi = want.re()[i - from] * factorIm + want.im()[i - from] * factorRe;
            assertEquals(wr, have.re()[i], TOLERANCE * Math.max(1, Math.abs(wr)), "re " + i);
            assertEquals(wi, have.im()[i], TOLERANCE * Math.max(1, Math.abs(wi)), "im " + i);
        }
    }

    @ParameterizedTest(name = "n = {0}, {1} levels, sparse = {2}")
    @CsvSource({"16, 1, false", "16, 2, true", "64, 3, false", "64, 3, true", "256, 4, true", "1024, 3, false"})
    void coeffsToSlotsIsTheScaledInverseFftInBitReversedOrder(int n, int levels, boolean sparse) {
        ComplexVector z = RandomVectors.uniformComplex(n, new Random(n + levels));
        ComplexVector w = new ComplexVector(z.re().clone(), z.im().clone());
        new SpecialFft(n).inverse(w.re(), w.im());
        ComplexVector want = bitReverse(w);
        ComplexVector input = sparse ? concat(z, z) : z;
        List<DiagonalMatrix> factors = HomomorphicDft.coeffsToSlots(n, sparse, levels, 0.5);
        assertEquals(levels, factors.size());
        ComplexVector have = applyAll(factors, input);
        assertClose(want, have, 0, n, 0.5 * n, 0);
        if (sparse) {
            assertClose(want, have, n, 2 * n, 0, -0.5 * n);
        }
    }

    @ParameterizedTest(name = "n = {0}, {1} levels, sparse = {2}")
    @CsvSource({"16, 1, false", "16, 2, true", "64, 3, false", "64, 3, true", "256, 4, true", "1024, 3, false"})
    void slotsToCoeffsIsTheFftOfBitReversedInput(int n, int levels, boolean sparse) {
        ComplexVector u = RandomVectors.uniformComplex(n, new Random(7 * n + levels)); // bit-reversed coefficients
        ComplexVector w = bitReverse(u);
        new SpecialFft(n).forward(w.re(), w.im());
        ComplexVector input = sparse ? concat(new ComplexVector(u.re(), new double[n]),
                new ComplexVector(u.im(), new double[n])) : u;
        ComplexVector have = applyAll(HomomorphicDft.slotsToCoeffs(n, sparse, levels, 2.0), input);
        assertClose(w, have, 0, n, 2, 0);
        if (sparse) {
            assertClose(w, have, n, 2 * n, 2, 0);
        }
    }

    @Test
    void mergedFactorsHaveAtMostTwoToTheGroupPlusOneDiagonals() {
        List<DiagonalMatrix> cts = HomomorphicDft.coeffsToSlots(1 << 10, false, 3, 1);
        int[] sizes = HomomorphicDft.mergeSizes(10, 3);
        assertArrayEquals(new int[] {4, 3, 3}, sizes);
        for (int i = 0; i < 3; i++) {
            int count = cts.get(i).diagonalCount();
            assertTrue(count <= (1 << (sizes[i] + 1)) - 1, "factor " + i + ": " + count + " diagonals");
        }
        assertArrayEquals(new int[] {4, 4, 4, 3}, HomomorphicDft.mergeSizes(15, 4));
        assertArrayEquals(new int[] {5, 5, 5}, HomomorphicDft.mergeSizes(15, 3));
    }

    private static ComplexVector concat(ComplexVector a, ComplexVector b) {
        int n = a.length();
        double[] re = new double[2 * n];
        double[] im = new double[2 * n];
        System.arraycopy(a.re(), 0, re, 0, n);
        System.arraycopy(b.re(), 0, re, n, n);
        System.arraycopy(a.im(), 0, im, 0, n);
        System.arraycopy(b.im(), 0, im, n, n);
        return new ComplexVector(re, im);
    }
}

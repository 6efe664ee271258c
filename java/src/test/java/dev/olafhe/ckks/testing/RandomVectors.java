package dev.olafhe.ckks.testing;

import dev.olafhe.ckks.ComplexVector;

import java.util.Random;

/** Random slot vectors for tests. */
public final class RandomVectors {
    private RandomVectors() {
    }

    /** n complex values with real and imaginary parts uniform in [-1, 1), drawn re then im per slot. */
    public static ComplexVector uniformComplex(int n, Random random) {
        double[] re = new double[n];
        double[] im = new double[n];
        for (int i = 0; i < n; i++) {
            re[i] = 2 * random.nextDouble() - 1;
            im[i] = 2 * random.nextDouble() - 1;
        }
        return new ComplexVector(re, im);
    }
}

package dev.olafhe.approx;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Evaluating a series over an array gives, float for float, what evaluating it element by element gives. */
class ChebyshevArrayEvaluationTest {
    @Test
    void arrayEvaluationMatchesScalarEvaluationBitForBit() {
        Random rnd = new Random(11);
        for (int degree : new int[] {1, 3, 15, 63}) {
            double[] c = new double[degree + 1];
            for (int k = 0; k <= degree; k++) {
                c[k] = rnd.nextGaussian() / (1 + k);
            }
            ChebyshevSeries s = new ChebyshevSeries(-3, 5, c);
            int n = 1300; // not a multiple of the block
            float[] in = new float[n];
            for (int i = 0; i < n; i++) {
                in[i] = (float) (rnd.nextGaussian() * 6); // also far outside [-3, 5]
            }
            in[5] = Float.NaN;
            float[] out = new float[n + 3];
            s.evaluate(in, out, n);
            for (int i = 0; i < n; i++) {
                assertEquals(Float.floatToIntBits((float) s.evaluate(in[i])), Float.floatToIntBits(out[i]),
                        "degree " + degree + " x = " + in[i]);
            }
            assertEquals(0f, out[n]); // nothing written past n
        }
    }
}

package dev.olafhe.approx;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
            double[] wide = new double[n];
            for (int i = 0; i < n; i++) {
                wide[i] = in[i] * 1.1;
            }
            double[] res = new double[n];
            s.evaluate(wide, res, n);
            s.evaluate(wide, wide, n); // in place
            for (int i = 0; i < n; i++) {
                assertEquals(Double.doubleToLongBits(s.evaluate(in[i] * 1.1)), Double.doubleToLongBits(res[i]));
                assertEquals(Double.doubleToLongBits(res[i]), Double.doubleToLongBits(wide[i]));
            }
        }
    }

    /** The composite ReLU over an array gives, float for float, what it gives element by element. */
    @Test
    void compositeReluOverAnArrayMatchesElementByElement() {
        CompositeSign sign = CompositeSign.forPrecision(CompositeSign.LEE_ALPHA, CompositeSign.LEE_DEGREES);
        Random rnd = new Random(5);
        int n = 2500; // more than two blocks
        float[] in = new float[n];
        for (int i = 0; i < n; i++) {
            in[i] = (float) ((2 * rnd.nextDouble() - 1) * 7.5); // the ReLU is approximated on [-bound, bound]
        }
        float[] out = new float[n];
        sign.relu(in, out, n, 7.5);
        double worst = 0;
        for (int i = 0; i < n; i++) {
            assertEquals(Float.floatToIntBits((float) sign.relu(in[i], 7.5)), Float.floatToIntBits(out[i]),
                    "x = " + in[i]);
            worst = Math.max(worst, Math.abs(out[i] - Math.max(0, in[i])));
        }
        assertTrue(worst < 0.01 * 7.5, "composite ReLU error " + worst); // and it is a ReLU
    }
}

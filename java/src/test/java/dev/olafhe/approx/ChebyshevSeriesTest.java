package dev.olafhe.approx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ChebyshevSeriesTest {

    @Test
    void clenshawMatchesExplicitChebyshevPolynomials() {
        // p = 0.5 T0 - 2 T1 + 0.25 T2 + 3 T3 on [-2, 6]; T2 = 2y^2-1, T3 = 4y^3-3y
        ChebyshevSeries p = new ChebyshevSeries(-2, 6, new double[] {0.5, -2, 0.25, 3});
        for (double x = -3; x <= 7; x += 0.37) {
            double y = (2 * x - 4) / 8;
            double want = 0.5 - 2 * y + 0.25 * (2 * y * y - 1) + 3 * (4 * y * y * y - 3 * y);
            assertEquals(want, p.evaluate(x), 1e-12, "x=" + x);
        }
    }

    @Test
    void parityAndValidation() {
        assertTrue(new ChebyshevSeries(-1, 1, new double[] {0, 1, 0, 2}).isOdd());
        assertTrue(new ChebyshevSeries(-1, 1, new double[] {1, 0, 2}).isEven());
        assertThrows(IllegalArgumentException.class, () -> new ChebyshevSeries(1, 1, new double[] {1}));
        assertThrows(IllegalArgumentException.class, () -> new ChebyshevSeries(0, 1, new double[] {}));
        assertThrows(IllegalArgumentException.class, () -> new ChebyshevSeries(0, 1, new double[] {Double.NaN}));
    }
}

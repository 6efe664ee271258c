package dev.olafhe.ckks;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PrecisionStatsTest {
    @Test
    void statisticsOfKnownErrors() {
        ComplexVector want = new ComplexVector(new double[] {0, 0, 0, 0}, new double[] {0, 0, 0, 0});
        // real errors 2^-10, 2^-20, 2^-20, 2^-30; imaginary errors all 2^-8
        ComplexVector have = new ComplexVector(new double[] {0x1p-10, -0x1p-20, 0x1p-20, 0x1p-30},
                new double[] {0x1p-8, 0x1p-8, -0x1p-8, 0x1p-8});
        PrecisionStats s = PrecisionStats.compute(want, have);
        assertEquals(10, s.real().min(), 1e-12);
        double mean = (0x1p-10 + 2 * 0x1p-20 + 0x1p-30) / 4;
        assertEquals(-Math.log(mean) / Math.log(2), s.real().mean(), 1e-12);
        assertEquals(20, s.real().median(), 1e-12);
        assertEquals(8, s.imag().min(), 1e-12);
        assertEquals(8, s.imag().mean(), 1e-12);
        assertEquals(8, s.minBits(), 1e-12);
        assertEquals(8, s.meanBits(), 1e-12);
    }

    @Test
    void exactSlotsAreCappedNotInfinite() {
        ComplexVector v = new ComplexVector(new double[] {1, 2}, new double[] {3, 4});
        PrecisionStats s = PrecisionStats.compute(v, v, 2, 40);
        assertEquals(40, s.minBits(), 1e-12);
        assertEquals(40, s.meanBits(), 1e-12);
    }
}

package dev.olafhe.approx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/** Remez against closed-form minimax errors, the equioscillation certificate, and the composite sign baseline. */
class RemezTest {

    /** x^(m) minus its minimax approximation is T_m / 2^(m-1): the best error is 2^(1-m) on [-1, 1]. */
    @ParameterizedTest
    @CsvSource({"4, 3, GENERAL", "6, 5, GENERAL", "5, 3, ODD", "7, 5, ODD", "4, 2, EVEN", "8, 6, EVEN"})
    void powerHasChebyshevMinimaxError(int power, int degree, Basis basis) {
        Remez.Result r = Remez.minimax(x -> Math.pow(x, power), -1, 1, degree, basis);
        double want = Math.pow(2, 1 - power);
        assertTrue(r.converged());
        assertEquals(want, r.maxError(), 1e-6 * want);
        assertEquals(want, r.levelledError(), 1e-6 * want);
    }

    @ParameterizedTest
    @EnumSource(Target.class)
    void errorEquioscillatesAndBeatsInterpolation(Target f) {
        double a = -6;
        double b = 6;
        int degree = 9;
        Basis basis = f.naturalBasis();
        Remez.Result r = Remez.minimax(f::apply, a, b, degree, basis);
        int unknowns = basis.indices(degree).length;
        assertEquals(unknowns + 1, r.reference().length);
        double[] ref = r.reference();
        for (int i = 0; i < ref.length; i++) {
            double e = f.apply(ref[i]) - r.series().evaluate(ref[i]);
            assertEquals(r.levelledError(), Math.abs(e), 1e-6 * r.maxError() + 1e-14, "|e| at reference " + i);
            if (i > 0) {
                double prev = f.apply(ref[i - 1]) - r.series().evaluate(ref[i - 1]);
                assertTrue(e * prev < 0, "signs alternate at reference " + i);
            }
        }
        ChebyshevSeries interp = ChebyshevInterpolation.interpolate(f::apply, a, b, degree);
        double interpMax = ApproxError.measure(interp::evaluate, f::apply, a, b, Weight.uniform(), 0).maxError();
        assertTrue(r.maxError() <= interpMax * (1 + 1e-6), r.maxError() + " vs interpolation " + interpMax);
    }

    @Test
    void minimaxOnAShiftedInterval() {
        // x^4 on [1, 5] = ((y + 3/2)... ) in y; the error of the best cubic equals that of y^4 scaled by 2^4: 2^4/8 = 2
        Remez.Result r = Remez.minimax(x -> Math.pow(x, 4), 1, 5, 3, Basis.GENERAL);
        assertEquals(2.0, r.maxError(), 1e-6);
    }

    @Test
    void compositeSignReachesAlpha13WithLeeDegreesAndReportsTheGapItNeeds() {
        CompositeSign c = CompositeSign.forPrecision(CompositeSign.LEE_ALPHA, CompositeSign.LEE_DEGREES);
        assertTrue(c.maxError() <= Math.pow(2, -13), "error " + c.maxError());
        assertTrue(c.precisionBits() >= 13);
        assertEquals(14, c.reluDepth());
        assertTrue(c.stages().stream().allMatch(ChebyshevSeries::isOdd));
        // a narrower gap than the one found must miss 2^-13 (the search is tight to 1/64 bit)
        double narrower = c.gap() * Math.pow(2, -1.0 / 32);
        assertTrue(CompositeSign.build(CompositeSign.LEE_DEGREES, narrower).maxError() > Math.pow(2, -13));
        // relu on [-B, B]: error <= B/2 * 2^-13 where |x| >= gap B, and <= gap B inside
        double bound = 8;
        for (double x = -bound; x <= bound; x += 0.0137) {
            double tol = Math.abs(x) >= c.gap() * bound ? bound * c.maxError() / 2 : c.gap() * bound;
            assertEquals(Math.max(x, 0), c.relu(x, bound), tol * (1 + 1e-9), "x=" + x);
        }
    }

    @Test
    void stageOneAtGap2toMinus13IsFarFromAlpha() {
        CompositeSign c = CompositeSign.build(CompositeSign.LEE_DEGREES, Math.pow(2, -13));
        double stageOneBits = -Math.log(c.stageErrors()[0]) / Math.log(2);
        assertTrue(stageOneBits < 2, "stage one reaches " + stageOneBits + " bits");
        assertTrue(c.precisionBits() < 13);
    }
}

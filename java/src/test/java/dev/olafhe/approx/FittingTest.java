package dev.olafhe.approx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.function.DoubleUnaryOperator;

/** Least squares, interpolation and error reports against properties that hold exactly. */
class FittingTest {
    /** A skewed, bumpy histogram over [-4, 6] standing in for an activation profile. */
    static final long[] COUNTS = new long[64];

    static {
        for (int i = 0; i < COUNTS.length; i++) {
            double x = -4 + 10.0 * (i + 0.5) / COUNTS.length;
            COUNTS[i] = Math.round(1000 * Math.exp(-0.5 * (x - 0.5) * (x - 0.5)) + 50 * Math.exp(-(x - 4) * (x - 4)));
        }
    }

    static final Weight DENSITY = Weight.histogram(-4, 6, COUNTS);
    static final DoubleUnaryOperator CUBIC = x -> 0.3 * x * x * x - x * x + 2 * x - 0.7;

    @Test
    void leastSquaresReproducesPolynomialsForAnyWeight() {
        for (Weight w : new Weight[] {Weight.uniform(), DENSITY.plus(1e-3), DENSITY.scaled(0.5, 2).plus(1e-3)}) {
            for (int degree : new int[] {3, 4, 9}) {
                ChebyshevSeries p = LeastSquares.fit(CUBIC, -4, 6, degree, Basis.GENERAL, w);
                for (double x = -4; x <= 6; x += 0.25) {
                    assertEquals(CUBIC.applyAsDouble(x), p.evaluate(x), 1e-9, "degree " + degree + " x=" + x);
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Target.class)
    void densityWeightingLowersTheDensityWeightedErrorAndUniformTheUniformOne(Target f) {
        Weight w = DENSITY.plus(1e-4);
        ChebyshevSeries weighted = LeastSquares.fit(f::apply, -4, 6, 7, Basis.GENERAL, w);
        ChebyshevSeries uniform = LeastSquares.fit(f::apply, -4, 6, 7, Basis.GENERAL, Weight.uniform());
        ApproxError ew = ApproxError.measure(weighted::evaluate, f::apply, -4, 6, w, 0);
        ApproxError eu = ApproxError.measure(uniform::evaluate, f::apply, -4, 6, w, 0);
        assertTrue(ew.weightedRms() <= eu.weightedRms() * (1 + 1e-6), ew + " vs " + eu);
        ApproxError uw = ApproxError.measure(weighted::evaluate, f::apply, -4, 6, Weight.uniform(), 0);
        ApproxError uu = ApproxError.measure(uniform::evaluate, f::apply, -4, 6, Weight.uniform(), 0);
        assertTrue(uu.weightedRms() <= uw.weightedRms() * (1 + 1e-6), uu + " vs " + uw);
    }

    @Test
    void residualOfWeightedFitIsOrthogonalToTheBasis() {
        Weight w = DENSITY.plus(1e-3);
        int degree = 6;
        ChebyshevSeries p = LeastSquares.fit(Target.RELU::apply, -4, 6, degree, Basis.GENERAL, w, 4096);
        double[] t = new double[degree + 1];
        double[] dots = new double[degree + 1];
        double scale = 0;
        for (int i = 0; i < 4096; i++) {
            double x = -4 + (i + 0.5) * 10.0 / 4096;
            LeastSquares.chebyshevValues(p.toUnit(x), t);
            double r = Target.RELU.apply(x) - p.evaluate(x);
            for (int k = 0; k <= degree; k++) {
                dots[k] += w.at(x) * r * t[k];
            }
            scale += w.at(x) * Math.abs(Target.RELU.apply(x));
        }
        for (int k = 0; k <= degree; k++) {
            assertEquals(0, dots[k] / scale, 1e-10, "normal equation " + k);
        }
    }

    @Test
    void oddBasisFitOfAnOddTargetIsOdd() {
        ChebyshevSeries p = LeastSquares.fit(Target.TANH::apply, -3, 3, 9, Basis.ODD, Weight.gaussian(0, 1));
        assertTrue(p.isOdd());
        assertEquals(-p.evaluate(1.3), p.evaluate(-1.3), 1e-15);
    }

    @Test
    void rankDeficientWeightIsReportedClearly() {
        Weight spike = x -> Math.abs(x) < 0.01 ? 1 : 0;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LeastSquares.fit(Target.RELU::apply, -4, 6, 9, Basis.GENERAL, spike));
        assertTrue(e.getMessage().contains("floor"), e.getMessage());
    }

    @Test
    void scaledDensityWidensAboutTheMean() {
        Weight g = Weight.gaussian(1, 0.5);
        Weight wide = g.scaled(1, 3);
        Weight same = Weight.gaussian(1, 1.5);
        for (double x = -5; x <= 7; x += 0.5) {
            assertEquals(same.at(x), wide.at(x), 1e-12);
        }
    }

    @Test
    void interpolationIsExactForPolynomialsAndMatchesAtChebyshevPoints() {
        ChebyshevSeries p = ChebyshevInterpolation.interpolate(CUBIC, -1, 3, 5);
        for (double x = -1; x <= 3; x += 0.1) {
            assertEquals(CUBIC.applyAsDouble(x), p.evaluate(x), 1e-12);
        }
        int d = 8;
        ChebyshevSeries q = ChebyshevInterpolation.interpolate(Target.GELU::apply, -5, 5, d);
        for (int j = 0; j <= d; j++) {
            double x = 5 * Math.cos(Math.PI * (j + 0.5) / (d + 1));
            assertEquals(Target.GELU.apply(x), q.evaluate(x), 1e-12);
        }
    }

    @Test
    void targetsMatchKnownValues() {
        assertEquals(0.5204998778130465, Target.erf(0.5), 1e-15);
        assertEquals(0.9999779095030014, Target.erf(3.0), 1e-15);
        assertEquals(-0.9953222650189527, Target.erf(-2.0), 1e-15);
        assertEquals(0.8413447460685429, Target.GELU.apply(1), 1e-15);
        assertEquals(0.7310585786300049, Target.SILU.apply(1), 1e-15);
        assertEquals(0.2689414213699951, Target.SIGMOID.apply(-1), 1e-15);
        assertEquals(0.0, Target.RELU.apply(-2));
        assertEquals(Basis.ODD, Target.TANH.naturalBasis());
    }

    @Test
    void errorReportOfTheTargetItselfIsZeroAndCarriesTheOutOfIntervalRate() {
        ApproxError e = ApproxError.measure(Target.SILU::apply, Target.SILU::apply, -2, 2, DENSITY, 0.013);
        assertEquals(0, e.maxError());
        assertEquals(0, e.weightedRms());
        assertEquals(0.013, e.outOfIntervalRate());
    }
}

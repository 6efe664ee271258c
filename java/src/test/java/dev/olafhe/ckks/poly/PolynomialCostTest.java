package dev.olafhe.ckks.poly;

import dev.olafhe.approx.ChebyshevSeries;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PolynomialCostTest {

    @ParameterizedTest
    @EnumSource(Parity.class)
    void depthIsOptimalForEveryDegree(Parity parity) {
        for (int d = 0; d <= 130; d++) {
            if (d > 0 && !parity.allows(d)) {
                continue;
            }
            PolynomialCost cost = PolynomialCost.of(d, parity);
            int optimal = (int) Math.ceil(Math.log(d + 1) / Math.log(2) - 1e-12);
            assertEquals(optimal, cost.depth(), "depth of degree " + d + " " + parity);
            assertEquals(0, cost.changeOfBasisLevels());
            assertEquals(d, cost.degree());
        }
    }

    /** Counts derived by hand from the plan rules (see PolynomialPlan) for small degrees. */
    @ParameterizedTest(name = "degree {0} {1}: {2} products, {3} scalar products")
    @CsvSource({
            "1, GENERAL, 0, 1",
            // l = 1: T_2 (×2), constant quotient c_2·T_2, leaf c_1·T_1
            "2, GENERAL, 1, 3",
            // T_2; q = c_2 + 2c_3·T_1 times T_2; r = leaf in T_1
            "3, GENERAL, 2, 3",
            // T_2, T_4 and three giant products (Lattigo's 2^l + (logDeg − l) + 2^(logDeg−l) − 3 = 5 for l = 1)
            "7, GENERAL, 5, 6",
            // odd degree 3: T_2 and one product (q = 2c_3·T_1, r = (c_1 − c_3)·T_1)
            "3, ODD, 2, 3",
    })
    void smallDegreesMatchHandCount(int degree, Parity parity, int nonScalar, int scalar) {
        PolynomialCost cost = PolynomialCost.of(degree, parity);
        assertEquals(nonScalar, cost.nonScalarMultiplications());
        assertEquals(scalar, cost.scalarMultiplications());
    }

    @Test
    void productsGrowLikeTwoSquareRootsOfTheDegree() {
        for (int logDeg = 2; logDeg <= 8; logDeg++) {
            int d = (1 << logDeg) - 1;
            int bound = Integer.MAX_VALUE; // Lattigo's estimate 2^l + (logDeg − l) + 2^(logDeg − l) − 3, best l
            for (int l = 1; l < logDeg; l++) {
                bound = Math.min(bound, (1 << l) + (logDeg - l) + (1 << (logDeg - l)) - 3);
            }
            PolynomialCost cost = PolynomialCost.of(d, Parity.GENERAL);
            // depth-optimal leading chains cost at most one product per level above the estimate
            assertTrue(cost.nonScalarMultiplications() <= bound + logDeg,
                    "degree " + d + ": " + cost + " vs estimate " + bound);
            assertTrue(PolynomialCost.of(d, Parity.ODD).nonScalarMultiplications() <= cost.nonScalarMultiplications());
        }
    }

    @Test
    void changeOfBasisCostsALevelOnlyForNonIntegerScalars() {
        double[] c = {0.1, 0.2, 0.3, 0.4};
        PolynomialCost unit = PolynomialCost.of(new ChebyshevSeries(-1, 1, c));
        PolynomialCost integerMap = PolynomialCost.of(new ChebyshevSeries(0, 1, c)); // y = 2x − 1
        PolynomialCost scaled = PolynomialCost.of(new ChebyshevSeries(-8, 8, c)); // y = x/8
        assertEquals(0, unit.changeOfBasisLevels());
        assertEquals(0, integerMap.changeOfBasisLevels());
        assertEquals(unit.scalarMultiplications() + 1, integerMap.scalarMultiplications());
        assertEquals(1, scaled.changeOfBasisLevels());
        assertEquals(unit.depth() + 1, scaled.totalDepth());
        assertEquals(unit.rescales() + 1, scaled.rescales());
    }

    @Test
    void zeroCoefficientsAreSkipped() {
        double[] odd = new double[16];
        for (int k = 1; k < 16; k += 2) {
            odd[k] = 1.0 / k;
        }
        PolynomialCost series = PolynomialCost.of(new ChebyshevSeries(-1, 1, odd));
        assertEquals(Parity.ODD, series.parity());
        assertEquals(PolynomialCost.of(15, Parity.ODD), series);
    }

    @Test
    void rejectsDegreesOfTheWrongParity() {
        assertThrows(IllegalArgumentException.class, () -> PolynomialCost.of(4, Parity.ODD));
        assertThrows(IllegalArgumentException.class, () -> PolynomialCost.of(-1, Parity.GENERAL));
    }
}

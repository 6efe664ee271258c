package dev.olafhe.ola;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The re-fit reads the least-squares weight from the plan's solver; a plan naming another is refused clearly. */
class PlanRefitTest {
    @Test
    void theWeightComesFromTheSolversFitDescription() {
        assertEquals(ActivationProfile.WeightKind.HISTOGRAM,
                PlanRefit.weightOf("least squares (Chebyshev basis, QR), weight histogram"));
        assertEquals(ActivationProfile.WeightKind.GAUSSIAN, PlanRefit.weightOf("weight Gaussian "));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PlanRefit.weightOf("least squares, weight bogus"));
        assertTrue(e.getMessage().contains("names the least-squares weight 'bogus', not one of [HISTOGRAM"),
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> PlanRefit.weightOf("least squares"));
        assertTrue(e.getMessage().contains("does not name its least-squares weight"), e.getMessage());
    }
}

package dev.olafhe.plan;

import dev.olafhe.approx.ChebyshevSeries;
import dev.olafhe.nn.Network;

import java.io.IOException;
import java.util.Map;

/**
 * The planner's candidate fits again, from what a plan records: the polynomials of a uniform-degree baseline are not
 * stored in the plan, so whoever runs that baseline (the encrypted benchmark) re-creates them exactly as the planner
 * did. The planner implements it; its users see only this interface, so they need not depend on the planner.
 */
public interface PlanFits {
    /** Every layer at one degree: the planner's uniform baseline "uniform-d". */
    Map<Integer, ChebyshevSeries> uniform(int degree);

    /** Every layer's fitting interval [a, b] (the profiled range widened by the plan's margin). */
    Map<Integer, double[]> intervals();

    /**
     * Largest relative difference (intervals over their width, coefficients over the largest one) between the plan's
     * layers and their re-created fits: 0 when exact, infinite when a degree differs.
     */
    double maxDifference();

    /** Re-creates the fits of a plan on its model (profiling the plan's calibration split). */
    @FunctionalInterface
    interface Source {
        PlanFits refit(Plan plan, Network net) throws IOException;
    }
}

package dev.olafhe.ola;

import dev.olafhe.approx.ApproxError;
import dev.olafhe.approx.Basis;
import dev.olafhe.approx.ChebyshevSeries;
import dev.olafhe.approx.LeastSquares;

import java.util.List;

/**
 * Step 2: for every layer and degree, the weighted least-squares polynomial on the layer's interval (weight = the
 * profiled histogram or its Gaussian fit, optionally widened by r, plus a floor; or uniform). Errors are reported against the
 * (unwidened) density.
 */
public final class CandidateFitter {
    /** Floor weight, as a fraction of a uniform density on [a, b]. */
    public static final double DEFAULT_FLOOR = 1e-3;

    private CandidateFitter() {
    }

    /** candidates[l][k] is layer l at {@code degrees[k]}. */
    public static Candidate[][] fit(List<ActivationProfile> profiles, int[] degrees, ActivationProfile.WeightKind weight,
                                    double scaleR, double floor) {
        Candidate[][] out = new Candidate[profiles.size()][degrees.length];
        for (ActivationProfile p : profiles) {
            for (int k = 0; k < degrees.length; k++) {
                ChebyshevSeries s = LeastSquares.fit(p.kind()::apply, p.a(), p.b(), degrees[k], Basis.GENERAL,
                        p.fitWeight(weight, scaleR, floor));
                ApproxError e = ApproxError.measure(s::evaluate, p.kind()::apply, p.a(), p.b(), p.density(), 0);
                out[p.index()][k] = new Candidate(p.index(), degrees[k], s, e);
            }
        }
        return out;
    }
}

package dev.olafhe.ola;

import dev.olafhe.approx.Basis;

import java.util.Locale;

/**
 * The analytic cost model: operation counts of the polynomial evaluator's plan times per-operation constants.
 * The constants are assumptions, not measurements (see {@link #cpuLogN16()}); the ratio of bootstrapping to
 * multiplication time is what decides the plans, and {@link MeasuredCostTable} replaces all of them with measured
 * numbers through the same interface.
 */
public final class AnalyticCostTable extends AbstractCostTable {
    private final PolynomialCounter counter;
    private final String counterName;
    private final double scalar;

    public AnalyticCostTable(PolynomialCounter counter, String counterName, int slots, double multiplication,
                             double scalar, double bootstrap, int levelsAfterBootstrap) {
        super(slots, multiplication, bootstrap, levelsAfterBootstrap);
        if (!(scalar >= 0)) {
            throw new IllegalArgumentException("invalid cost constants: scalar multiplication " + scalar + " s < 0");
        }
        this.counter = counter;
        this.counterName = counterName;
        this.scalar = scalar;
    }

    /**
     * Assumed constants for logN = 16 (2^15 slots) on the CPU backend: 0.5 s per multiplication with
     * relinearization and rescale, 0.01 s per scalar multiplication, 30 s per bootstrap leaving 16 levels
     * (enough for the depth-14 composite ReLU plus one linear layer). Op counts: {@link PolynomialCounts}.
     */
    public static AnalyticCostTable cpuLogN16() {
        return new AnalyticCostTable(PolynomialCounts.INSTANCE, PolynomialCounts.NAME, 1 << 15, 0.5, 0.01, 30.0, 16);
    }

    @Override
    public String description() {
        return String.format(Locale.ROOT, "analytic: %s op counts; assumed %.3g s/multiplication, %.3g s/scalar"
                        + " multiplication, %.3g s/bootstrap leaving %d levels, %d slots per ciphertext", counterName,
                multiplicationSeconds(), scalar, bootstrapSeconds(), levelsAfterBootstrap(), slots());
    }

    @Override
    public double polynomialSeconds(int degree, Basis basis) {
        OpCounts c = counter.counts(degree, basis);
        return c.nonScalarMultiplications() * multiplicationSeconds() + c.scalarMultiplications() * scalar;
    }

    @Override
    public int depth(int degree, Basis basis) {
        return counter.counts(degree, basis).depth();
    }
}

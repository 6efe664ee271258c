package dev.olafhe.perf;

import java.util.Arrays;

/**
 * One measured quantity of a run: its raw samples, with the unit and the direction that is better. A
 * deterministic metric (call counts, allocations, precision bits at fixed seeds) has the same value on every run
 * of the same code and is compared exactly; the others are noisy (times, memory peaks) and compared statistically.
 */
public record Metric(String name, String unit, Better better, boolean deterministic, double[] samples) {
    public Metric {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a metric needs a name");
        }
        if (samples.length == 0) {
            throw new IllegalArgumentException("metric " + name + " has no samples");
        }
        samples = samples.clone();
        for (double v : samples) {
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException("metric " + name + " has a sample that is not a finite number: "
                        + v);
            }
        }
    }

    /** A noisy time (lower is better). */
    public static Metric timed(String name, String unit, double[] samples) {
        return new Metric(name, unit, Better.LOWER, false, samples);
    }

    /** A deterministic value, one sample. */
    public static Metric exact(String name, String unit, Better better, double value) {
        return new Metric(name, unit, better, true, new double[] {value});
    }

    @Override
    public double[] samples() {
        return samples.clone();
    }

    public int count() {
        return samples.length;
    }

    public double median() {
        return quantile(samples, 0.5);
    }

    public double min() {
        return Arrays.stream(samples).min().orElseThrow();
    }

    public double max() {
        return Arrays.stream(samples).max().orElseThrow();
    }

    /** First quartile (linear interpolation between order statistics). */
    public double q1() {
        return quantile(samples, 0.25);
    }

    /** Third quartile. */
    public double q3() {
        return quantile(samples, 0.75);
    }

    /** The q-quantile of v, interpolating linearly between order statistics (R's type 7). */
    static double quantile(double[] v, double q) {
        double[] s = v.clone();
        Arrays.sort(s);
        double pos = q * (s.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(lo + 1, s.length - 1);
        return s[lo] + (pos - lo) * (s[hi] - s[lo]);
    }

    /** This metric with every sample multiplied by {@code factor}. */
    Metric scaled(double factor) {
        double[] s = samples.clone();
        for (int i = 0; i < s.length; i++) {
            s[i] *= factor;
        }
        return new Metric(name, unit, better, deterministic, s);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Metric m && name.equals(m.name) && unit.equals(m.unit) && better == m.better
                && deterministic == m.deterministic && Arrays.equals(samples, m.samples);
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + Arrays.hashCode(samples);
    }

    @Override
    public String toString() {
        return name + " = " + median() + " " + unit + " (" + samples.length + " samples, " + better.json()
                + " is better" + (deterministic ? ", deterministic)" : ")");
    }
}

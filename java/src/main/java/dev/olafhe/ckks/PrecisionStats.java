package dev.olafhe.ckks;

import java.util.Arrays;
import java.util.Locale;

/**
 * log2 precision of decrypted slots against a float64 reference, per real and imaginary part (after
 * Lattigo's GetPrecisionStats, with the imaginary part used for the imaginary statistics). For absolute
 * errors |e_j| over the compared slots:
 * <ul>
 *   <li>{@code min} = −log2(max |e_j|), the worst slot;</li>
 *   <li>{@code mean} = −log2(mean |e_j|);</li>
 *   <li>{@code median} = −log2(median |e_j|).</li>
 * </ul>
 * Errors are floored at 2^-{@code cap} so that exact slots do not give infinite precision.
 */
public record PrecisionStats(Component real, Component imag, int slots) {

    /** Statistics of one component, in bits. */
    public record Component(double min, double mean, double median) {
    }

    /** Default cap: the precision of a double. */
    public static final double DEFAULT_CAP_BITS = 53;

    public static PrecisionStats compute(ComplexVector want, ComplexVector have) {
        return compute(want, have, Math.min(want.length(), have.length()), DEFAULT_CAP_BITS);
    }

    /** Compares the first {@code slots} values. */
    public static PrecisionStats compute(ComplexVector want, ComplexVector have, int slots, double capBits) {
        if (slots < 1 || slots > want.length() || slots > have.length()) {
            throw new IllegalArgumentException("cannot compare " + slots + " slots of vectors of length "
                    + want.length() + " and " + have.length());
        }
        double floor = Math.pow(2, -capBits);
        double[] errRe = new double[slots];
        double[] errIm = new double[slots];
        for (int j = 0; j < slots; j++) {
            errRe[j] = Math.max(floor, Math.abs(have.re()[j] - want.re()[j]));
            errIm[j] = Math.max(floor, Math.abs(have.im()[j] - want.im()[j]));
        }
        return new PrecisionStats(component(errRe), component(errIm), slots);
    }

    private static Component component(double[] err) {
        double[] sorted = err.clone();
        Arrays.sort(sorted);
        double mean = Arrays.stream(err).sum() / err.length;
        int n = sorted.length;
        double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
        return new Component(-log2(sorted[n - 1]), -log2(mean), -log2(median));
    }

    private static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }

    /** The smaller of the real and imaginary worst-slot precisions. */
    public double minBits() {
        return Math.min(real.min, imag.min);
    }

    /** The smaller of the real and imaginary mean precisions. */
    public double meanBits() {
        return Math.min(real.mean, imag.mean);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "precision over %d slots (bits): real min %.2f mean %.2f median %.2f | "
                + "imag min %.2f mean %.2f median %.2f", slots, real.min, real.mean, real.median, imag.min, imag.mean,
                imag.median);
    }
}

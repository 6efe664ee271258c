package dev.olafhe.nn;

import java.util.Arrays;

/**
 * Statistics of the inputs of one activation layer: count, min/max, mean/std (accumulated in double), and a
 * histogram with a fixed number of equal-width bins over {@code [lo, hi]}; values outside it are counted as
 * below/above range (and still enter min/max/mean/std). Thread-safe {@link ActivationObserver}.
 *
 * <p>For a histogram over the observed range, run one pass with {@link #minMaxOnly()} and a second with
 * {@code new ActivationStats(first.min(), first.max(), bins)} (what {@code ola profile} does).
 */
public final class ActivationStats implements ActivationObserver {
    private final double lo;
    private final double hi;
    private final long[] bins;
    private long count;
    private long below;
    private long above;
    private long nonFinite;
    private double min = Double.POSITIVE_INFINITY;
    private double max = Double.NEGATIVE_INFINITY;
    private double sum;
    private double sumSq;

    /** Histogram of {@code numBins} bins over {@code [lo, hi]}. */
    public ActivationStats(double lo, double hi, int numBins) {
        if (!(hi > lo) || numBins < 1) {
            throw new IllegalArgumentException("need lo < hi and numBins >= 1, got [" + lo + ", " + hi + "], "
                    + numBins);
        }
        this.lo = lo;
        this.hi = hi;
        this.bins = new long[numBins];
    }

    private ActivationStats() {
        this.lo = Double.NaN;
        this.hi = Double.NaN;
        this.bins = new long[0];
    }

    /** Only count, min/max, mean/std (no histogram). */
    public static ActivationStats minMaxOnly() {
        return new ActivationStats();
    }

    @Override
    public void observe(int activationIndex, float[] values, int from, int to) {
        // accumulate locally, merge under the lock once per call
        long[] local = new long[bins.length];
        long c = 0;
        long lb = 0;
        long la = 0;
        long nf = 0;
        double mn = Double.POSITIVE_INFINITY;
        double mx = Double.NEGATIVE_INFINITY;
        double s = 0;
        double s2 = 0;
        boolean hist = bins.length > 0;
        double scale = hist ? bins.length / (hi - lo) : 0;
        for (int i = from; i < to; i++) {
            double v = values[i];
            if (!Double.isFinite(v)) {
                nf++;
                continue;
            }
            c++;
            mn = Math.min(mn, v);
            mx = Math.max(mx, v);
            s += v;
            s2 += v * v;
            if (hist) {
                if (v < lo) {
                    lb++;
                } else if (v > hi) {
                    la++;
                } else {
                    int b = (int) ((v - lo) * scale);
                    local[Math.min(b, bins.length - 1)]++;
                }
            }
        }
        synchronized (this) {
            for (int b = 0; b < bins.length; b++) {
                bins[b] += local[b];
            }
            count += c;
            below += lb;
            above += la;
            nonFinite += nf;
            min = Math.min(min, mn);
            max = Math.max(max, mx);
            sum += s;
            sumSq += s2;
        }
    }

    public synchronized long count() {
        return count;
    }

    public synchronized double min() {
        return min;
    }

    public synchronized double max() {
        return max;
    }

    public synchronized double mean() {
        return count == 0 ? Double.NaN : sum / count;
    }

    /** Population standard deviation. */
    public synchronized double std() {
        if (count == 0) {
            return Double.NaN;
        }
        double m = sum / count;
        return Math.sqrt(Math.max(0, sumSq / count - m * m));
    }

    public synchronized long belowRange() {
        return below;
    }

    public synchronized long aboveRange() {
        return above;
    }

    public synchronized long nonFinite() {
        return nonFinite;
    }

    public boolean hasHistogram() {
        return bins.length > 0;
    }

    public double lo() {
        return lo;
    }

    public double hi() {
        return hi;
    }

    public synchronized long[] histogram() {
        return Arrays.copyOf(bins, bins.length);
    }

    /** Left edge of bin {@code b}; bin b covers [edge(b), edge(b+1)), the last one includes hi. */
    public double edge(int b) {
        return lo + (hi - lo) * b / bins.length;
    }

    /** Fraction of observed finite values outside [lo, hi]. */
    public synchronized double outOfRangeFraction() {
        return count == 0 ? 0 : (double) (below + above) / count;
    }
}

package dev.olafhe.ola;

import dev.olafhe.nn.ActivationObserver;

import java.util.Arrays;

/**
 * The {@code k} smallest and {@code k} largest finite inputs one activation layer saw. Their spread (the range's end
 * minus the k-th most extreme value) measures how thin the distribution's tails are: a layer whose extremes lie far
 * apart will see test inputs beyond the calibration range, so its interval needs more room on that side.
 */
public final class TailObserver implements ActivationObserver {
    /** Extreme inputs kept per side. */
    public static final int DEFAULT_K = 10;

    private final int k;
    private final double[] low; // ascending: low[0] the smallest seen
    private final double[] high; // descending: high[0] the largest seen
    private int lowCount;
    private int highCount;

    public TailObserver(int k) {
        if (k < 1) {
            throw new IllegalArgumentException("k must be at least 1, got " + k);
        }
        this.k = k;
        this.low = new double[k];
        this.high = new double[k];
    }

    @Override
    public synchronized void observe(int activationIndex, float[] values, int from, int to) {
        for (int i = from; i < to; i++) {
            double v = values[i];
            if (!Double.isFinite(v)) {
                continue;
            }
            if (lowCount < k || v < low[lowCount - 1]) {
                lowCount = insert(low, lowCount, v, true);
            }
            if (highCount < k || v > high[highCount - 1]) {
                highCount = insert(high, highCount, v, false);
            }
        }
    }

    /** Inserts v into the sorted prefix of a (ascending or descending), dropping the last entry when full. */
    private int insert(double[] a, int count, double v, boolean ascending) {
        int pos = count < k ? count : k - 1;
        while (pos > 0 && (ascending ? a[pos - 1] > v : a[pos - 1] < v)) {
            a[pos] = a[pos - 1];
            pos--;
        }
        a[pos] = v;
        return Math.min(k, count + 1);
    }

    /** Values seen per side so far (at most k). */
    public synchronized int count() {
        return Math.min(lowCount, highCount);
    }

    /** The smallest input minus the k-th smallest (0 before anything was seen): the lower tail's spread, >= 0. */
    public synchronized double lowSpread() {
        return lowCount == 0 ? 0 : low[lowCount - 1] - low[0];
    }

    /** The k-th largest input subtracted from the largest: the upper tail's spread, >= 0. */
    public synchronized double highSpread() {
        return highCount == 0 ? 0 : high[0] - high[highCount - 1];
    }

    /** The k smallest inputs seen, ascending. */
    public synchronized double[] lowest() {
        return Arrays.copyOf(low, lowCount);
    }

    /** The k largest inputs seen, descending. */
    public synchronized double[] highest() {
        return Arrays.copyOf(high, highCount);
    }
}

package dev.olafhe.approx;

/**
 * A non-negative weight w(x) for least squares: the input density of an activation layer (histogram), its
 * widened "scaled" version, a Gaussian fit, or uniform. Values need not be normalised.
 */
@FunctionalInterface
public interface Weight {
    double at(double x);

    static Weight uniform() {
        return x -> 1.0;
    }

    /** Gaussian density N(mu, sigma^2). */
    static Weight gaussian(double mu, double sigma) {
        if (!(sigma > 0)) {
            throw new IllegalArgumentException("sigma must be > 0, got " + sigma);
        }
        return x -> Math.exp(-0.5 * ((x - mu) / sigma) * ((x - mu) / sigma)) / (sigma * Math.sqrt(2 * Math.PI));
    }

    /**
     * The piecewise-constant density of a histogram of {@code counts.length} equal bins over [lo, hi]; zero
     * outside. An all-zero histogram is refused (it carries no distribution).
     */
    static Weight histogram(double lo, double hi, long[] counts) {
        if (!(hi > lo) || counts.length == 0) {
            throw new IllegalArgumentException("histogram needs lo < hi and at least one bin");
        }
        long total = 0;
        for (long c : counts) {
            if (c < 0) {
                throw new IllegalArgumentException("negative histogram count " + c);
            }
            total += c;
        }
        if (total == 0) {
            throw new IllegalArgumentException("empty histogram: no observed inputs to weight by");
        }
        double width = (hi - lo) / counts.length;
        double[] dens = new double[counts.length];
        for (int i = 0; i < counts.length; i++) {
            dens[i] = counts[i] / (total * width);
        }
        return x -> {
            if (x < lo || x > hi) {
                return 0.0;
            }
            int b = (int) ((x - lo) / width);
            return dens[Math.min(b, dens.length - 1)];
        };
    }

    /**
     * The paper's scaled density: the distribution widened about {@code mu} by factor {@code r} (variance times
     * r^2), w_r(x) = w((x - mu) / r + mu) / r, so that rare tail inputs keep weight. r = 1 is the density itself.
     */
    default Weight scaled(double mu, double r) {
        if (!(r > 0)) {
            throw new IllegalArgumentException("scale factor r must be > 0, got " + r);
        }
        return x -> at((x - mu) / r + mu) / r;
    }

    /** This weight plus a constant floor, so that no part of the interval is ignored entirely. */
    default Weight plus(double floor) {
        if (!(floor >= 0)) {
            throw new IllegalArgumentException("floor must be >= 0, got " + floor);
        }
        return x -> at(x) + floor;
    }
}

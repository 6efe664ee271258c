package dev.olafhe.approx;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The composite minimax approximation of sign(x) of Lee et al. (ICML 2022), the uniform-degree baseline for ReLU:
 * p_k o ... o p_1 where p_1 is the odd minimax approximation of sign on [-1, -gap] U [gap, 1] and every later
 * stage is the odd minimax approximation of sign on the image of the previous ones, [lo, hi] (mirrored). The
 * coefficients are computed here by {@link Remez}, not copied from the paper. ReLU on [-B, B] follows as
 * x (1 + s(x / B)) / 2.
 *
 * <p>{@link #forPrecision} finds the smallest gap (to 1/64 of a bit) for which the measured sign error on
 * |x| >= gap is at most 2^-alpha; what the stages reach is reported, not assumed (with degrees {15, 15, 27}
 * stage one on a gap of 2^-13 is far from 2^-13, which is why the gap comes out much wider).
 */
public final class CompositeSign {
    /** Lee et al.'s depth-optimal degrees for alpha = 13. */
    public static final int[] LEE_DEGREES = {15, 15, 27};
    public static final int LEE_ALPHA = 13;
    static final int CHECK_GRID = 20_000;

    private final List<ChebyshevSeries> stages;
    private final double gap;
    private final double maxError;
    private final double[] stageErrors;

    private CompositeSign(List<ChebyshevSeries> stages, double gap, double maxError, double[] stageErrors) {
        this.stages = List.copyOf(stages);
        this.gap = gap;
        this.maxError = maxError;
        this.stageErrors = stageErrors;
    }

    /** Builds the stages for the given degrees on |x| in [gap, 1]; throws when a stage's image reaches 0. */
    public static CompositeSign build(int[] degrees, double gap) {
        if (!(gap > 0 && gap < 1)) {
            throw new IllegalArgumentException("gap must be in (0, 1), got " + gap);
        }
        if (degrees.length == 0) {
            throw new IllegalArgumentException("need at least one stage degree");
        }
        List<ChebyshevSeries> stages = new ArrayList<>();
        double[] stageErr = new double[degrees.length];
        double lo = gap;
        double hi = 1;
        for (int s = 0; s < degrees.length; s++) {
            if (degrees[s] % 2 == 0) {
                throw new IllegalArgumentException("sign stages are odd polynomials; degree " + degrees[s] + " is even");
            }
            Remez.Result r = Remez.minimax(x -> Math.signum(x), -hi, hi, degrees[s], Basis.ODD,
                    new double[][] {{lo / hi, 1}});
            ChebyshevSeries p = r.series();
            stages.add(p);
            stageErr[s] = r.maxError();
            // image of [lo, hi] under this stage, on a fine Chebyshev grid of that interval
            double mn = Double.POSITIVE_INFINITY;
            double mx = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < CHECK_GRID; i++) {
                double x = 0.5 * (lo + hi) - 0.5 * (hi - lo) * Math.cos(Math.PI * i / (CHECK_GRID - 1));
                double v = p.evaluate(x);
                mn = Math.min(mn, v);
                mx = Math.max(mx, v);
            }
            if (!(mn > 0)) {
                throw new IllegalArgumentException("stage " + (s + 1) + " (degree " + degrees[s] + ") maps part of [gap,"
                        + " 1] to <= 0 for gap " + gap + "; widen the gap or raise the degrees");
            }
            lo = mn;
            hi = mx;
        }
        CompositeSign c = new CompositeSign(stages, gap, 0, stageErr);
        return new CompositeSign(stages, gap, c.measureError(), stageErr);
    }

    /**
     * The narrowest gap (power of two, resolved to 1/64 bit) for which the degrees reach sign error 2^-alpha on
     * |x| >= gap; throws if no gap in [2^-30, 1/2] does.
     */
    public static CompositeSign forPrecision(int alpha, int[] degrees) {
        double target = Math.pow(2, -alpha);
        // walk down whole bits to the last gap that meets the target, then bisect between it and the next bit
        // (very wide gaps can fail too: a later stage's input interval collapses to a point and Remez is singular)
        CompositeSign ok = null;
        double okLog = 0;
        for (int lg = -1; lg >= -30; lg--) {
            CompositeSign c = tryBuild(degrees, Math.pow(2, lg));
            if (c != null && c.maxError <= target) {
                ok = c;
                okLog = lg;
            } else if (ok != null) {
                break;
            }
        }
        if (ok == null) {
            throw new IllegalArgumentException("degrees " + Arrays.toString(degrees) + " reach 2^-" + alpha
                    + " for no gap between 2^-30 and 1/2");
        }
        double badLog = okLog - 1;
        while (okLog - badLog > 1.0 / 64) {
            double mid = 0.5 * (okLog + badLog);
            CompositeSign c = tryBuild(degrees, Math.pow(2, mid));
            if (c != null && c.maxError <= target) {
                okLog = mid;
                ok = c;
            } else {
                badLog = mid;
            }
        }
        return ok;
    }

    private static CompositeSign tryBuild(int[] degrees, double gap) {
        try {
            return build(degrees, gap);
        } catch (IllegalArgumentException | ArithmeticException e) {
            return null; // this gap is too narrow for the degrees
        }
    }

    private double measureError() {
        double worst = 0;
        for (int i = 0; i < CHECK_GRID; i++) {
            // Chebyshev-clustered on [gap, 1] so the transition edge is resolved finely
            double x = 0.5 * (gap + 1) - 0.5 * (1 - gap) * Math.cos(Math.PI * i / (CHECK_GRID - 1));
            worst = Math.max(worst, Math.abs(sign(x) - 1));
        }
        return worst;
    }

    /** The composite approximation of sign(x), meant for x in [-1, 1]. */
    public double sign(double x) {
        double v = x;
        for (ChebyshevSeries p : stages) {
            v = p.evaluate(v);
        }
        return v;
    }

    /** ReLU on [-bound, bound]: x (1 + sign(x / bound)) / 2. */
    public double relu(double x, double bound) {
        return 0.5 * (x + x * sign(x / bound));
    }

    /** Elements per block of {@link #relu(float[], float[], int, double)}. */
    private static final int BLOCK = 1024;

    /**
     * {@code out[i] = (float) relu(in[i], bound)} for i in [0, n): the same operations per element (so the same
     * floats), each stage evaluated over a block of elements at once.
     */
    public void relu(float[] in, float[] out, int n, double bound) {
        double[] v = new double[BLOCK];
        for (int from = 0; from < n; from += BLOCK) {
            int m = Math.min(BLOCK, n - from);
            for (int i = 0; i < m; i++) {
                v[i] = in[from + i] / bound;
            }
            for (ChebyshevSeries p : stages) {
                p.evaluate(v, v, m);
            }
            for (int i = 0; i < m; i++) {
                double x = in[from + i];
                out[from + i] = (float) (0.5 * (x + x * v[i]));
            }
        }
    }

    /** Maximum of |sign approximation - 1| on [gap, 1] (the same on [-1, -gap] by oddness), measured. */
    public double maxError() {
        return maxError;
    }

    /** -log2 of {@link #maxError()}. */
    public double precisionBits() {
        return -Math.log(maxError) / Math.log(2);
    }

    /** Each stage's own minimax error on its input domain (stage one: on [gap, 1]). */
    public double[] stageErrors() {
        return stageErrors.clone();
    }

    public double gap() {
        return gap;
    }

    public List<ChebyshevSeries> stages() {
        return stages;
    }

    public int[] degrees() {
        return stages.stream().mapToInt(ChebyshevSeries::degree).toArray();
    }

    /** Multiplicative depth of the ReLU: each stage ceil(log2(d + 1)), plus one for the final x * sign. */
    public int reluDepth() {
        int depth = 1;
        for (ChebyshevSeries p : stages) {
            depth += 32 - Integer.numberOfLeadingZeros(p.degree());
        }
        return depth;
    }
}

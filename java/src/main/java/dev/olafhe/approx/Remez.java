package dev.olafhe.approx;

import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleUnaryOperator;

/**
 * Minimax (best uniform) approximation by the Remez exchange algorithm, in the Chebyshev basis, on a fine grid.
 * Works on a union of intervals (the sign function needs [-1, -gap] U [gap, 1]); for ODD/EVEN bases only the
 * positive half of a symmetric domain is used (the error of an odd/even fit to an odd/even target is symmetric),
 * which halves the unknowns. The grid is Chebyshev-clustered per interval so extrema near the ends are resolved;
 * the reported maximum error is measured on that grid.
 */
public final class Remez {
    static final int MAX_ITERATIONS = 100;

    private Remez() {
    }

    /**
     * The outcome of an exchange. {@code levelledError} is |h| of the last reference system, {@code maxError} the
     * maximum of |f - p| on the grid; at convergence they agree to {@code 1e-6} relative, which is the
     * equioscillation certificate (de la Vallee Poussin: the true minimax error lies between them).
     */
    public record Result(ChebyshevSeries series, double maxError, double levelledError, double[] reference,
                         int iterations, boolean converged) {
    }

    /** Minimax on the whole of [a, b]; ODD/EVEN need a = -b and a target of that parity. */
    public static Result minimax(DoubleUnaryOperator f, double a, double b, int degree, Basis basis) {
        double[][] domain = basis == Basis.GENERAL ? new double[][] {{-1, 1}} : new double[][] {{0, 1}};
        return minimax(f, a, b, degree, basis, domain);
    }

    /**
     * Minimax of f over the part of [a, b] whose unit-variable image y = (2x - a - b) / (b - a) lies in the given
     * sub-intervals of [-1, 1] (ascending, disjoint). For ODD/EVEN bases, the sub-intervals must be in [0, 1] and
     * the answer is the minimax over their mirror-symmetric union.
     */
    public static Result minimax(DoubleUnaryOperator f, double a, double b, int degree, Basis basis,
                                 double[][] unitDomain) {
        if (basis != Basis.GENERAL && Math.abs(a + b) > 1e-12 * (b - a)) {
            throw new IllegalArgumentException(basis + " minimax needs a symmetric interval, got [" + a + ", " + b
                    + "]");
        }
        int[] idx = basis.indices(degree);
        int n = idx.length;
        double[] grid = grid(unitDomain, Math.max(2000, 80 * (n + 1)), basis != Basis.GENERAL);
        double[] fg = new double[grid.length];
        for (int i = 0; i < grid.length; i++) {
            fg[i] = f.applyAsDouble(toX(grid[i], a, b));
        }
        double[] ref = new double[n + 1];
        for (int i = 0; i <= n; i++) {
            ref[i] = grid[(int) Math.round((double) i * (grid.length - 1) / n)];
        }
        Exchange best = new Exchange(null, 0, Double.POSITIVE_INFINITY, ref, null); // kept if no step is finite
        boolean converged = false;
        int it;
        for (it = 1; it <= MAX_ITERATIONS; it++) {
            Exchange e = exchange(f, a, b, degree, basis, ref, grid, fg, unitDomain);
            if (e.maxError < best.maxError) {
                best = e;
            }
            if (e.maxError - e.levelledError <= 1e-9 * e.maxError + 1e-15) {
                converged = true;
                break;
            }
            if (e.next == null) {
                break; // fewer alternations than unknowns: the error is at the noise floor of the grid
            }
            ref = e.next;
        }
        double[] refX = new double[best.reference.length];
        for (int i = 0; i < refX.length; i++) {
            refX[i] = toX(best.reference[i], a, b);
        }
        return new Result(best.series, best.maxError, best.levelledError, refX, Math.min(it, MAX_ITERATIONS),
                converged);
    }

    /**
     * One step of the exchange: the polynomial whose error levels out at {@code reference} (with alternating signs),
     * its maximum error on the grid and at the refined extrema, and the next reference (null if the error has fewer
     * alternations than needed).
     */
    private record Exchange(ChebyshevSeries series, double levelledError, double maxError, double[] reference,
                            double[] next) {
    }

    private static Exchange exchange(DoubleUnaryOperator f, double a, double b, int degree, Basis basis,
                                     double[] ref, double[] grid, double[] fg, double[][] unitDomain) {
        int[] idx = basis.indices(degree);
        int n = idx.length;
        double[] t = new double[degree + 1];
        double[][] sys = new double[n + 1][n + 2];
        for (int i = 0; i <= n; i++) {
            LeastSquares.chebyshevValues(ref[i], t);
            for (int j = 0; j < n; j++) {
                sys[i][j] = t[idx[j]];
            }
            sys[i][n] = (i % 2 == 0) ? 1 : -1;
            sys[i][n + 1] = f.applyAsDouble(toX(ref[i], a, b));
        }
        double[] sol = gauss(sys);
        double[] c = new double[n];
        System.arraycopy(sol, 0, c, 0, n);
        ChebyshevSeries p = new ChebyshevSeries(a, b, basis.scatter(degree, c));
        DoubleUnaryOperator err = y -> f.applyAsDouble(toX(y, a, b)) - p.evaluate(toX(y, a, b));
        double[] eg = new double[grid.length];
        for (int i = 0; i < grid.length; i++) {
            eg[i] = fg[i] - p.evaluate(toX(grid[i], a, b));
        }
        int[] ext = alternatingExtrema(eg, n + 1);
        double[] next = ext == null ? null : refine(err, grid, ext, unitDomain);
        double maxErr = 0;
        for (double e : eg) {
            maxErr = Math.max(maxErr, Math.abs(e));
        }
        if (next != null) {
            for (double y : next) {
                maxErr = Math.max(maxErr, Math.abs(err.applyAsDouble(y)));
            }
        }
        return new Exchange(p, Math.abs(sol[n]), maxErr, ref, next);
    }

    /**
     * Moves each grid extremum to the true local extremum of |err| between its grid neighbours (golden-section
     * search, kept inside the domain), so the reported error is not limited by the grid spacing.
     */
    private static double[] refine(DoubleUnaryOperator err, double[] grid, int[] ext, double[][] domain) {
        double[] out = new double[ext.length];
        for (int k = 0; k < ext.length; k++) {
            int i = ext[k];
            double lo = grid[Math.max(0, i - 1)];
            double hi = grid[Math.min(grid.length - 1, i + 1)];
            double y = grid[i];
            for (double[] iv : domain) {
                if (y >= iv[0] && y <= iv[1]) {
                    lo = Math.max(lo, iv[0]);
                    hi = Math.min(hi, iv[1]);
                }
            }
            double s = Math.signum(err.applyAsDouble(y));
            DoubleUnaryOperator g = v -> s * err.applyAsDouble(v);
            double best = y;
            double bestVal = g.applyAsDouble(y);
            final double phi = 0.5 * (Math.sqrt(5) - 1);
            double x1 = hi - phi * (hi - lo);
            double x2 = lo + phi * (hi - lo);
            double g1 = g.applyAsDouble(x1);
            double g2 = g.applyAsDouble(x2);
            for (int it = 0; it < 60 && hi - lo > 1e-15; it++) {
                if (g1 > g2) {
                    hi = x2;
                    x2 = x1;
                    g2 = g1;
                    x1 = hi - phi * (hi - lo);
                    g1 = g.applyAsDouble(x1);
                } else {
                    lo = x1;
                    x1 = x2;
                    g1 = g2;
                    x2 = lo + phi * (hi - lo);
                    g2 = g.applyAsDouble(x2);
                }
            }
            double cand = g1 > g2 ? x1 : x2;
            double candVal = Math.max(g1, g2);
            for (double v : new double[] {lo, hi}) {
                if (g.applyAsDouble(v) > candVal) {
                    cand = v;
                    candVal = g.applyAsDouble(v);
                }
            }
            out[k] = candVal > bestVal ? cand : best;
        }
        for (int k = 1; k < out.length; k++) {
            if (!(out[k] > out[k - 1])) {
                return null; // refinement merged two references; keep the previous reference set
            }
        }
        return out;
    }

    private static double toX(double y, double a, double b) {
        return 0.5 * (a + b) + 0.5 * (b - a) * y;
    }

    /** Chebyshev-clustered points on each sub-interval (points at y = 0 dropped for parity bases). */
    static double[] grid(double[][] domain, int perInterval, boolean dropZero) {
        List<Double> pts = new ArrayList<>();
        double prev = Double.NEGATIVE_INFINITY;
        for (double[] iv : domain) {
            if (iv.length != 2 || !(iv[0] < iv[1]) || iv[0] < -1 || iv[1] > 1 || iv[0] < prev) {
                throw new IllegalArgumentException("domain intervals must be ascending, disjoint sub-intervals of"
                        + " [-1, 1]");
            }
            prev = iv[1];
            for (int i = 0; i < perInterval; i++) {
                double y = 0.5 * (iv[0] + iv[1]) - 0.5 * (iv[1] - iv[0]) * Math.cos(Math.PI * i / (perInterval - 1));
                if (!(dropZero && y == 0)) {
                    pts.add(y);
                }
            }
        }
        return pts.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /**
     * Indices of {@code count} alternating-sign local extrema of err (one per sign run, the largest), reduced by
     * dropping the smallest while keeping alternation; null when there are fewer than {@code count} runs.
     */
    static int[] alternatingExtrema(double[] err, int count) {
        List<Integer> ext = new ArrayList<>();
        int i = 0;
        while (i < err.length) {
            if (err[i] == 0) {
                i++;
                continue;
            }
            double sign = Math.signum(err[i]);
            int arg = i;
            while (i < err.length && Math.signum(err[i]) != -sign) {
                if (Math.abs(err[i]) > Math.abs(err[arg])) {
                    arg = i;
                }
                i++;
            }
            ext.add(arg);
        }
        if (ext.size() < count) {
            return null;
        }
        while (ext.size() > count) {
            if (ext.size() == count + 1) {
                // drop the smaller end; alternation is kept
                if (Math.abs(err[ext.get(0)]) < Math.abs(err[ext.get(ext.size() - 1)])) {
                    ext.remove(0);
                } else {
                    ext.remove(ext.size() - 1);
                }
                continue;
            }
            int min = 0;
            for (int k = 1; k < ext.size(); k++) {
                if (Math.abs(err[ext.get(k)]) < Math.abs(err[ext.get(min)])) {
                    min = k;
                }
            }
            if (min == 0 || min == ext.size() - 1) {
                ext.remove(min);
            } else {
                // removing one interior extremum would put two of the same sign side by side: drop a pair
                int other = Math.abs(err[ext.get(min - 1)]) < Math.abs(err[ext.get(min + 1)]) ? min - 1 : min + 1;
                ext.remove(Math.max(min, other));
                ext.remove(Math.min(min, other));
            }
        }
        return ext.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Solves the square system [A | rhs] (n x n+1) by Gaussian elimination with partial pivoting. */
    static double[] gauss(double[][] m) {
        int n = m.length;
        for (int k = 0; k < n; k++) {
            int p = k;
            for (int i = k + 1; i < n; i++) {
                if (Math.abs(m[i][k]) > Math.abs(m[p][k])) {
                    p = i;
                }
            }
            double[] tmp = m[k];
            m[k] = m[p];
            m[p] = tmp;
            if (m[k][k] == 0) {
                throw new ArithmeticException("singular Remez system (reference points coincide)");
            }
            for (int i = k + 1; i < n; i++) {
                double f = m[i][k] / m[k][k];
                for (int j = k; j <= n; j++) {
                    m[i][j] -= f * m[k][j];
                }
            }
        }
        double[] x = new double[n];
        for (int k = n - 1; k >= 0; k--) {
            double s = m[k][n];
            for (int j = k + 1; j < n; j++) {
                s -= m[k][j] * x[j];
            }
            x[k] = s / m[k][k];
        }
        return x;
    }
}

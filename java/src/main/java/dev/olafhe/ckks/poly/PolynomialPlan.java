package dev.olafhe.ckks.poly;

import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The evaluation tree of a Chebyshev series p(y) = Σ c_k T_k(y) by baby-step giant-step, shared by the
 * homomorphic evaluator (which executes it) and {@link PolynomialCost} (which counts it), so that the
 * planner's cost model and the measured evaluation describe the same circuit.
 *
 * <h2>Algorithm</h2>
 * Every node carries a depth budget δ and has degree &lt; 2^δ; its result lands exactly δ levels below
 * T_1. The root has δ = ⌈log2(d+1)⌉.
 * <ul>
 *   <li>Leaf (baby step): Σ c_k T_k with k &lt; 2^l, every present k satisfying ⌈log2 k⌉ + 1 ≤ δ (the
 *       constant multiplication costs one level on top of T_k's own depth); no non-scalar product.</li>
 *   <li>Split (giant step): with G = 2^m, m = ⌊log2 n⌋, divide in the Chebyshev basis
 *       p = q·T_G + r using T_{G+j} = 2·T_G·T_j − T_{G−j}: q = c_G + 2·Σ_j c_{G+j}·T_j, r = Σ_{k&lt;G} c_k T_k −
 *       Σ_j c_{G+j}·T_{G−j}. q gets budget δ−1 (it is multiplied by T_G, depth m ≤ δ−1), r keeps δ.
 *       A node below the baby size whose high terms would exceed the budget is split the same way
 *       (with a baby power as T_G); this keeps the leading chain depth-optimal.</li>
 * </ul>
 * Parity is preserved by the division (G is even), so odd and even polynomials never need the powers of
 * the other parity except the T_{2^i} of the recurrence.
 *
 * <h2>Powers</h2>
 * T_n for n ≥ 2: n = 2a → 2·T_a² − 1; otherwise a = 2^⌊log2 n⌋, b = n − a → 2·T_a·T_b − T_{a−b}.
 * Both give T_n depth ⌈log2 n⌉. The plan keeps the closure of the powers the tree uses.
 *
 * <p>Structure is decided by which coefficients are present (non-zero in the input), never by numeric
 * cancellation during the division, so a generic polynomial of a given degree and parity always gets the
 * same plan and cost.
 */
final class PolynomialPlan {
    sealed interface Node permits Leaf, Split {
        int budget();

        /** Ciphertext degree of the node's (unrelinearized) result. */
        int resultDegree();
    }

    /** Σ c_k T_k over the present k (c_0 added as a constant). */
    record Leaf(int budget, double[] coeffs, boolean[] present) implements Node {
        boolean constantOnly() {
            for (int k = 1; k < present.length; k++) {
                if (present[k]) {
                    return false;
                }
            }
            return true;
        }

        int terms() {
            int count = 0;
            for (int k = 1; k < present.length; k++) {
                count += present[k] ? 1 : 0;
            }
            return count;
        }

        @Override
        public int resultDegree() {
            return 1;
        }
    }

    /** q·T_giant + r; remainder may be null (absent). The quotient is a constant when it is a constant-only leaf. */
    record Split(int budget, int giant, Node quotient, Node remainder) implements Node {
        boolean constantQuotient() {
            return quotient instanceof Leaf leaf && leaf.constantOnly();
        }

        @Override
        public int resultDegree() {
            boolean product = !constantQuotient();
            return product || (remainder != null && remainder.resultDegree() == 2) ? 2 : 1;
        }
    }

    private final int degree;
    private final int babyLog;
    private final int depth;
    private final Node root;
    private final SortedSet<Integer> powers;

    private PolynomialPlan(int degree, int babyLog, int depth, Node root, SortedSet<Integer> powers) {
        this.degree = degree;
        this.babyLog = babyLog;
        this.depth = depth;
        this.root = root;
        this.powers = powers;
    }

    /** The plan with the baby-step size that needs the fewest non-scalar multiplications (then the fewest scalar ones). */
    static PolynomialPlan build(double[] coeffs, boolean[] present) {
        int degree = effectiveDegree(present);
        int logDegree = bitLength(degree);
        PolynomialPlan best = null;
        for (int l = 1; l <= Math.max(1, logDegree); l++) {
            PolynomialPlan candidate = build(coeffs, present, l);
            if (best == null || better(candidate, best)) {
                best = candidate;
            }
        }
        return best;
    }

    private static boolean better(PolynomialPlan a, PolynomialPlan b) {
        int na = a.nonScalarMultiplications();
        int nb = b.nonScalarMultiplications();
        return na != nb ? na < nb : a.scalarMultiplications() < b.scalarMultiplications();
    }

    /** The plan with baby steps T_0..T_{2^babyLog − 1}. */
    static PolynomialPlan build(double[] coeffs, boolean[] present, int babyLog) {
        if (coeffs.length != present.length) {
            throw new IllegalArgumentException("coefficients and presence pattern differ in length");
        }
        if (babyLog < 1) {
            throw new IllegalArgumentException("baby-step size 2^" + babyLog + " must be at least 2");
        }
        int degree = effectiveDegree(present);
        int depth = bitLength(degree);
        Node root = node(java.util.Arrays.copyOf(coeffs, degree + 1), java.util.Arrays.copyOf(present, degree + 1),
                depth, 1 << babyLog);
        SortedSet<Integer> used = new TreeSet<>();
        collectPowers(root, used);
        return new PolynomialPlan(degree, babyLog, depth, root, closure(used));
    }

    static int effectiveDegree(boolean[] present) {
        for (int k = present.length - 1; k > 0; k--) {
            if (present[k]) {
                return k;
            }
        }
        return 0;
    }

    /** Number of bits of n: ⌈log2(n+1)⌉ (0 for n = 0). */
    static int bitLength(int n) {
        return 32 - Integer.numberOfLeadingZeros(n);
    }

    /** ⌈log2 k⌉: the depth of T_k. */
    static int powerDepth(int k) {
        return k <= 1 ? 0 : bitLength(k - 1);
    }

    private static Node node(double[] c, boolean[] present, int budget, int babySize) {
        int n = effectiveDegree(present);
        if (n < babySize && fitsLeaf(present, budget)) {
            return new Leaf(budget, c, present);
        }
        int giant = Integer.highestOneBit(n);
        int quotientDegree = n - giant;
        double[] qc = new double[quotientDegree + 1];
        boolean[] qp = new boolean[quotientDegree + 1];
        double[] rc = new double[giant];
        boolean[] rp = new boolean[giant];
        for (int k = 0; k < giant; k++) {
            rc[k] = c[k];
            rp[k] = present[k];
        }
        qc[0] = c[giant];
        qp[0] = present[giant];
        for (int j = 1; j <= quotientDegree; j++) {
            if (present[giant + j]) {
                qc[j] = 2 * c[giant + j];
                qp[j] = true;
                rc[giant - j] -= c[giant + j];
                rp[giant - j] = true;
            }
        }
        Node quotient = node(qc, qp, budget - 1, babySize);
        Node remainder = anyPresent(rp) ? node(rc, rp, budget, babySize) : null;
        return new Split(budget, giant, quotient, remainder);
    }

    private static boolean fitsLeaf(boolean[] present, int budget) {
        for (int k = 1; k < present.length; k++) {
            if (present[k] && powerDepth(k) + 1 > budget) {
                return false;
            }
        }
        return true;
    }

    private static boolean anyPresent(boolean[] present) {
        for (boolean p : present) {
            if (p) {
                return true;
            }
        }
        return false;
    }

    private static void collectPowers(Node node, SortedSet<Integer> used) {
        if (node instanceof Leaf leaf) {
            for (int k = 1; k < leaf.present().length; k++) {
                if (leaf.present()[k]) {
                    used.add(k);
                }
            }
        } else if (node instanceof Split split) {
            used.add(split.giant());
            collectPowers(split.quotient(), used);
            if (split.remainder() != null) {
                collectPowers(split.remainder(), used);
            }
        }
    }

    /** The powers the recurrence needs to build the used ones (T_1 always included). */
    private static SortedSet<Integer> closure(SortedSet<Integer> used) {
        SortedSet<Integer> all = new TreeSet<>();
        List<Integer> work = new ArrayList<>(used);
        work.add(1);
        while (!work.isEmpty()) {
            int n = work.remove(work.size() - 1);
            if (n < 1 || !all.add(n) || n == 1) {
                continue;
            }
            for (int operand : operands(n)) {
                work.add(operand);
            }
        }
        return all;
    }

    /**
     * The powers T_n is computed from: {a} for n = 2a (T_n = 2·T_a² − 1), else {a, b, a − b} with
     * a = 2^⌊log2 n⌋, b = n − a (T_n = 2·T_a·T_b − T_{a−b}).
     */
    static int[] operands(int n) {
        if (Integer.bitCount(n) == 1) {
            return new int[] {n / 2};
        }
        int a = Integer.highestOneBit(n);
        int b = n - a;
        return new int[] {a, b, a - b};
    }

    /** Highest present coefficient index. */
    int degree() {
        return degree;
    }

    int babyLog() {
        return babyLog;
    }

    int depth() {
        return depth;
    }

    Node root() {
        return root;
    }

    /** The powers T_n the evaluation computes or uses, ascending (T_1 included). */
    SortedSet<Integer> powers() {
        return java.util.Collections.unmodifiableSortedSet(powers);
    }

    private int computedPowers() {
        return powers.size() - 1; // all but T_1
    }

    int nonScalarMultiplications() {
        return computedPowers() + count(root, NodeCount.PRODUCTS);
    }

    int scalarMultiplications() {
        int powerScalars = 0;
        for (int n : powers) {
            if (n >= 2) {
                powerScalars += Integer.bitCount(n) == 1 ? 1 : 2; // ×2, plus aligning T_{a−b}
            }
        }
        return powerScalars + count(root, NodeCount.SCALARS);
    }

    int rescales() {
        return computedPowers() + count(root, NodeCount.RESCALES);
    }

    int relinearizations() {
        return computedPowers() + count(root, NodeCount.RELINEARIZATIONS) + (root.resultDegree() == 2 ? 1 : 0);
    }

    private enum NodeCount { PRODUCTS, SCALARS, RESCALES, RELINEARIZATIONS }

    private static int count(Node node, NodeCount what) {
        if (node == null) {
            return 0;
        }
        if (node instanceof Leaf leaf) {
            return switch (what) {
                case SCALARS -> leaf.terms();
                case RESCALES -> leaf.constantOnly() ? 0 : 1;
                case PRODUCTS, RELINEARIZATIONS -> 0;
            };
        }
        Split split = (Split) node;
        boolean constant = split.constantQuotient();
        int own = switch (what) {
            case PRODUCTS -> constant ? 0 : 1;
            case SCALARS -> constant ? 1 : 0;
            case RESCALES -> 1;
            // a product operand must be degree 1: the quotient is relinearized when it is a degree-2 sum
            case RELINEARIZATIONS -> !constant && split.quotient().resultDegree() == 2 ? 1 : 0;
        };
        int quotient = constant ? 0 : count(split.quotient(), what);
        return own + quotient + count(split.remainder(), what);
    }
}

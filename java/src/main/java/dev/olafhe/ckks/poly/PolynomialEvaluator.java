package dev.olafhe.ckks.poly;

import dev.olafhe.approx.ChebyshevSeries;
import dev.olafhe.ckks.Ciphertext;
import dev.olafhe.ckks.CkksContext;
import dev.olafhe.ckks.CkksParameters;
import dev.olafhe.ckks.Evaluator;
import dev.olafhe.ckks.ProductTerms;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Evaluates a {@link ChebyshevSeries} on a ciphertext by baby-step giant-step ({@link PolynomialPlan}):
 * depth ⌈log2(d+1)⌉ (plus one level when the interval map has a non-integer scalar), odd/even series
 * skip the powers they do not need, and products are relinearized only when they become an operand of
 * another product (or at the end).
 *
 * <h2>Exact scale</h2>
 * Every node is asked for a target scale at its output level and produces exactly that scale: a leaf
 * Σ c_k T_k is built one level up at scale Δ_t·q_{ℓ+1} (each term multiplied by the integer
 * round(c_k·Δ_t·q_{ℓ+1}/Δ_{T_k})) and rescaled; a giant step asks its quotient for Δ_t·q_{ℓ+1}/Δ_{T_G}, so
 * that rescale(q·T_G) has scale Δ_t, the scale its remainder is asked for. The output therefore has the
 * requested scale; a mismatch (beyond the evaluator's 10^-30 relative tolerance) is an error.
 */
public final class PolynomialEvaluator {
    private final Evaluator evaluator;
    private final CkksParameters params;
    private final OperationCounts counts = new OperationCounts();

    public PolynomialEvaluator(Evaluator evaluator) {
        this.evaluator = evaluator;
        this.params = evaluator.context().params();
    }

    /** The exact cost of evaluating {@code series} (what {@link #evaluate} executes). */
    public static PolynomialCost cost(ChebyshevSeries series) {
        return PolynomialCost.of(series);
    }

    /** p(x) at the default scale of the parameters. */
    public Ciphertext evaluate(Ciphertext x, ChebyshevSeries series) {
        return evaluate(x, series, params.defaultScale());
    }

    /**
     * p(x) slot-wise, at level x.level() − cost(series).totalDepth() with scale exactly {@code targetScale}.
     * The input is not modified. Slots outside [a, b] are evaluated too, but the series' accuracy holds
     * only inside.
     *
     * @throws IllegalArgumentException if x has fewer levels than the evaluation needs, or degree ≠ 1
     */
    public Ciphertext evaluate(Ciphertext x, ChebyshevSeries series, BigDecimal targetScale) {
        PolynomialPlan plan = PolynomialPlan.build(series.coefficients(), PolynomialCost.presence(series));
        PolynomialCost.ChangeOfBasis basis = PolynomialCost.ChangeOfBasis.of(series.a(), series.b());
        int needed = plan.depth() + basis.levels();
        if (x.degree() != 1) {
            throw new IllegalArgumentException("cannot evaluate a polynomial: the input has degree " + x.degree()
                    + "; relinearize it first");
        }
        if (x.level() < needed) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "cannot evaluate %s: it needs %d levels but the ciphertext is at level %d; bootstrap first "
                            + "or use a lower degree", series, needed, x.level()));
        }
        Map<Integer, Ciphertext> powers = new TreeMap<>();
        try {
            powers.put(1, changeOfBasis(x, basis));
            for (int n : plan.powers()) {
                if (n >= 2) {
                    powers.put(n, power(n, powers));
                }
            }
            int topLevel = powers.get(1).level();
            Ciphertext out = node(plan.root(), topLevel, targetScale, powers);
            if (out.degree() == 2) {
                relinearize(out);
            }
            if (out.level() != topLevel - plan.depth() || !Evaluator.sameScale(out.scale(), targetScale)) {
                out.close();
                throw new IllegalStateException(String.format(Locale.ROOT,
                        "polynomial evaluation ended at level %d, scale 2^%.6f instead of level %d, scale 2^%.6f",
                        out.level(), log2(out.scale()), topLevel - plan.depth(), log2(targetScale)));
            }
            out.setScale(targetScale);
            return out;
        } finally {
            for (Ciphertext p : powers.values()) {
                if (p != x) {
                    p.close();
                }
            }
        }
    }

    /** T_1 = α·x + β (x itself when α = 1 and β = 0). */
    private Ciphertext changeOfBasis(Ciphertext x, PolynomialCost.ChangeOfBasis basis) {
        if (basis.alpha() == 1 && basis.beta() == 0) {
            return x;
        }
        Ciphertext y = Ciphertext.empty();
        if (basis.alpha() != 1) {
            evaluator.multiplyByConstant(x, basis.alpha(), y);
            counts.scalar++;
        } else {
            evaluator.dropLevel(x, 0, y);
        }
        evaluator.addConstant(y, basis.beta(), y);
        if (!basis.integerAlpha()) {
            evaluator.rescale(y, y);
            counts.rescale++;
        }
        return y;
    }

    /** T_n from lower powers (see {@link PolynomialPlan#operands}); relinearized, then rescaled. */
    private Ciphertext power(int n, Map<Integer, Ciphertext> powers) {
        int[] ops = PolynomialPlan.operands(n);
        Ciphertext a = powers.get(ops[0]);
        Ciphertext b = ops.length == 1 ? a : powers.get(ops[1]);
        int level = Math.min(a.level(), b.level());
        counts.nonScalar++;
        counts.scalar++;
        // 2·a·b − 1 or 2·a·b − T_m before relinearization: the weights are those of multiplyByConstant(2), of
        // addConstant(−1) and of multiplyByConstantNew(T_m, 1, Δ_product) subtracted; then relinearized (before the
        // rescale: the key-switching error is then divided by q_l as well) and rescaled, all in one backend call
        BigDecimal scale = Evaluator.productScale(a, b);
        ProductTerms terms;
        if (ops.length == 1) {
            terms = ProductTerms.scaled(BigInteger.TWO, Evaluator.encodedConstant(-1.0, scale), false);
        } else {
            Ciphertext lower = powers.get(ops[2]);
            counts.scalar++;
            terms = new ProductTerms(new Ciphertext[] {lower}, new BigInteger[] {BigInteger.TWO,
                    Evaluator.constantFactor(1.0, scale, lower.scale()).negate()}, null, false);
        }
        Ciphertext product = evaluator.multiplyNew(a, b, level, terms, true, true);
        counts.relinearize++;
        counts.rescale++;
        return product;
    }

    private Ciphertext node(PolynomialPlan.Node node, int topLevel, BigDecimal scale, Map<Integer, Ciphertext> powers) {
        int outLevel = topLevel - node.budget();
        if (node instanceof PolynomialPlan.Leaf leaf) {
            return leaf(leaf, outLevel, scale, powers);
        }
        PolynomialPlan.Split split = (PolynomialPlan.Split) node;
        BigDecimal raised = scale.multiply(new BigDecimal(params.q(outLevel + 1)), Evaluator.SCALE_CONTEXT);
        Ciphertext product;
        Ciphertext giant = powers.get(split.giant()); // read at outLevel + 1: its higher limbs are not used
        if (split.constantQuotient()) {
            // c·T_G at the next level up, rescaled, in one call (the weight multiplyByConstant would use)
            double c = ((PolynomialPlan.Leaf) split.quotient()).coeffs()[0];
            product = evaluator.linearCombinationRescaleNew(new Ciphertext[] {giant},
                    new BigInteger[] {Evaluator.constantFactor(c, raised, giant.scale())}, null, raised, outLevel + 1);
            counts.scalar++;
        } else {
            BigDecimal quotientScale = raised.divide(giant.scale(), Evaluator.SCALE_CONTEXT);
            try (Ciphertext q = node(split.quotient(), topLevel, quotientScale, powers)) {
                if (q.degree() == 2) {
                    relinearize(q);
                }
                requireLevel(q, outLevel + 1);
                product = evaluator.multiplyNew(q, giant, outLevel + 1, null, false, true); // one call
                counts.nonScalar++;
            }
        }
        counts.rescale++;
        land(product, scale);
        if (split.remainder() != null) {
            try (Ciphertext r = node(split.remainder(), topLevel, scale, powers)) {
                evaluator.add(product, r, product);
            }
        }
        return product;
    }

    private Ciphertext leaf(PolynomialPlan.Leaf leaf, int outLevel, BigDecimal scale, Map<Integer, Ciphertext> powers) {
        double[] c = leaf.coeffs();
        if (leaf.constantOnly()) {
            Ciphertext zero = zero(powers.get(1), outLevel, scale);
            evaluator.addConstant(zero, c[0], zero);
            return zero;
        }
        BigDecimal raised = scale.multiply(new BigDecimal(params.q(outLevel + 1)), Evaluator.SCALE_CONTEXT);
        // Σ round(c_k·Δ_raised/Δ_{T_k})·T_k + round(c_0·Δ_raised) one level up, in one call; then rescaled
        List<Ciphertext> terms = new ArrayList<>();
        List<BigInteger> factors = new ArrayList<>();
        for (int k = 1; k < c.length; k++) {
            if (leaf.present()[k]) {
                Ciphertext power = powers.get(k);
                terms.add(power);
                factors.add(Evaluator.constantFactor(c[k], raised, power.scale()));
                counts.scalar++;
            }
        }
        Ciphertext acc = evaluator.linearCombinationRescaleNew(terms.toArray(new Ciphertext[0]),
                factors.toArray(new BigInteger[0]), Evaluator.encodedConstant(c[0], raised), raised, outLevel + 1);
        counts.rescale++;
        land(acc, scale);
        return acc;
    }

    /** An encryption of 0 at the given level and scale: x·0 (no level consumed, not counted as a product). */
    private Ciphertext zero(Ciphertext x, int level, BigDecimal scale) {
        try (Ciphertext dropped = atLevel(x, level)) {
            return evaluator.multiplyByConstantNew(dropped, 0.0, scale);
        }
    }

    /**
     * Fixes the label to the requested scale, which the bookkeeping reached up to BigDecimal rounding
     * (50 digits); anything beyond the evaluator's tolerance is a planning error.
     */
    private static void land(Ciphertext c, BigDecimal scale) {
        if (!Evaluator.sameScale(c.scale(), scale)) {
            throw new IllegalStateException(String.format(Locale.ROOT,
                    "polynomial evaluation: scale 2^%.9f does not land on the target 2^%.9f", log2(c.scale()),
                    log2(scale)));
        }
        c.setScale(scale);
    }

    private static void requireLevel(Ciphertext c, int level) {
        if (c.level() != level) {
            throw new IllegalStateException("polynomial evaluation: an operand is at level " + c.level()
                    + " where the plan expects " + level);
        }
    }

    private Ciphertext atLevel(Ciphertext c, int level) {
        return evaluator.dropLevelNew(c, c.level() - level);
    }

    private void relinearize(Ciphertext c) {
        evaluator.relinearize(c, c);
        counts.relinearize++;
    }

    private static double log2(BigDecimal scale) {
        return Math.log(scale.doubleValue()) / Math.log(2);
    }

    /** Operations executed since construction or the last {@link #resetCounts()} (to compare with the plan). */
    public OperationCounts counts() {
        return counts.copy();
    }

    public void resetCounts() {
        counts.nonScalar = 0;
        counts.scalar = 0;
        counts.relinearize = 0;
        counts.rescale = 0;
    }

    /** Executed operation counts, in the units of {@link PolynomialCost}. */
    public static final class OperationCounts {
        private int nonScalar;
        private int scalar;
        private int relinearize;
        private int rescale;

        OperationCounts copy() {
            OperationCounts c = new OperationCounts();
            c.nonScalar = nonScalar;
            c.scalar = scalar;
            c.relinearize = relinearize;
            c.rescale = rescale;
            return c;
        }

        public int nonScalarMultiplications() {
            return nonScalar;
        }

        public int scalarMultiplications() {
            return scalar;
        }

        public int relinearizations() {
            return relinearize;
        }

        public int rescales() {
            return rescale;
        }
    }
}

package dev.olafhe.ckks.boot;

import dev.olafhe.ckks.CkksParametersLiteral;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The level budget of bootstrapping: how many levels (sparse DFT factors) CoeffToSlot and SlotToCoeff each take.
 * More levels mean fewer diagonals per factor, hence fewer rotation keys and a faster DFT, but leave fewer levels to
 * the circuit. The one place where a preset's budget is changed ({@link #applyTo}) and where budgets are validated.
 *
 * @param coeffsToSlots CoeffToSlot levels, {@value #MIN_LEVELS}..{@value #MAX_LEVELS}
 * @param slotsToCoeffs SlotToCoeff levels, {@value #MIN_LEVELS}..{@value #MAX_LEVELS}
 */
public record LevelBudget(int coeffsToSlots, int slotsToCoeffs) {
    /**
     * Fewest levels per transform: one level at logN 16 would be a single factor of 2^16 − 1 diagonals (as many
     * rotation keys), far beyond any memory this library targets.
     */
    public static final int MIN_LEVELS = 2;
    /** Most levels per transform: beyond 5 the DFT saves little (3 diagonals per stage) and costs a level each. */
    public static final int MAX_LEVELS = 5;

    public LevelBudget {
        if (outOfRange(coeffsToSlots) || outOfRange(slotsToCoeffs)) {
            throw new IllegalArgumentException(String.format(java.util.Locale.ROOT,
                    "level budget {%d,%d} out of range: CoeffToSlot and SlotToCoeff levels must each be %d..%d",
                    coeffsToSlots, slotsToCoeffs, MIN_LEVELS, MAX_LEVELS));
        }
    }

    private static boolean outOfRange(int levels) {
        return levels < MIN_LEVELS || levels > MAX_LEVELS;
    }

    /**
     * Parses "C,S" (CoeffToSlot levels, SlotToCoeff levels), as the command line writes it.
     *
     * @throws IllegalArgumentException one line naming the expected form, or the range
     */
    public static LevelBudget parse(String text) {
        String[] parts = text == null ? new String[0] : text.strip().split("\\s*,\\s*", -1);
        if (parts.length != 2) {
            throw new IllegalArgumentException("--level-budget must be C,S (CoeffToSlot and SlotToCoeff levels, e.g. "
                    + "4,4), got '" + text + "'");
        }
        try {
            return new LevelBudget(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--level-budget must be two integers C,S (e.g. 4,4), got '" + text + "'");
        }
    }

    /** Every budget of the range, CoeffToSlot levels first: {2,2}, {2,3}, …, {5,5}. */
    public static List<LevelBudget> all() {
        List<LevelBudget> out = new ArrayList<>();
        for (int c = MIN_LEVELS; c <= MAX_LEVELS; c++) {
            for (int s = MIN_LEVELS; s <= MAX_LEVELS; s++) {
                out.add(new LevelBudget(c, s));
            }
        }
        return out;
    }

    /**
     * {@code base} with this level budget, at no larger a modulus: the DFT levels are traded against the circuit's.
     * <ul>
     *   <li>CoeffToSlot gets {@link #coeffsToSlots} primes and SlotToCoeff {@link #slotsToCoeffs} primes, each of the
     *       bit size of the base's primes of that transform (their largest, should they differ);</li>
     *   <li>levels left: each bit the DFT gains is taken from the residual chain, whose top primes (never q_0) are
     *       dropped until the nominal log QP is no larger than the base's; each bit it frees adds residual primes of
     *       the size of the base's top residual prime while the nominal log QP stays within the base's. So log QP
     *       never grows, a 128-bit base stays within its bound, and the levels left change by about the DFT's
     *       change in bits over the residual prime size (n16-h192: {4,4} leaves 6 levels, {5,5} 4, {2,2} 11);</li>
     *   <li>the digit size of key switching stays the base's (dnum follows the chain length), so the special primes
     *       still cover every digit; EvalMod, the scale and everything else are the base's.</li>
     * </ul>
     * The result is validated as {@link BootstrappingParameters#of} does (security bound included unless test-only).
     *
     * @throws IllegalArgumentException when the budget would leave no level to the circuit, or the derived chain is
     *                                  refused by {@link BootstrappingParameters#of} (named with this budget)
     */
    public BootstrappingParametersLiteral applyTo(BootstrappingParametersLiteral base) {
        int ctsBits = Arrays.stream(base.coeffsToSlotsLogQ()).max().orElseThrow();
        int stcBits = Arrays.stream(base.slotsToCoeffsLogQ()).max().orElseThrow();
        int[] cts = CkksParametersLiteral.repeat(ctsBits, coeffsToSlots);
        int[] stc = CkksParametersLiteral.repeat(stcBits, slotsToCoeffs);
        int gained = sum(cts) + sum(stc) - sum(base.coeffsToSlotsLogQ()) - sum(base.slotsToCoeffsLogQ());
        int[] residual = tradeResidual(base.residualLogQ(), gained);
        if (residual.length < 2) {
            throw new IllegalArgumentException(String.format(java.util.Locale.ROOT,
                    "level budget %s leaves no level to the circuit: its DFT needs %d more bits than the base's "
                            + "{%d,%d}, and dropping whole primes of the residual chain %s to pay for them leaves only "
                            + "q_0", this, gained, base.coeffsToSlotsLogQ().length, base.slotsToCoeffsLogQ().length,
                    Arrays.toString(base.residualLogQ())));
        }
        int dnum = base.dnum();
        if (dnum > 0) { // dnum 0 derives the digit size from #P, which does not change
            int evalModLevels = evalModLevels(base);
            int baseQ = base.residualLogQ().length + base.slotsToCoeffsLogQ().length + evalModLevels
                    + base.coeffsToSlotsLogQ().length;
            int digitSize = (baseQ + dnum - 1) / dnum;
            int q = residual.length + slotsToCoeffs + evalModLevels + coeffsToSlots;
            dnum = (q + digitSize - 1) / digitSize;
        }
        BootstrappingParametersLiteral derived = new BootstrappingParametersLiteral(base.logN(), residual, base.logP(),
                base.logDefaultScale(), base.secret(), dnum, stc, base.evalModLogQ(), cts, base.k(),
                base.cosineDegree(), base.doubleAngles(), base.arcsinDegree(), base.ephemeralHammingWeight(),
                base.testOnly());
        try {
            BootstrappingParameters.of(derived);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("level budget " + this + ": " + e.getMessage(), e);
        }
        return derived;
    }

    /** The residual chain with {@code gained} bits fewer (top primes dropped) or -gained bits more (primes added). */
    private static int[] tradeResidual(int[] residual, int gained) {
        List<Integer> chain = new ArrayList<>(Arrays.stream(residual).boxed().toList());
        int topBits = residual[residual.length - 1];
        int balance = -gained; // bits the residual may still grow by (negative: must shrink)
        while (balance < 0 && chain.size() > 1) {
            balance += chain.remove(chain.size() - 1);
        }
        while (gained < 0 && balance >= topBits) {
            chain.add(topBits);
            balance -= topBits;
        }
        return chain.stream().mapToInt(Integer::intValue).toArray();
    }

    private static int evalModLevels(BootstrappingParametersLiteral lit) {
        return new EvalMod(lit.k(), lit.cosineDegree(), lit.doubleAngles(), lit.arcsinDegree()).depth();
    }

    private static int sum(int[] bits) {
        return Arrays.stream(bits).sum();
    }

    /** "{C,S}". */
    @Override
    public String toString() {
        return "{" + coeffsToSlots + "," + slotsToCoeffs + "}";
    }
}

package dev.olafhe.ckks.boot;

import dev.olafhe.ckks.CkksParameters;
import dev.olafhe.ckks.SecurityStandard;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What a {@link LevelBudget} costs and leaves, computed on the host without keys or a bootstrap: the levels left,
 * log QP against the 128-bit bound, the DFT factors' diagonals, the rotation keys and their memory at the levels
 * where they are used ({@link BootstrappingKeyPlan}), and the memory of the DFT factors kept encoded
 * ({@link Bootstrapper} without compact DFT). At logN 16 it builds the float64 DFT factors (seconds, and up to a few
 * hundred MB for budget 2).
 *
 * @param budget                 the level budget
 * @param parameters             the derived parameters ({@link LevelBudget#applyTo})
 * @param logSlots               log2 of the slots bootstrapped
 * @param coeffsToSlotsDiagonals non-zero diagonals of all CoeffToSlot factors together
 * @param slotsToCoeffsDiagonals non-zero diagonals of all SlotToCoeff factors together
 * @param keyPlan                the keys bootstrapping needs and their levels
 * @param dftBytes               bytes of the DFT factors encoded at their levels over Q_level ∪ P
 */
public record LevelBudgetReport(LevelBudget budget, BootstrappingParameters parameters, int logSlots,
                                int coeffsToSlotsDiagonals, int slotsToCoeffsDiagonals, BootstrappingKeyPlan keyPlan,
                                long dftBytes) {
    private static final double GIB = 1L << 30;

    /**
     * The report of {@code budget} applied to {@code base}, for 2^logSlots slots (null: the most the ring has).
     *
     * @throws IllegalArgumentException when the budget is refused ({@link LevelBudget#applyTo}) or the slot count
     *                                  cannot be split into its levels
     */
    public static LevelBudgetReport of(BootstrappingParametersLiteral base, LevelBudget budget, Integer logSlots) {
        BootstrappingParameters bp = BootstrappingParameters.of(budget.applyTo(base));
        CkksParameters params = bp.ckks();
        int slots = logSlots == null ? params.logMaxSlots() : logSlots;
        int fewest = Math.max(budget.coeffsToSlots(), budget.slotsToCoeffs());
        if (slots < fewest || slots > params.logMaxSlots()) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "--log-slots must be in [%d, %d] for level "
                    + "budget %s at logN %d, got %d", fewest, params.logMaxSlots(), budget, params.logN(), slots));
        }
        int n = 1 << slots;
        boolean sparse = slots < params.logMaxSlots();
        List<DiagonalMatrix> cts = HomomorphicDft.coeffsToSlots(n, sparse, bp.coeffsToSlotsLevels(), 1);
        List<DiagonalMatrix> stc = HomomorphicDft.slotsToCoeffs(n, sparse, bp.slotsToCoeffsLevels(), 1);
        int top = params.maxLevel();
        // the Bootstrapper encodes CoeffToSlot from the top down and SlotToCoeff from below EvalMod down
        long bytes = encodedBytes(params, cts, top)
                + encodedBytes(params, stc, top - bp.coeffsToSlotsLevels() - bp.evalModDepth());
        return new LevelBudgetReport(budget, bp, slots, diagonals(cts), diagonals(stc),
                BootstrappingKeyPlan.of(bp, slots, cts, stc), bytes);
    }

    private static long encodedBytes(CkksParameters params, List<DiagonalMatrix> factors, int firstLevel) {
        long bytes = 0;
        int level = firstLevel;
        for (DiagonalMatrix f : factors) {
            bytes += (long) f.diagonalCount() * (level + 1 + params.pCount()) * params.n() * Long.BYTES;
            level--;
        }
        return bytes;
    }

    private static int diagonals(List<DiagonalMatrix> factors) {
        return factors.stream().mapToInt(DiagonalMatrix::diagonalCount).sum();
    }

    public int levelsLeft() {
        return parameters.levelsAfterBootstrapping();
    }

    public double logQP() {
        return parameters.ckks().logQP();
    }

    /** The 128-bit bound on log QP for this ring and secret, if one is known. */
    public Optional<Integer> securityBound() {
        return SecurityStandard.maxLogQP(parameters.ckks().logN(), parameters.ckks().secret());
    }

    public boolean withinSecurityBound() {
        return SecurityStandard.violation(parameters.ckks().logN(), parameters.ckks().secret(), logQP()).isEmpty();
    }

    public int rotationKeys() {
        return keyPlan.rotationKeyCount();
    }

    /** Bytes of every bootstrapping key at the level where it is used ({@link BootstrappingKeyPlan#bytes()}). */
    public long keyBytes() {
        return keyPlan.bytes();
    }

    /**
     * One table, a line per budget: those {@link #of} refuses get their reason instead of figures.
     *
     * @param logSlots as in {@link #of}
     */
    public static String table(BootstrappingParametersLiteral base, List<LevelBudget> budgets, Integer logSlots) {
        int slots = logSlots == null ? base.logN() - 1 : logSlots;
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "level budgets {CoeffToSlot,SlotToCoeff} for "
                + "2^%d slots (computed, no keys generated): levels left after bootstrapping, log QP against the 128-bit "
                + "bound, DFT diagonals, rotation keys, key memory at the levels where used, DFT factors encoded%n",
                slots));
        sb.append(String.format(Locale.ROOT, "%-7s %6s %8s %-11s %6s %6s %7s %10s %10s%n",
                "budget", "left", "log QP", "128-bit", "CtS d", "StC d", "rotkeys", "keys GiB", "DFT GiB"));
        for (LevelBudget budget : budgets) {
            try {
                sb.append(of(base, budget, logSlots).line()).append('\n');
            } catch (IllegalArgumentException e) {
                sb.append(String.format(Locale.ROOT, "%-7s refused: %s%n", budget, e.getMessage()));
            }
        }
        return sb.toString();
    }

    /** This budget's line of {@link #table}. */
    String line() {
        String bound = securityBound().map(b -> (withinSecurityBound() ? "yes <= " : "NO > ") + b).orElse("no bound");
        return String.format(Locale.ROOT, "%-7s %6d %8.1f %-11s %6d %6d %7d %10.2f %10.2f", budget, levelsLeft(),
                logQP(), bound, coeffsToSlotsDiagonals, slotsToCoeffsDiagonals, rotationKeys(), keyBytes() / GIB,
                dftBytes / GIB);
    }
}

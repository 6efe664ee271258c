package dev.olafhe.ckks.boot;

import dev.olafhe.ckks.CkksParameters;
import dev.olafhe.ckks.lintrans.LinearTransform;

import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Which evaluation keys bootstrapping n = 2^logSlots slots needs and at which level each is used (keys
 * are generated there: a key at level ℓ has digitCount(ℓ)·2·(ℓ+1+K)·N·8 bytes). Computed on the host
 * from the DFT factors' diagonal indices, so the memory figure of a logN 16 set costs no key generation.
 *
 * @param rotationLevels      rotation step → highest level it is used at (trace and CoeffToSlot: the top;
 *                            SlotToCoeff only: its first level)
 * @param conjugationLevel    CoeffToSlot's output level (the real-output conjugation happens lower)
 * @param relinearizationLevel EvalMod's input level
 * @param encapsulation       whether the two sparse-secret switching keys are needed (dense→sparse at
 *                            level 0, sparse→dense at the top)
 */
public record BootstrappingKeyPlan(int logSlots, SortedMap<Integer, Integer> rotationLevels, int conjugationLevel,
                                   int relinearizationLevel, boolean encapsulation, CkksParameters params) {

    public static BootstrappingKeyPlan of(BootstrappingParameters bp, int logSlots) {
        int n = 1 << logSlots;
        CkksParameters params = bp.ckks();
        boolean sparse = logSlots < params.logMaxSlots();
        int dim = sparse ? 2 * n : n;
        int top = params.maxLevel();
        int ctsOut = top - bp.coeffsToSlotsLevels();
        int stcTop = ctsOut - bp.evalModDepth();
        SortedMap<Integer, Integer> levels = new TreeMap<>();
        for (int step = n; step < params.maxSlots(); step *= 2) {
            levels.merge(step, top, Math::max);
        }
        addSteps(HomomorphicDft.coeffsToSlots(n, sparse, bp.coeffsToSlotsLevels(), 1), dim, top, levels);
        addSteps(HomomorphicDft.slotsToCoeffs(n, sparse, bp.slotsToCoeffsLevels(), 1), dim, stcTop, levels);
        return new BootstrappingKeyPlan(logSlots, Collections.unmodifiableSortedMap(levels), ctsOut, ctsOut,
                bp.literal().ephemeralHammingWeight() > 0, params);
    }

    private static void addSteps(List<DiagonalMatrix> factors, int dim, int firstLevel, Map<Integer, Integer> levels) {
        int level = firstLevel;
        for (DiagonalMatrix f : factors) {
            for (int step : LinearTransform.rotationStepsFor(f.diagonals().keySet(), dim)) {
                levels.merge(step, level, Math::max);
            }
            level--;
        }
    }

    /** Bytes of one switching key usable up to {@code level}. */
    public static long switchingKeyBytes(CkksParameters params, int level) {
        return (long) params.digitCount(level) * 2 * (level + 1 + params.pCount()) * params.n() * 8L;
    }

    /** Total key memory: rotations, conjugation, relinearization and the encapsulation keys. */
    public long bytes() {
        long total = 0;
        for (int level : rotationLevels.values()) {
            total += switchingKeyBytes(params, level);
        }
        total += switchingKeyBytes(params, conjugationLevel) + switchingKeyBytes(params, relinearizationLevel);
        if (encapsulation) {
            total += switchingKeyBytes(params, 0) + switchingKeyBytes(params, params.maxLevel());
        }
        return total;
    }

    /** The same keys all generated at the top level (what a level-unaware key generator would hold). */
    public long bytesAllAtTop() {
        int keys = rotationLevels.size() + 2 + (encapsulation ? 2 : 0);
        return keys * switchingKeyBytes(params, params.maxLevel());
    }

    public int rotationKeyCount() {
        return rotationLevels.size();
    }

    public String describe() {
        return String.format(Locale.ROOT, "2^%d slots: %d rotation keys %s + conjugation + relinearization%s; "
                        + "%.2f GiB at the levels where used (%.2f GiB if all at the top level)", logSlots,
                rotationKeyCount(), rotationLevels.keySet(), encapsulation ? " + 2 encapsulation keys" : "",
                bytes() / (double) (1L << 30), bytesAllAtTop() / (double) (1L << 30));
    }
}

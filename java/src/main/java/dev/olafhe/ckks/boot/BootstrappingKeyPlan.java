package dev.olafhe.ckks.boot;

import dev.olafhe.ckks.CkksParameters;
import dev.olafhe.ckks.EvaluationKeySet;
import dev.olafhe.ckks.GaloisElements;
import dev.olafhe.ckks.GaloisKey;
import dev.olafhe.ckks.SwitchingKey;
import dev.olafhe.ckks.lintrans.LinearTransform;

import java.util.ArrayList;
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
        boolean sparse = logSlots < bp.ckks().logMaxSlots();
        return of(bp, logSlots, HomomorphicDft.coeffsToSlots(n, sparse, bp.coeffsToSlotsLevels(), 1),
                HomomorphicDft.slotsToCoeffs(n, sparse, bp.slotsToCoeffsLevels(), 1));
    }

    /** The plan from DFT factors already built for 2^logSlots slots (any constant: only their indices count). */
    static BootstrappingKeyPlan of(BootstrappingParameters bp, int logSlots, List<DiagonalMatrix> coeffsToSlots,
                                   List<DiagonalMatrix> slotsToCoeffs) {
        int n = 1 << logSlots;
        CkksParameters params = bp.ckks();
        int dim = coeffsToSlots.get(0).dim();
        int top = params.maxLevel();
        int ctsOut = top - bp.coeffsToSlotsLevels();
        int stcTop = ctsOut - bp.evalModDepth();
        SortedMap<Integer, Integer> levels = new TreeMap<>();
        for (int step = n; step < params.maxSlots(); step *= 2) {
            levels.merge(step, top, Math::max);
        }
        addSteps(coeffsToSlots, dim, top, levels);
        addSteps(slotsToCoeffs, dim, stcTop, levels);
        return new BootstrappingKeyPlan(logSlots, Collections.unmodifiableSortedMap(levels), ctsOut, ctsOut,
                bp.literal().ephemeralHammingWeight() > 0, params);
    }

    private static void addSteps(List<DiagonalMatrix> factors, int dim, int firstLevel, Map<Integer, Integer> levels) {
        int level = firstLevel;
        for (DiagonalMatrix f : factors) {
            for (int step : LinearTransform.rotationStepsFor(f.diagonalIndices(), dim, Bootstrapper.DFT_GIANT_STEPS)) {
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

    /**
     * Refuses {@code keys} unless they hold every key of this plan at (at least) its level, and the encapsulation
     * keys exactly when the parameters use encapsulation: checked before bootstrapping starts, so keys generated
     * for another bootstrapper fail with one message instead of midway. (Keys under another secret cannot be told.)
     *
     * @throws IllegalArgumentException naming every missing or too-low key
     */
    public void requireCoveredBy(BootstrappingKeys keys) {
        List<String> problems = new ArrayList<>();
        EvaluationKeySet set = keys.evaluationKeys();
        requireLevel("relinearization", set.relinearizationKey().map(k -> k.key()).orElse(null),
                relinearizationLevel, problems);
        rotationLevels.forEach((step, level) -> requireLevel("rotation by " + step, set.galoisKey(
                GaloisElements.forRotation(step, params.logN())).map(GaloisKey::key).orElse(null), level, problems));
        requireLevel("conjugation", set.galoisKey(GaloisElements.forConjugation(params.logN())).map(GaloisKey::key)
                .orElse(null), conjugationLevel, problems);
        if (keys.encapsulation() != encapsulation) {
            problems.add(encapsulation ? "the sparse-secret encapsulation keys (the parameters use h' > 0)"
                    : "no encapsulation keys (the parameters use none)");
        } else if (encapsulation) {
            requireLevel("sparse-to-dense switching", keys.sparseToDense(), params.maxLevel(), problems);
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("these bootstrapping keys do not fit the bootstrapper for 2^" + logSlots
                    + " slots: need " + String.join(", ", problems)
                    + "; generate them with BootstrappingKeys.generate for this bootstrapper");
        }
    }

    private static void requireLevel(String what, SwitchingKey key, int level, List<String> problems) {
        if (key == null) {
            problems.add("a " + what + " key");
        } else if (key.level() < level) {
            problems.add("the " + what + " key at level >= " + level + " (it has " + key.level() + ")");
        }
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

package dev.olafhe.ckks.boot;

import dev.olafhe.ckks.SecretDistribution;

import java.util.List;
import java.util.Optional;

import static dev.olafhe.ckks.CkksParametersLiteral.concat;
import static dev.olafhe.ckks.CkksParametersLiteral.repeat;

/**
 * Named bootstrappable parameter sets, and the names by which commands and session files choose them ({@link #byName};
 * {@value #NONE} means no bootstrapping: every level up front). {@link LevelBudget#applyTo} derives a preset with
 * another CoeffToSlot/SlotToCoeff level budget.
 */
public final class BootstrappingPresets {
    /** No bootstrapping. */
    public static final String NONE = "none";
    /** {@link #n16ResNet()}. */
    public static final String N16_RESNET = "n16-resnet";
    /** {@link #n16H192()}. */
    public static final String N16_H192 = "n16-h192";
    /** {@link #logN11Insecure()}. */
    public static final String LOGN11_INSECURE = "logn11-insecure";

    private BootstrappingPresets() {
    }

    /** Every name {@link #byName} accepts, {@value #NONE} first (for help texts and messages). */
    public static List<String> names() {
        return List.of(NONE, N16_RESNET, N16_H192, LOGN11_INSECURE);
    }

    /** Separates a preset's name from a level budget in a name such as {@code n16-h192:4,4}. */
    public static final String BUDGET_SEPARATOR = ":";

    /**
     * The preset called {@code name}; empty for {@value #NONE} (and for null, which session files written before
     * bootstrapping existed hold). {@code PRESET:C,S} is the preset with level budget {C,S}
     * ({@link LevelBudget#applyTo}), the name session and cost files record for such a chain. Unknown names and
     * budgets are refused with the list of known ones.
     */
    public static Optional<BootstrappingParametersLiteral> byName(String name) {
        String base = name == null ? NONE : name;
        int cut = base.indexOf(BUDGET_SEPARATOR);
        if (cut >= 0) {
            String preset = base.substring(0, cut);
            LevelBudget budget = LevelBudget.parse(base.substring(cut + 1));
            return Optional.of(budget.applyTo(byName(preset).orElseThrow(() -> new IllegalArgumentException(
                    "a level budget needs a bootstrapping preset, got '" + name + "'"))));
        }
        return switch (base) {
            case NONE -> Optional.empty();
            case N16_RESNET -> Optional.of(n16ResNet());
            case N16_H192 -> Optional.of(n16H192());
            case LOGN11_INSECURE -> Optional.of(logN11Insecure());
            default -> throw new IllegalArgumentException("--bootstrapping must be " + String.join(", ",
                    names().subList(0, names().size() - 1)) + " or " + names().get(names().size() - 1) + ", got '"
                    + name + "'");
        };
    }

    /** Whether {@link #byName} accepts {@code name} (a preset, optionally with a level budget, or {@value #NONE}). */
    public static boolean isName(String name) {
        try {
            byName(name);
            return name != null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** {@code preset} with level budget {@code budget} as {@link #byName} reads it; {@code preset} when null. */
    public static String withBudget(String preset, LevelBudget budget) {
        if (budget == null) {
            return preset;
        }
        if (byName(preset).isEmpty()) {
            throw new IllegalArgumentException("--level-budget needs a --bootstrapping preset (not " + NONE + ")");
        }
        return preset + BUDGET_SEPARATOR + budget.coeffsToSlots() + "," + budget.slotsToCoeffs();
    }

    /**
     * N16_RESNET: logN 16, 128-bit (uniform ternary main secret, log QP ≤ 1747 of the HE-standard table), for
     * the encrypted ResNet-20 workloads (FHE-MP-CNN's level budget: 16 levels after bootstrapping = ReLU 14
     * + conv/BN 2):
     * <ul>
     *   <li>Δ = 2^40; residual q_0 = 48 bits and 16 × 40-bit levels. The message ratio q_0/Δ = 2^8 (Lattigo's
     *       default) trades EvalMod noise amplification (2^8) against the sine error, which reaches ~2^-13
     *       only for coefficients as large as the slots (constant-like inputs, ckks-notes §2.3);</li>
     *   <li>SlotToCoeff 3 × 40 bits, EvalMod 9 × 60 bits (K = 16 with the h' = 32 ephemeral key, cosine
     *       degree 39: 6 levels, 3 double angles), CoeffToSlot 3 × 51 bits;</li>
     *   <li>P = 4 × 61 bits: digits of 4 primes (dnum 8); log QP ≈ 1745.</li>
     * </ul>
     * Sparse-secret encapsulation h' = 32: the dense-to-sparse key exists only at level 0 (modulus q_0·P ≈
     * 292 bits); Lattigo keeps it at q_0·p_0 ≈ 121 bits, and 292 bits with h' = 32 has not been checked
     * with the lattice estimator here.
     */
    public static BootstrappingParametersLiteral n16ResNet() {
        return new BootstrappingParametersLiteral(16, concat(new int[] {48}, repeat(40, 16)), repeat(61, 4), 40,
                SecretDistribution.uniformTernary(), 0, repeat(40, 3), 60, repeat(51, 3), 16, 39, 3, 0, 32, false);
    }

    /**
     * N16_H192: logN 16, 128-bit with a sparse main secret of Hamming weight 192 (log QP ≤ 1550, the bound Lattigo's
     * and FHE-MP-CNN's logN-16 bootstrapping use), for precision: 10 levels after bootstrapping.
     * <ul>
     *   <li>Δ = 2^40; q_0 = 49 bits and 10 × 40-bit levels. Message ratio q_0/Δ = 2^9: with the degree-3 arcsin
     *       correction the sine's residual distortion for |m| = 1 is ~2^-29 (2^-25 at 2^8, the all-ones input then
     *       loses 2.4 bits of mean), while the noise of CoeffToSlot and EvalMod, amplified by the ratio, costs ~1 bit
     *       per bit of ratio (logN 13 analogue: 2^8 27.5, 2^9 27.1, 2^10 26.5, 2^14 23.6 bits mean, uniform);</li>
     *   <li>SlotToCoeff 3 × 40 bits, EvalMod 10 × 60 bits (K = 16 with the h' = 32 ephemeral key; cosine degree 55:
     *       6 levels, 2 double angles, arcsin degree 3: 2 levels), CoeffToSlot 3 × 56 bits. Degree 55 is the lowest
     *       that interpolates the cosine over the twice wider interval that one double angle fewer leaves (2^-46;
     *       degree 51: 2^-39 and 5 bits less precision), and it still takes 6 levels: the double angle it saves is
     *       the tenth level (9 with degree 39 and 3 double angles, at 0.2 bit less precision and ~10 % less
     *       EvalMod time: logN 13 analogue, {@code bench/results/2026-12-05-cpu-epyc2-ten-levels/});</li>
     *   <li>P = 3 × 61 bits: dnum 9 over 27 primes (digits of 3); log QP ≈ 1520 ≤ 1550.</li>
     * </ul>
     * Measured precision and time: README (bootstrapping presets).
     */
    public static BootstrappingParametersLiteral n16H192() {
        return new BootstrappingParametersLiteral(16, concat(new int[] {49}, repeat(40, 10)), repeat(61, 3), 40,
                SecretDistribution.fixedHammingWeight(192), 9, repeat(40, 3), 60, repeat(56, 3), 16, 55, 2, 3, 32,
                false);
    }

    /**
     * LOGN11_INSECURE: logN 11 with 5 levels after bootstrapping, far below 128-bit security: for tests and demos of
     * bootstrapped inference that must run in seconds (the encrypted-inference tests and the CLI's end-to-end runs).
     */
    public static BootstrappingParametersLiteral logN11Insecure() {
        return new BootstrappingParametersLiteral(11, new int[] {55, 45, 45, 45, 45, 45}, new int[] {61, 61, 61}, 45,
                SecretDistribution.uniformTernary(), 0, new int[] {45, 45, 45}, 60, new int[] {56, 56, 56}, 16, 39, 3, 7,
                32, true);
    }
}

package dev.olafhe.ckks.boot;

/**
 * Which homomorphic DFT factors a {@link Bootstrapper} keeps encoded (resident: encoded once, over Q ∪ P at their
 * level) and which it keeps as slot values, encoding each diagonal again at every use (compact). Resident factors
 * cost memory, compact ones time: at logN 16 the encoding (an FFT and an NTT per limb of every diagonal) is a fifth of
 * a CPU bootstrap. CoeffToSlot's factors, at the top of the chain, cost the most of both.
 */
public enum DftResidency {
    /** Every factor resident. */
    RESIDENT(false, false),
    /** CoeffToSlot resident, SlotToCoeff compact: its memory is the smaller share (fewer limbs). */
    COEFFS_TO_SLOTS(false, true),
    /** Every factor compact. */
    COMPACT(true, true);

    private final boolean compactCoeffsToSlots;
    private final boolean compactSlotsToCoeffs;

    DftResidency(boolean compactCoeffsToSlots, boolean compactSlotsToCoeffs) {
        this.compactCoeffsToSlots = compactCoeffsToSlots;
        this.compactSlotsToCoeffs = compactSlotsToCoeffs;
    }

    /** {@link #COMPACT} or {@link #RESIDENT}. */
    public static DftResidency of(boolean compact) {
        return compact ? COMPACT : RESIDENT;
    }

    boolean compactCoeffsToSlots() {
        return compactCoeffsToSlots;
    }

    boolean compactSlotsToCoeffs() {
        return compactSlotsToCoeffs;
    }
}

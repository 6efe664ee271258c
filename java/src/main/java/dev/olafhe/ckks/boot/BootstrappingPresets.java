package dev.olafhe.ckks.boot;

import dev.olafhe.ckks.SecretDistribution;

import static dev.olafhe.ckks.CkksParametersLiteral.concat;
import static dev.olafhe.ckks.CkksParametersLiteral.repeat;

/** Named bootstrappable parameter sets. */
public final class BootstrappingPresets {
    private BootstrappingPresets() {
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
}

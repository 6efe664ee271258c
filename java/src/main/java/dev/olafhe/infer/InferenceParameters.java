package dev.olafhe.infer;

import dev.olafhe.ckks.CkksParametersLiteral;
import dev.olafhe.ckks.SecretDistribution;

/** CKKS parameter literals sized for a compiled network (without bootstrapping). */
public final class InferenceParameters {
    private InferenceParameters() {
    }

    /**
     * logN, {@code levels} primes of {@code logScale} bits above a base prime of logScale + 15 bits (room for
     * logits up to 2^15 at the last level, at most 60 bits), two 61-bit special primes (digits derived).
     * Refused at construction when it exceeds the 128-bit bound, unless {@code testOnly}.
     */
    public static CkksParametersLiteral forLevels(int logN, int levels, int logScale, boolean testOnly) {
        int base = Math.min(60, logScale + 15);
        return new CkksParametersLiteral(logN,
                CkksParametersLiteral.concat(new int[] {base}, CkksParametersLiteral.repeat(logScale, levels)),
                new int[] {61, 61}, logScale, SecretDistribution.uniformTernary(), 0, testOnly);
    }
}

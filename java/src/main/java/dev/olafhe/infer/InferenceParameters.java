package dev.olafhe.infer;

import dev.olafhe.ckks.CkksParametersLiteral;
import dev.olafhe.ckks.SecretDistribution;

/** CKKS parameter literals sized for a compiled network (without bootstrapping). */
public final class InferenceParameters {
    /** The largest scale (and level prime) in bits: primes stay below 2^61. */
    public static final int MAX_LOG_SCALE = 60;

    private InferenceParameters() {
    }

    /** The smallest scale in bits at ring degree 2^logN: NTT-friendly primes need logN + 2 bits at least. */
    public static int minLogScale(int logN) {
        return logN + 2;
    }

    /**
     * logN, {@code levels} primes of {@code logScale} bits above a base prime of logScale + 15 bits (room for
     * logits up to 2^15 at the last level, at most 60 bits), two 61-bit special primes (digits derived).
     * Refused at construction when it exceeds the 128-bit bound, unless {@code testOnly} ({@code --insecure}).
     */
    public static CkksParametersLiteral forLevels(int logN, int levels, int logScale, boolean testOnly) {
        int base = Math.min(MAX_LOG_SCALE, logScale + 15);
        return new CkksParametersLiteral(logN,
                CkksParametersLiteral.concat(new int[] {base}, CkksParametersLiteral.repeat(logScale, levels)),
                new int[] {61, 61}, logScale, SecretDistribution.uniformTernary(), 0, testOnly);
    }
}

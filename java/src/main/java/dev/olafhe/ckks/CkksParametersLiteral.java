package dev.olafhe.ckks;

import java.util.Arrays;

/**
 * Unchecked description of a CKKS parameter set, validated by {@link CkksParameters#of}.
 *
 * @param logN            log2 of the ring degree N
 * @param logQ            bit sizes of the ciphertext primes q_0..q_L (q_0 holds the final message, the
 *                        others should be close to the scale)
 * @param logP            bit sizes of the special primes used by hybrid key switching
 * @param logDefaultScale log2 of the default scale Δ
 * @param secret          secret-key distribution
 * @param dnum            number of key-switching digits; 0 derives it as ⌈(L+1)/#P⌉
 * @param testOnly        allow parameters below 128-bit security (tests, demos); labelled INSECURE
 */
public record CkksParametersLiteral(int logN, int[] logQ, int[] logP, int logDefaultScale,
                                    SecretDistribution secret, int dnum, boolean testOnly) {
    public CkksParametersLiteral {
        logQ = logQ.clone();
        logP = logP.clone();
    }

    @Override
    public int[] logQ() {
        return logQ.clone();
    }

    @Override
    public int[] logP() {
        return logP.clone();
    }

    /** A copy with a different number of key-switching digits. */
    public CkksParametersLiteral withDnum(int newDnum) {
        return new CkksParametersLiteral(logN, logQ, logP, logDefaultScale, secret, newDnum, testOnly);
    }

    /** A copy marked as test-only (security check skipped, labelled INSECURE). */
    public CkksParametersLiteral asTestOnly() {
        return new CkksParametersLiteral(logN, logQ, logP, logDefaultScale, secret, dnum, true);
    }

    /** Repeats {@code bits} {@code count} times; for writing modulus chains such as [60, 45×26]. */
    public static int[] repeat(int bits, int count) {
        int[] out = new int[count];
        Arrays.fill(out, bits);
        return out;
    }

    /** Concatenates bit-size lists. */
    public static int[] concat(int[]... parts) {
        return Arrays.stream(parts).flatMapToInt(Arrays::stream).toArray();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CkksParametersLiteral l && logN == l.logN && Arrays.equals(logQ, l.logQ)
                && Arrays.equals(logP, l.logP) && logDefaultScale == l.logDefaultScale && secret.equals(l.secret)
                && dnum == l.dnum && testOnly == l.testOnly;
    }

    @Override
    public int hashCode() {
        return 31 * (31 * logN + Arrays.hashCode(logQ)) + Arrays.hashCode(logP);
    }

    @Override
    public String toString() {
        return "CkksParametersLiteral[logN=" + logN + ", logQ=" + Arrays.toString(logQ) + ", logP="
                + Arrays.toString(logP) + ", logDefaultScale=" + logDefaultScale + ", secret=" + secret
                + ", dnum=" + dnum + ", testOnly=" + testOnly + "]";
    }
}

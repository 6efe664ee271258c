package dev.olafhe.ckks.boot;

import dev.olafhe.ckks.SecretDistribution;

import java.util.Arrays;

/**
 * Unchecked description of a bootstrappable parameter set, validated by {@link BootstrappingParameters#of}.
 * The modulus chain is, bottom to top: residual primes (q_0 first; what the circuit uses after
 * bootstrapping), SlotToCoeff primes (one per DFT level), EvalMod primes (one per EvalMod level, all of
 * {@code evalModLogQ} bits), CoeffToSlot primes (one per DFT level).
 *
 * @param logN                   log2 of the ring degree
 * @param residualLogQ           q_0 and the primes left to the circuit after bootstrapping
 * @param logP                   special primes of key switching
 * @param logDefaultScale        log2 of the default scale Δ (input and output scale of bootstrapping)
 * @param secret                 distribution of the main secret
 * @param dnum                   key-switching digits (0: derived from #P)
 * @param slotsToCoeffsLogQ      one prime per SlotToCoeff level (its size is the precision of the DFT factors)
 * @param evalModLogQ            bit size of the EvalMod primes; EvalMod works at scale 2^evalModLogQ
 * @param coeffsToSlotsLogQ      one prime per CoeffToSlot level
 * @param k                      bound on |I| in t = Δ·m + e + q_0·I after ModRaise (EvalMod works on [−K, K])
 * @param cosineDegree           degree of the Chebyshev interpolant of the scaled cosine on [−1, 1]
 * @param doubleAngles           number r of double-angle steps (cos 2θ = 2cos²θ − 1)
 * @param arcsinDegree           odd Taylor degree of the arcsin correction, 0 for none
 * @param ephemeralHammingWeight Hamming weight h' of the sparse-secret encapsulation key, 0 for none
 * @param testOnly               allow insecure parameters (tests); labelled INSECURE
 */
public record BootstrappingParametersLiteral(int logN, int[] residualLogQ, int[] logP, int logDefaultScale,
                                             SecretDistribution secret, int dnum, int[] slotsToCoeffsLogQ,
                                             int evalModLogQ, int[] coeffsToSlotsLogQ, int k, int cosineDegree,
                                             int doubleAngles, int arcsinDegree, int ephemeralHammingWeight,
                                             boolean testOnly) {
    public BootstrappingParametersLiteral {
        residualLogQ = residualLogQ.clone();
        logP = logP.clone();
        slotsToCoeffsLogQ = slotsToCoeffsLogQ.clone();
        coeffsToSlotsLogQ = coeffsToSlotsLogQ.clone();
    }

    @Override
    public int[] residualLogQ() {
        return residualLogQ.clone();
    }

    @Override
    public int[] logP() {
        return logP.clone();
    }

    @Override
    public int[] slotsToCoeffsLogQ() {
        return slotsToCoeffsLogQ.clone();
    }

    @Override
    public int[] coeffsToSlotsLogQ() {
        return coeffsToSlotsLogQ.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BootstrappingParametersLiteral l && toString().equals(l.toString());
    }

    @Override
    public int hashCode() {
        return toString().hashCode();
    }

    @Override
    public String toString() {
        return "BootstrappingParametersLiteral[logN=" + logN + ", residualLogQ=" + Arrays.toString(residualLogQ)
                + ", logP=" + Arrays.toString(logP) + ", logDefaultScale=" + logDefaultScale + ", secret=" + secret
                + ", dnum=" + dnum + ", slotsToCoeffsLogQ=" + Arrays.toString(slotsToCoeffsLogQ) + ", evalModLogQ="
                + evalModLogQ + ", coeffsToSlotsLogQ=" + Arrays.toString(coeffsToSlotsLogQ) + ", K=" + k
                + ", cosineDegree=" + cosineDegree + ", doubleAngles=" + doubleAngles + ", arcsinDegree="
                + arcsinDegree + ", ephemeralHammingWeight=" + ephemeralHammingWeight + ", testOnly=" + testOnly + "]";
    }
}

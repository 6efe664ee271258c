package dev.olafhe.bench;

import dev.olafhe.ckks.CkksParametersLiteral;
import dev.olafhe.ckks.SecretDistribution;

import static dev.olafhe.ckks.CkksParametersLiteral.concat;
import static dev.olafhe.ckks.CkksParametersLiteral.repeat;

/** The parameter sets the benchmarks run on. */
final class BenchParameters {
    private BenchParameters() {
    }

    /**
     * logN 16, 128-bit secure (uniform ternary secret):
     * <ul>
     *   <li>q_0 = 60 bits: holds the final message (Δ = 2^45 plus ~15 bits of head room);</li>
     *   <li>26 × 45-bit primes close to Δ: 26 levels, each rescale keeps the scale near 2^45;</li>
     *   <li>4 × 61-bit special primes: digits of α = 4 Q primes (≤ 195 bits) stay below P (244 bits), so
     *       dnum = ⌈27/4⌉ = 7 and one switching key is 7·2·31·2^16·8 B ≈ 227 MB;</li>
     *   <li>log QP = 60 + 26·45 + 4·61 ≈ 1474 ≤ 1747 (HE standard bound for logN 16), validated by
     *       {@link dev.olafhe.ckks.CkksParameters#of}.</li>
     * </ul>
     */
    static CkksParametersLiteral logN16() {
        return new CkksParametersLiteral(16, concat(new int[] {60}, repeat(45, 26)), repeat(61, 4), 45,
                SecretDistribution.uniformTernary(), 0, false);
    }
}

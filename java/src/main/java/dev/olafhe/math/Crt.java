package dev.olafhe.math;

import java.math.BigInteger;

/** Chinese remaindering: reconstructs an integer mod Q = ∏ q_i from its residues. */
public final class Crt {
    private final long[] moduli;
    private final BigInteger product;
    private final BigInteger half;
    private final BigInteger[] basis; // (Q/q_i) · ((Q/q_i)^-1 mod q_i)

    public Crt(long[] moduli) {
        this.moduli = moduli.clone();
        BigInteger p = BigInteger.ONE;
        for (long q : moduli) {
            p = p.multiply(BigInteger.valueOf(q));
        }
        product = p;
        half = p.shiftRight(1);
        basis = new BigInteger[moduli.length];
        for (int i = 0; i < moduli.length; i++) {
            BigInteger qi = BigInteger.valueOf(moduli[i]);
            BigInteger qHat = p.divide(qi);
            basis[i] = qHat.multiply(qHat.mod(qi).modInverse(qi));
        }
    }

    public BigInteger modulusProduct() {
        return product;
    }

    /** The representative in [0, Q). */
    public BigInteger reconstruct(long[] residues) {
        BigInteger acc = BigInteger.ZERO;
        for (int i = 0; i < moduli.length; i++) {
            acc = acc.add(basis[i].multiply(BigInteger.valueOf(residues[i])));
        }
        return acc.mod(product);
    }

    /** The centred representative in (-Q/2, Q/2]. */
    public BigInteger reconstructCentred(long[] residues) {
        BigInteger r = reconstruct(residues);
        return r.compareTo(half) > 0 ? r.subtract(product) : r;
    }
}

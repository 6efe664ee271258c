package dev.olafhe.ckks;

/** Galois elements of Z_2N^*: 5^k for rotations, 2N − 1 for conjugation. */
public final class GaloisElements {
    private GaloisElements() {
    }

    /** Element for a left rotation by {@code step} slots (output slot j = input slot j + step): 5^step mod 2N. */
    public static long forRotation(int step, int logN) {
        long twoN = 2L << logN;
        int order = 1 << (logN - 1); // 5 has order N/2 in Z_2N^*
        long exponent = Math.floorMod(step, order);
        long result = 1;
        long base = 5;
        while (exponent > 0) {
            if ((exponent & 1) == 1) {
                result = result * base % twoN;
            }
            base = base * base % twoN;
            exponent >>= 1;
        }
        return result;
    }

    /** Element for complex conjugation of every slot: 2N − 1 ≡ −1. */
    public static long forConjugation(int logN) {
        return (2L << logN) - 1;
    }

    /** g^-1 mod 2N. */
    public static long inverse(long galoisElement, int logN) {
        long twoN = 2L << logN;
        return java.math.BigInteger.valueOf(galoisElement).modInverse(java.math.BigInteger.valueOf(twoN)).longValue();
    }
}

package dev.olafhe.ckks;

/**
 * Distribution of the secret key's coefficients: uniform ternary ({-1, 0, 1} with probability 1/3 each,
 * {@code hammingWeight == 0}) or ternary with exactly {@code hammingWeight} non-zero coefficients.
 */
public record SecretDistribution(int hammingWeight) {
    public SecretDistribution {
        if (hammingWeight < 0) {
            throw new IllegalArgumentException("Hamming weight must be >= 0, got " + hammingWeight);
        }
    }

    public static SecretDistribution uniformTernary() {
        return new SecretDistribution(0);
    }

    public static SecretDistribution fixedHammingWeight(int h) {
        if (h == 0) {
            throw new IllegalArgumentException("a fixed Hamming weight must be positive");
        }
        return new SecretDistribution(h);
    }

    public boolean isUniformTernary() {
        return hammingWeight == 0;
    }

    @Override
    public String toString() {
        return isUniformTernary() ? "ternary" : "ternary(h=" + hammingWeight + ")";
    }
}

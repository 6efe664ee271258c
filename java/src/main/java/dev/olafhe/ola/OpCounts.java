package dev.olafhe.ola;

/**
 * Homomorphic operation counts of evaluating one polynomial: ciphertext-ciphertext multiplications (each with a
 * relinearization), ciphertext-constant multiplications, and the multiplicative depth in levels.
 */
public record OpCounts(int nonScalarMultiplications, int scalarMultiplications, int depth) {
    /** Sequential composition (p2 o p1): operations add up, and so do the levels. */
    public OpCounts then(OpCounts next) {
        return new OpCounts(nonScalarMultiplications + next.nonScalarMultiplications,
                scalarMultiplications + next.scalarMultiplications, depth + next.depth);
    }
}

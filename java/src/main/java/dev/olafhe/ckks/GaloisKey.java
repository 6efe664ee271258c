package dev.olafhe.ckks;

/**
 * Key for the automorphism X -> X^g: switches from s to σ_g^-1(s), so that key switching c_1 and then
 * applying σ_g yields a ciphertext under s (Lattigo's order: key switch first, permute after).
 */
public record GaloisKey(long galoisElement, SwitchingKey key) implements AutoCloseable {
    @Override
    public void close() {
        key.close();
    }
}

package dev.olafhe.ckks;

/** Key switching s² -> s, used after a ciphertext-ciphertext product. */
public record RelinearizationKey(SwitchingKey key) implements AutoCloseable {
    @Override
    public void close() {
        key.close();
    }
}

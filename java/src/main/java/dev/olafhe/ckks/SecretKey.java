package dev.olafhe.ckks;

import dev.olafhe.backend.DevicePoly;

/** The secret key s over Q_L ∪ P, NTT domain. Stays on the client: the evaluator never receives it. */
public final class SecretKey implements AutoCloseable {
    private final DevicePoly value;

    SecretKey(DevicePoly value) {
        this.value = value;
    }

    DevicePoly value() {
        return value;
    }

    @Override
    public void close() {
        value.close();
    }
}

package dev.olafhe.ckks;

import dev.olafhe.backend.DevicePoly;

/** Public key (b, a) = (−a·s + e, a) over Q_L, NTT domain. */
public final class PublicKey implements AutoCloseable {
    private final DevicePoly b;
    private final DevicePoly a;

    PublicKey(DevicePoly b, DevicePoly a) {
        this.b = b;
        this.a = a;
    }

    DevicePoly b() {
        return b;
    }

    DevicePoly a() {
        return a;
    }

    @Override
    public void close() {
        b.close();
        a.close();
    }
}

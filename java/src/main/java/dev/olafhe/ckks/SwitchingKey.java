package dev.olafhe.ckks;

import dev.olafhe.backend.DevicePoly;

/**
 * A hybrid key-switching key from s' to s: for each digit j, (b_j, a_j) over Q_L ∪ P in the NTT domain
 * with b_j = −a_j·s + e_j + P·g_j·s', where g_j is the CRT idempotent of digit j (1 mod its primes,
 * 0 mod the other Q primes).
 */
public final class SwitchingKey implements AutoCloseable {
    private final DevicePoly[] b;
    private final DevicePoly[] a;

    SwitchingKey(DevicePoly[] b, DevicePoly[] a) {
        this.b = b;
        this.a = a;
    }

    DevicePoly[] b() {
        return b;
    }

    DevicePoly[] a() {
        return a;
    }

    public int digits() {
        return b.length;
    }

    @Override
    public void close() {
        for (DevicePoly p : b) {
            p.close();
        }
        for (DevicePoly p : a) {
            p.close();
        }
    }
}

package dev.olafhe.ckks;

import dev.olafhe.backend.DevicePoly;

import java.util.Optional;

/**
 * A hybrid key-switching key from s' to s: for each digit j, (b_j, a_j) over Q_ℓ ∪ P in the NTT domain
 * with b_j = −a_j·s + e_j + P·g_j·s', where g_j is the CRT idempotent of digit j (1 mod its primes,
 * 0 mod the other Q primes of Q_ℓ). A key at level ℓ switches ciphertexts at any level ≤ ℓ.
 *
 * <p>Keys from {@link KeyGenerator} are <em>seeded</em>: every a_j is expanded from one 256-bit seed, so a
 * file needs only the b_j and the seed (half the size); loading regenerates the a_j bit for bit.
 */
public final class SwitchingKey implements AutoCloseable {
    private final DevicePoly[] b;
    private final DevicePoly[] a;
    private final byte[] seed;

    SwitchingKey(DevicePoly[] b, DevicePoly[] a) {
        this(b, a, null);
    }

    /** @param seed the seed the a_j were expanded from ({@link SeedExpander}), or null */
    SwitchingKey(DevicePoly[] b, DevicePoly[] a, byte[] seed) {
        this.b = b;
        this.a = a;
        this.seed = seed == null ? null : seed.clone();
    }

    DevicePoly[] b() {
        return b;
    }

    DevicePoly[] a() {
        return a;
    }

    Optional<byte[]> seed() {
        return Optional.ofNullable(seed).map(byte[]::clone);
    }

    /** True when the uniform halves a_j can be regenerated from a seed (stored at half size). */
    public boolean isSeeded() {
        return seed != null;
    }

    public int digits() {
        return b.length;
    }

    /** The highest ciphertext level this key can switch. */
    public int level() {
        return b[0].qCount() - 1;
    }

    /** Bytes of residues held in backend memory (both halves). */
    public long bytesInMemory() {
        long limbs = 0;
        for (int j = 0; j < b.length; j++) {
            limbs += b[j].limbCount() + a[j].limbCount();
        }
        return limbs * b[0].ring().n() * Long.BYTES;
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

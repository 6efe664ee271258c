package dev.olafhe.ckks;

import dev.olafhe.backend.DevicePoly;

import java.util.Optional;

/**
 * A hybrid key-switching key from s' to s: for each digit j, (b_j, a_j) over Q_ℓ ∪ P in the NTT domain
 * with b_j = −a_j·s + e_j + P·g_j·s', where g_j is the CRT idempotent of digit j (1 mod its primes,
 * 0 mod the other Q primes of Q_ℓ). A key at level ℓ switches ciphertexts at any level ≤ ℓ.
 *
 * <p>Keys from {@link KeyGenerator} are <em>seeded</em>: every a_j is expanded from one 256-bit seed, so a
 * file needs only the b_j and the seed (half the size); loading regenerates the a_j bit for bit. A seeded
 * key can also be kept <em>compact</em> in memory ({@link #dropUniformHalves}): the a_j are then expanded
 * again at every key switch, trading time (AES-CTR expansion and upload of the digits in use) for half
 * the memory; results stay bit-identical.
 */
public final class SwitchingKey implements AutoCloseable {
    private final DevicePoly[] b;
    private DevicePoly[] a; // null when compact: expanded from the seed on use
    private final byte[] seed;

    SwitchingKey(DevicePoly[] b, DevicePoly[] a) {
        this(b, a, null);
    }

    /**
     * @param a    the uniform halves, or null for a compact key (then seed is required)
     * @param seed the seed the a_j were expanded from ({@link SeedExpander}), or null
     */
    SwitchingKey(DevicePoly[] b, DevicePoly[] a, byte[] seed) {
        if (a == null && seed == null) {
            throw new IllegalArgumentException("a compact switching key needs the seed of its uniform halves");
        }
        this.b = b;
        this.a = a;
        this.seed = seed == null ? null : seed.clone();
    }

    DevicePoly[] b() {
        return b;
    }

    /**
     * The first {@code count} a_j over Q_level ∪ P: the resident polys, or (compact key) fresh expansions
     * that the caller must close; {@link #isCompact()} tells which.
     */
    DevicePoly[] a(CkksContext context, int count, int level) {
        if (a != null) {
            return java.util.Arrays.copyOf(a, count);
        }
        DevicePoly[] expanded = new DevicePoly[count];
        for (int j = 0; j < count; j++) {
            expanded[j] = HostPolys.uniformNttFromSeed(context, seed, j, level + 1, b[j].pCount());
        }
        return expanded;
    }

    /** The resident a_j; only for keys that are not compact. */
    DevicePoly[] a() {
        if (a == null) {
            throw new IllegalStateException("the key is compact: its uniform halves are not resident");
        }
        return a;
    }

    /** True when the a_j are not held in memory but expanded from the seed at every use. */
    public boolean isCompact() {
        return a == null;
    }

    /**
     * Frees the uniform halves a_j; later key switches expand them from the seed (see the class comment).
     *
     * @throws IllegalStateException for a key without a seed (its a_j cannot be regenerated)
     */
    public void dropUniformHalves() {
        if (seed == null) {
            throw new IllegalStateException("only seeded keys can drop their uniform halves; this key has no seed");
        }
        if (a != null) {
            for (DevicePoly p : a) {
                p.close();
            }
            a = null;
        }
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

    /** Bytes of residues held in backend memory (both halves, or only the b_j when compact). */
    public long bytesInMemory() {
        long limbs = 0;
        for (int j = 0; j < b.length; j++) {
            limbs += b[j].limbCount() * (a == null ? 1L : 2L);
        }
        return limbs * b[0].ring().n() * Long.BYTES;
    }

    @Override
    public void close() {
        for (DevicePoly p : b) {
            p.close();
        }
        if (a != null) {
            for (DevicePoly p : a) {
                p.close();
            }
        }
    }
}

package dev.olafhe.ckks;

import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;

/**
 * Expands a 256-bit seed into uniform residues mod q with AES-256 in counter mode, so that the uniform
 * half 'a' of a switching key can be stored as its seed and regenerated bit for bit (seeded keys, as in
 * SEAL and Lattigo). Each (stream, limb) pair gets its own counter block, so limbs are independent and a
 * key generated at a lower level regenerates the same limbs. Values are drawn by rejection sampling
 * (mask to the bit length of q, reject ≥ q), which keeps them exactly uniform.
 */
final class SeedExpander {
    static final int SEED_BYTES = 32;
    /** Limb ids: Q limb i is i, P limb k is P_LIMB_BASE + k (stable across levels). */
    static final int P_LIMB_BASE = 0x10000;
    private static final int DOMAIN_TAG = 0x4B535741; // "KSWA": key-switching 'a' polynomials
    private static final int CHUNK_BYTES = 8192;

    private SeedExpander() {
    }

    /** N uniform residues in [0, modulus) for one limb of polynomial {@code stream} of the key. */
    static long[] uniform(byte[] seed, int stream, int limbId, long modulus, int n) {
        if (seed.length != SEED_BYTES) {
            throw new IllegalArgumentException("a key seed has " + SEED_BYTES + " bytes, got " + seed.length);
        }
        Cipher aes;
        try {
            aes = Cipher.getInstance("AES/CTR/NoPadding");
            byte[] iv = ByteBuffer.allocate(16).putInt(DOMAIN_TAG).putInt(stream).putInt(limbId).putInt(0).array();
            aes.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(seed, "AES"), new IvParameterSpec(iv));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/CTR is required of every Java platform", e);
        }
        long mask = -1L >>> Long.numberOfLeadingZeros(modulus);
        byte[] zeros = new byte[CHUNK_BYTES];
        byte[] keystream = new byte[CHUNK_BYTES];
        ByteBuffer words = ByteBuffer.wrap(keystream);
        long[] out = new long[n];
        int filled = 0;
        while (filled < n) {
            try {
                aes.update(zeros, 0, CHUNK_BYTES, keystream, 0);
            } catch (javax.crypto.ShortBufferException e) {
                throw new IllegalStateException(e); // the output buffer is as long as the input
            }
            words.rewind();
            while (words.hasRemaining() && filled < n) {
                long v = words.getLong() & mask;
                if (v < modulus) {
                    out[filled++] = v;
                }
            }
        }
        return out;
    }
}

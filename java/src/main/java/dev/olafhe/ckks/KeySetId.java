package dev.olafhe.ckks;

import dev.olafhe.backend.DevicePoly;
import dev.olafhe.ckks.io.ContainerFormat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The identity of a key set: the secret key and everything generated from it (public key, evaluation and switching
 * keys) and every ciphertext encrypted under it. It is the first 16 bytes of SHA-256 over the public key as it is
 * serialized (its limbs, big-endian, b then a) and the parameter fingerprint, fixed when the keys are generated and
 * written into the header of every file of the set, so that a ciphertext, key or key directory of another key set is
 * refused with both identities named instead of decrypting to noise.
 *
 * @param high the first 8 bytes of the identity
 * @param low  the next 8 bytes
 */
public record KeySetId(long high, long low) {
    /** No key set: objects that belong to none (parameters, plaintexts) or were written without one. */
    public static final KeySetId NONE = new KeySetId(0, 0);

    private static final byte[] DOMAIN = "OLAFHE-keyset-1".getBytes(StandardCharsets.US_ASCII);

    /** The identity of the key set {@code publicKey} was generated in (downloads and hashes it: call it once). */
    public static KeySetId of(CkksContext context, PublicKey publicKey) {
        MessageDigest sha = sha256();
        sha.update(DOMAIN);
        sha.update(ParameterFingerprint.of(context.params()));
        for (DevicePoly half : new DevicePoly[] {publicKey.b(), publicKey.a()}) {
            for (long[] limb : context.backend().download(half)) {
                ByteBuffer bytes = ByteBuffer.allocate(limb.length * Long.BYTES);
                bytes.asLongBuffer().put(limb);
                sha.update(bytes.array());
            }
        }
        return fromBytes(sha.digest());
    }

    /** The identity in its first {@value ContainerFormat#KEY_SET_BYTES} bytes (as stored in a file header). */
    public static KeySetId fromBytes(byte[] bytes) {
        if (bytes.length < ContainerFormat.KEY_SET_BYTES) {
            throw new IllegalArgumentException("a key-set identity has " + ContainerFormat.KEY_SET_BYTES + " bytes, got "
                    + bytes.length);
        }
        ByteBuffer b = ByteBuffer.wrap(bytes);
        return new KeySetId(b.getLong(), b.getLong());
    }

    /** The identity as 32 hex digits (what {@link #toString()} prints). */
    public static KeySetId parse(String hex) {
        if (hex.length() != 2 * ContainerFormat.KEY_SET_BYTES) {
            throw new IllegalArgumentException("a key-set identity is " + 2 * ContainerFormat.KEY_SET_BYTES
                    + " hex digits, got '" + hex + "'");
        }
        return fromBytes(HexFormat.of().parseHex(hex));
    }

    public byte[] toBytes() {
        return ByteBuffer.allocate(ContainerFormat.KEY_SET_BYTES).putLong(high).putLong(low).array();
    }

    public boolean isNone() {
        return equals(NONE);
    }

    /** 32 hex digits, or "none" for {@link #NONE}. */
    @Override
    public String toString() {
        return isNone() ? "none" : HexFormat.of().formatHex(toBytes());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }
}

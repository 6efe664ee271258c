package dev.olafhe.ckks;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * SHA-256 over everything that makes objects of two parameter sets incompatible: ring degree, the actual
 * Q and P primes (not just their sizes, so a change in prime generation is caught too), key-switching
 * digit size, secret distribution and default scale. Stored in every file and compared on load.
 */
public final class ParameterFingerprint {
    private ParameterFingerprint() {
    }

    public static byte[] of(CkksParameters params) {
        long[] q = params.qModuli();
        long[] p = params.pModuli();
        ByteBuffer b = ByteBuffer.allocate(64 + 8 * (q.length + p.length));
        b.put("OLAFHE-params-1".getBytes(StandardCharsets.US_ASCII));
        b.putInt(params.logN()).putInt(q.length).putInt(p.length);
        Arrays.stream(q).forEach(b::putLong);
        Arrays.stream(p).forEach(b::putLong);
        b.putInt(params.digitSize()).putInt(params.secret().hammingWeight()).putInt(params.logDefaultScale());
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(b.array(), 0, b.position());
            return sha.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }

    /** The first 8 bytes in hex: enough to tell parameter sets apart in messages. */
    public static String shortHex(byte[] fingerprint) {
        return HexFormat.of().formatHex(fingerprint, 0, 8);
    }

    /** The parameters in one line, stored next to the fingerprint so errors can say what a file needs. */
    static String summary(CkksParameters params) {
        return "logN=" + params.logN() + " logQ=" + Arrays.toString(params.literal().logQ()) + " logP="
                + Arrays.toString(params.literal().logP()) + " scale=2^" + params.logDefaultScale() + " secret="
                + params.secret() + " digits of " + params.digitSize() + " primes";
    }
}

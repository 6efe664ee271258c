package dev.olafhe.ckks;

import dev.olafhe.backend.Backend;
import dev.olafhe.backend.DevicePoly;
import dev.olafhe.ckks.io.ContainerHeader;
import dev.olafhe.ckks.io.ContainerReader;
import dev.olafhe.ckks.io.ContainerWriter;
import dev.olafhe.ckks.io.FheFormatException;
import dev.olafhe.ckks.io.MetadataReader;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The part of reading and writing that every object kind shares, bound to one context and optionally one key set:
 * the header (kind, parameter fingerprint and key-set identity checked on read), the polynomial blocks (every residue
 * checked against its modulus), and the common metadata fields (level, scale), each checked against the parameters
 * before anything is allocated.
 */
final class ObjectFraming {
    /** Longer scale texts are refused unparsed: a scale written by this library is at most ~60 characters. */
    private static final int MAX_SCALE_CHARACTERS = 200;
    private static final int MAX_QUOTED_CHARACTERS = 200;

    private final CkksContext context;
    private final CkksParameters params;
    private final Backend backend;
    private final byte[] fingerprint;
    private final String summary;
    private final KeySetId keySet;
    private final String keysDescription;

    /**
     * @param keySet          stamped on written objects of a key set and required of read ones; {@link KeySetId#NONE}
     *                        stamps none and accepts any
     * @param keysDescription where the expected keys come from, for error messages (e.g. "the keys in keys/")
     */
    ObjectFraming(CkksContext context, KeySetId keySet, String keysDescription) {
        this.context = context;
        this.params = context.params();
        this.backend = context.backend();
        this.fingerprint = ParameterFingerprint.of(params);
        this.summary = ParameterFingerprint.summary(params);
        this.keySet = keySet;
        this.keysDescription = keysDescription;
    }

    CkksContext context() {
        return context;
    }

    CkksParameters params() {
        return params;
    }

    KeySetId keySet() {
        return keySet;
    }

    String keysDescription() {
        return keysDescription;
    }

    <T> void writeObject(ObjectCodec<T> codec, T value, ContainerWriter out) throws IOException {
        KeySetId stamp = codec.kind().belongsToKeySet() ? keySet : KeySetId.NONE;
        out.writeHeader(codec.kind().code(), fingerprint, stamp.toBytes(), summary, codec.metadata(value));
        codec.writeBody(value, out);
    }

    /** Reads one object; when this framing is bound to a key set, an object of another key set is refused. */
    <T> T readObject(ObjectCodec<T> codec, ContainerReader in) throws IOException {
        ContainerHeader header = readHeader(codec.kind(), in);
        KeySetId stored = KeySetId.fromBytes(header.keySet());
        ObjectKind kind = codec.kind();
        if (kind.belongsToKeySet() && !keySet.isNone() && !stored.equals(keySet)) {
            throw in.fail(keySetMismatch(kind, stored, keySet, keysDescription));
        }
        return codec.read(header.metadataReader(in.source()), in, stored);
    }

    /** Why an object of key set {@code stored} is refused where {@code keysDescription} (key set {@code expected}) are. */
    static String keySetMismatch(ObjectKind kind, KeySetId stored, KeySetId expected, String keysDescription) {
        return stored.isNone()
                ? "the " + kind + " carries no key-set identity (written without one), but " + keysDescription
                + " are key set " + expected
                : "the " + kind + " belongs to key set " + stored + ", but " + keysDescription + " are key set "
                + expected;
    }

    /** Reads an object nested in another (a key of a key set): it must carry the enclosing object's key set. */
    <T> T readMember(ObjectCodec<T> codec, ContainerReader in, KeySetId enclosing) throws IOException {
        ContainerHeader header = readHeader(codec.kind(), in);
        KeySetId stored = KeySetId.fromBytes(header.keySet());
        if (!stored.equals(enclosing)) {
            throw in.fail("the " + codec.kind() + " belongs to key set " + stored + ", not to the key set " + enclosing
                    + " of the file it is in");
        }
        return codec.read(header.metadataReader(in.source()), in, stored);
    }

    private ContainerHeader readHeader(ObjectKind kind, ContainerReader in) throws IOException {
        ContainerHeader header = in.readHeader();
        checkKind(in, header, kind);
        if (!Arrays.equals(header.fingerprint(), fingerprint)) {
            throw in.fail("the " + kind + " was written for other CKKS parameters (" + shortened(header.parameterSummary())
                    + "; fingerprint " + ParameterFingerprint.shortHex(header.fingerprint()) + ") than this context's ("
                    + summary + "; fingerprint " + ParameterFingerprint.shortHex(fingerprint)
                    + "); load it into a context built from the parameters it was written with");
        }
        return header;
    }

    /** A stored text quoted in a message, cut to a readable length (a damaged file may store 64 KiB there). */
    private static String shortened(String text) {
        return text.length() <= MAX_QUOTED_CHARACTERS ? text : text.substring(0, MAX_QUOTED_CHARACTERS) + "…";
    }

    static void checkKind(ContainerReader in, ContainerHeader header, ObjectKind expected) throws FheFormatException {
        if (header.kindCode() != expected.code()) {
            ObjectKind actual = ObjectKind.ofCode(header.kindCode());
            throw in.fail(actual == null
                    ? "unknown object kind code " + header.kindCode() + " (written by a newer OLA-FHE?)"
                    : "holds a " + actual + ", not the " + expected + " that was asked for");
        }
    }

    static void closeQuietly(Object value) {
        if (value instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception ignored) {
                // already failing; the original error matters
            }
        }
    }

    // ---- polynomials -------------------------------------------------------------------------------

    void writePoly(DevicePoly poly, ContainerWriter out) throws IOException {
        for (long[] limb : backend.download(poly)) {
            out.writeBlock(limb);
        }
    }

    void writePolys(DevicePoly[] polys, ContainerWriter out) throws IOException {
        for (DevicePoly poly : polys) {
            writePoly(poly, out);
        }
    }

    /** Reads the limbs of one poly, checks every residue against its modulus, then uploads it. */
    DevicePoly readPoly(ContainerReader in, int qCount, int pCount, String what) throws IOException {
        int n = params.n();
        long[][] limbs = new long[qCount + pCount][];
        for (int l = 0; l < limbs.length; l++) {
            boolean isQ = l < qCount;
            long modulus = isQ ? params.q(l) : params.pModuli()[l - qCount];
            String limbName = what + ", limb " + (isQ ? "q" + l : "p" + (l - qCount));
            limbs[l] = in.readBlock(n, limbName);
            for (int i = 0; i < n; i++) {
                if (Long.compareUnsigned(limbs[l][i], modulus) >= 0) {
                    throw in.fail(limbName + " holds residue " + Long.toUnsignedString(limbs[l][i]) + " >= modulus "
                            + modulus + " at index " + i + " (written by a faulty writer?)");
                }
            }
        }
        DevicePoly poly = backend.allocate(context.ring(), qCount, pCount);
        backend.upload(limbs, poly);
        return poly;
    }

    /** Reads {@code count} polys of one shape; frees the ones read so far when one fails. */
    DevicePoly[] readPolys(ContainerReader in, int count, int qCount, int pCount, String what) throws IOException {
        List<DevicePoly> polys = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                polys.add(readPoly(in, qCount, pCount, what + " " + i));
            }
        } catch (IOException | RuntimeException e) {
            polys.forEach(DevicePoly::close);
            throw e;
        }
        return polys.toArray(new DevicePoly[0]);
    }

    // ---- common metadata fields --------------------------------------------------------------------

    int readLevel(MetadataReader meta) throws FheFormatException {
        return meta.getInt("level", 0, params.maxLevel());
    }

    /** A slot count of 2^0 .. N/2 (as the encoder makes them). */
    int readLogSlots(MetadataReader meta) throws FheFormatException {
        return meta.getInt("logSlots", 0, params.logMaxSlots());
    }

    /** A positive decimal whose double value is finite and non-zero (decoding divides by it). */
    BigDecimal readScale(MetadataReader meta, ContainerReader in) throws FheFormatException {
        String text = meta.getString("scale");
        if (text.length() > MAX_SCALE_CHARACTERS) {
            throw in.fail("scale has " + text.length() + " characters, more than the " + MAX_SCALE_CHARACTERS
                    + " a scale needs");
        }
        BigDecimal scale;
        try {
            scale = new BigDecimal(text);
        } catch (NumberFormatException e) {
            throw in.fail("scale '" + text + "' is not a decimal number");
        }
        double value = scale.doubleValue();
        if (scale.signum() <= 0 || value == 0 || Double.isInfinite(value)) {
            throw in.fail("scale " + text + " is not a positive number within double range");
        }
        return scale;
    }
}

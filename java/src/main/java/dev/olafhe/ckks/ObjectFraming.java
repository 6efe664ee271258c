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
 * The part of reading and writing that every object kind shares, bound to one context: the header (kind and
 * parameter fingerprint checked on read), the polynomial blocks (every residue checked against its modulus),
 * and the common metadata fields (level, scale).
 */
final class ObjectFraming {
    private final CkksContext context;
    private final CkksParameters params;
    private final Backend backend;
    private final byte[] fingerprint;
    private final String summary;

    ObjectFraming(CkksContext context) {
        this.context = context;
        this.params = context.params();
        this.backend = context.backend();
        this.fingerprint = ParameterFingerprint.of(params);
        this.summary = ParameterFingerprint.summary(params);
    }

    CkksContext context() {
        return context;
    }

    CkksParameters params() {
        return params;
    }

    <T> void writeObject(ObjectCodec<T> codec, T value, ContainerWriter out) throws IOException {
        out.writeHeader(codec.kind().code(), fingerprint, summary, codec.metadata(value));
        codec.writeBody(value, out);
    }

    <T> T readObject(ObjectCodec<T> codec, ContainerReader in) throws IOException {
        ContainerHeader header = in.readHeader();
        checkKind(in, header, codec.kind());
        if (!Arrays.equals(header.fingerprint(), fingerprint)) {
            throw in.fail("the " + codec.kind() + " was written for other CKKS parameters (" + header.parameterSummary()
                    + "; fingerprint " + ParameterFingerprint.shortHex(header.fingerprint()) + ") than this context's ("
                    + summary + "; fingerprint " + ParameterFingerprint.shortHex(fingerprint)
                    + "); load it into a context built from the parameters it was written with");
        }
        return codec.read(header.metadataReader(in.source()), in);
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

    BigDecimal readScale(MetadataReader meta, ContainerReader in) throws FheFormatException {
        String text = meta.getString("scale");
        try {
            BigDecimal scale = new BigDecimal(text);
            if (scale.signum() <= 0) {
                throw in.fail("scale " + text + " is not positive");
            }
            return scale;
        } catch (NumberFormatException e) {
            throw in.fail("scale '" + text + "' is not a decimal number");
        }
    }
}

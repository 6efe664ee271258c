package dev.olafhe.ckks;

import dev.olafhe.ckks.io.ContainerHeader;
import dev.olafhe.ckks.io.ContainerReader;
import dev.olafhe.ckks.io.ContainerWriter;
import dev.olafhe.ckks.io.FheFormatException;
import dev.olafhe.ckks.io.MetadataReader;
import dev.olafhe.ckks.io.MetadataWriter;
import dev.olafhe.math.Modulus;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * The layout of a parameters file: the literal and the generated primes. Reading bounds every field, validates the
 * literal and regenerates the primes, which must equal the stored ones (so a change in prime generation is caught).
 */
final class ParametersCodec {
    /** Bounds on the chain a file may ask for, so that a crafted one cannot make prime generation run long. */
    static final int MAX_Q_PRIMES = 256;
    static final int MAX_P_PRIMES = 64;

    private ParametersCodec() {
    }

    static void write(CkksParameters params, OutputStream out) throws IOException {
        CkksParametersLiteral lit = params.literal();
        byte[] meta = new MetadataWriter().putInt(lit.logN()).putInts(lit.logQ()).putInts(lit.logP())
                .putInt(lit.logDefaultScale()).putInt(lit.secret().hammingWeight()).putInt(lit.dnum())
                .putBoolean(lit.testOnly()).putLongs(params.qModuli()).putLongs(params.pModuli()).toByteArray();
        new ContainerWriter(out).writeHeader(ObjectKind.PARAMETERS.code(), ParameterFingerprint.of(params),
                KeySetId.NONE.toBytes(), ParameterFingerprint.summary(params), meta);
    }

    static CkksParameters read(ContainerReader reader) throws IOException {
        ContainerHeader header = reader.readHeader();
        ObjectFraming.checkKind(reader, header, ObjectKind.PARAMETERS);
        MetadataReader meta = header.metadataReader(reader.source());
        int logN = meta.getInt("logN", CkksParameters.MIN_LOG_N, CkksParameters.MAX_LOG_N);
        int[] logQ = primeSizes(meta, "logQ", MAX_Q_PRIMES, logN, reader);
        int[] logP = primeSizes(meta, "logP", MAX_P_PRIMES, logN, reader);
        int logScale = meta.getInt("logDefaultScale");
        int hammingWeight = meta.getInt("hammingWeight", 0, 1 << logN);
        int dnum = meta.getInt("dnum", 0, logQ.length);
        boolean testOnly = meta.getBoolean("testOnly");
        long[] q = meta.getLongs("q primes");
        long[] p = meta.getLongs("p primes");
        meta.expectEnd();
        if (q.length != logQ.length || p.length != logP.length) {
            throw reader.fail("the file lists " + q.length + " Q and " + p.length + " P primes for a chain of "
                    + logQ.length + " and " + logP.length);
        }
        CkksParameters params;
        try {
            params = CkksParameters.of(new CkksParametersLiteral(logN, logQ, logP, logScale,
                    new SecretDistribution(hammingWeight), dnum, testOnly));
        } catch (IllegalArgumentException | IllegalStateException e) { // IllegalStateException: ran out of primes
            throw reader.fail("the stored parameters are not valid in this build: " + e.getMessage());
        }
        if (!Arrays.equals(q, params.qModuli()) || !Arrays.equals(p, params.pModuli())
                || !Arrays.equals(header.fingerprint(), ParameterFingerprint.of(params))) {
            throw reader.fail("the stored parameters regenerate other primes in this build (prime generation "
                    + "changed?); objects written for them cannot be used here");
        }
        return params;
    }

    /** A list of 1..max prime bit sizes, each one an NTT-friendly prime of ring degree 2^logN can have. */
    private static int[] primeSizes(MetadataReader meta, String field, int max, int logN, ContainerReader reader)
            throws FheFormatException {
        int[] bits = meta.getInts(field);
        if (bits.length < 1 || bits.length > max) {
            throw reader.fail("metadata field '" + field + "' lists " + bits.length + " primes, expected 1 to " + max);
        }
        for (int b : bits) {
            if (b < logN + 2 || b > Modulus.MAX_BITS) {
                throw reader.fail("metadata field '" + field + "' holds a " + b + "-bit prime; logN " + logN
                        + " needs " + (logN + 2) + " to " + Modulus.MAX_BITS + " bits");
            }
        }
        return bits;
    }
}

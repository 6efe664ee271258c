package dev.olafhe.ckks;

import dev.olafhe.ckks.io.ContainerHeader;
import dev.olafhe.ckks.io.ContainerReader;
import dev.olafhe.ckks.io.ContainerWriter;
import dev.olafhe.ckks.io.MetadataReader;
import dev.olafhe.ckks.io.MetadataWriter;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * The layout of a parameters file: the literal and the generated primes. Reading validates the literal and
 * regenerates the primes, which must equal the stored ones (so a change in prime generation is caught).
 */
final class ParametersCodec {
    private ParametersCodec() {
    }

    static void write(CkksParameters params, OutputStream out) throws IOException {
        CkksParametersLiteral lit = params.literal();
        byte[] meta = new MetadataWriter().putInt(lit.logN()).putInts(lit.logQ()).putInts(lit.logP())
                .putInt(lit.logDefaultScale()).putInt(lit.secret().hammingWeight()).putInt(lit.dnum())
                .putBoolean(lit.testOnly()).putLongs(params.qModuli()).putLongs(params.pModuli()).toByteArray();
        new ContainerWriter(out).writeHeader(ObjectKind.PARAMETERS.code(), ParameterFingerprint.of(params),
                ParameterFingerprint.summary(params), meta);
    }

    static CkksParameters read(ContainerReader reader) throws IOException {
        ContainerHeader header = reader.readHeader();
        ObjectFraming.checkKind(reader, header, ObjectKind.PARAMETERS);
        MetadataReader meta = header.metadataReader(reader.source());
        int logN = meta.getInt("logN");
        int[] logQ = meta.getInts("logQ");
        int[] logP = meta.getInts("logP");
        int logScale = meta.getInt("logDefaultScale");
        int hammingWeight = meta.getInt("hammingWeight", 0, Integer.MAX_VALUE);
        int dnum = meta.getInt("dnum");
        boolean testOnly = meta.getBoolean("testOnly");
        long[] q = meta.getLongs("q primes");
        long[] p = meta.getLongs("p primes");
        meta.expectEnd();
        CkksParameters params;
        try {
            params = CkksParameters.of(new CkksParametersLiteral(logN, logQ, logP, logScale,
                    new SecretDistribution(hammingWeight), dnum, testOnly));
        } catch (IllegalArgumentException e) {
            throw reader.fail("the stored parameters are not valid in this build: " + e.getMessage());
        }
        if (!Arrays.equals(q, params.qModuli()) || !Arrays.equals(p, params.pModuli())
                || !Arrays.equals(header.fingerprint(), ParameterFingerprint.of(params))) {
            throw reader.fail("the stored parameters regenerate other primes in this build (prime generation "
                    + "changed?); objects written for them cannot be used here");
        }
        return params;
    }
}

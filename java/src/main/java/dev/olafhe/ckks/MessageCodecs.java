package dev.olafhe.ckks;

import dev.olafhe.ckks.io.ContainerReader;
import dev.olafhe.ckks.io.ContainerWriter;
import dev.olafhe.ckks.io.MetadataReader;
import dev.olafhe.ckks.io.MetadataWriter;

import java.io.IOException;
import java.math.BigDecimal;

/** The layouts of ciphertexts and plaintexts: level, slots and scale in the metadata, then the polys. */
final class MessageCodecs {
    /** Bound on the number of parts of a stored ciphertext (degree ≤ 15): rejects corrupt counts early. */
    private static final int MAX_CIPHERTEXT_PARTS = 16;

    private MessageCodecs() {
    }

    static final class Ciphertexts implements ObjectCodec<Ciphertext> {
        private final ObjectFraming framing;

        Ciphertexts(ObjectFraming framing) {
            this.framing = framing;
        }

        public ObjectKind kind() {
            return ObjectKind.CIPHERTEXT;
        }

        public byte[] metadata(Ciphertext ct) {
            return new MetadataWriter().putInt(ct.degree() + 1).putInt(ct.level()).putInt(ct.logSlots())
                    .putString(ct.scale().toString()).toByteArray();
        }

        public void writeBody(Ciphertext ct, ContainerWriter out) throws IOException {
            framing.writePolys(ct.parts(), out);
        }

        public Ciphertext read(MetadataReader meta, ContainerReader in, KeySetId keySet) throws IOException {
            int parts = meta.getInt("parts", 1, MAX_CIPHERTEXT_PARTS);
            int level = framing.readLevel(meta);
            int logSlots = framing.readLogSlots(meta);
            BigDecimal scale = framing.readScale(meta, in);
            meta.expectEnd();
            return Ciphertext.of(framing.readPolys(in, parts, level + 1, 0, "ciphertext part"), level, scale, logSlots);
        }
    }

    static final class Plaintexts implements ObjectCodec<Plaintext> {
        private final ObjectFraming framing;

        Plaintexts(ObjectFraming framing) {
            this.framing = framing;
        }

        public ObjectKind kind() {
            return ObjectKind.PLAINTEXT;
        }

        public byte[] metadata(Plaintext pt) {
            return new MetadataWriter().putInt(pt.level()).putInt(pt.logSlots()).putString(pt.scale().toString())
                    .toByteArray();
        }

        public void writeBody(Plaintext pt, ContainerWriter out) throws IOException {
            framing.writePoly(pt.value(), out);
        }

        public Plaintext read(MetadataReader meta, ContainerReader in, KeySetId keySet) throws IOException {
            int level = framing.readLevel(meta);
            int logSlots = framing.readLogSlots(meta);
            BigDecimal scale = framing.readScale(meta, in);
            meta.expectEnd();
            return Plaintext.of(framing.readPoly(in, level + 1, 0, "plaintext"), level, scale, logSlots);
        }
    }
}

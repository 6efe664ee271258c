package dev.olafhe.ckks;

import dev.olafhe.backend.DevicePoly;
import dev.olafhe.ckks.io.ContainerReader;
import dev.olafhe.ckks.io.ContainerWriter;
import dev.olafhe.ckks.io.FheFormatException;
import dev.olafhe.ckks.io.MetadataReader;
import dev.olafhe.ckks.io.MetadataWriter;

import java.io.IOException;
import java.util.Arrays;

/** The layouts of the keys: public, secret, switching, and the two kinds that wrap a switching key. */
final class KeyCodecs {
    private KeyCodecs() {
    }

    /** Secret and public keys exist at the top level only (see {@link KeyGenerator}). */
    private static int readTopLevel(ObjectFraming framing, MetadataReader meta) throws FheFormatException {
        int top = framing.params().maxLevel();
        return meta.getInt("level", top, top);
    }

    static final class PublicKeys implements ObjectCodec<PublicKey> {
        private final ObjectFraming framing;

        PublicKeys(ObjectFraming framing) {
            this.framing = framing;
        }

        public ObjectKind kind() {
            return ObjectKind.PUBLIC_KEY;
        }

        public byte[] metadata(PublicKey pk) {
            return new MetadataWriter().putInt(pk.b().qCount() - 1).toByteArray();
        }

        public void writeBody(PublicKey pk, ContainerWriter out) throws IOException {
            framing.writePolys(new DevicePoly[] {pk.b(), pk.a()}, out);
        }

        public PublicKey read(MetadataReader meta, ContainerReader in, KeySetId keySet) throws IOException {
            int level = readTopLevel(framing, meta);
            meta.expectEnd();
            DevicePoly[] ba = framing.readPolys(in, 2, level + 1, 0, "public key half");
            return new PublicKey(ba[0], ba[1]);
        }
    }

    static final class SecretKeys implements ObjectCodec<SecretKey> {
        private final ObjectFraming framing;

        SecretKeys(ObjectFraming framing) {
            this.framing = framing;
        }

        public ObjectKind kind() {
            return ObjectKind.SECRET_KEY;
        }

        public byte[] metadata(SecretKey sk) {
            return new MetadataWriter().putInt(sk.value().qCount() - 1).putInt(sk.value().pCount()).toByteArray();
        }

        public void writeBody(SecretKey sk, ContainerWriter out) throws IOException {
            framing.writePoly(sk.value(), out);
        }

        public SecretKey read(MetadataReader meta, ContainerReader in, KeySetId keySet) throws IOException {
            int level = readTopLevel(framing, meta);
            int pCount = framing.params().pCount();
            meta.getInt("pCount", pCount, pCount);
            meta.expectEnd();
            return new SecretKey(framing.readPoly(in, level + 1, pCount, "secret key"));
        }
    }

    static final class SwitchingKeys implements ObjectCodec<SwitchingKey> {
        private final ObjectFraming framing;
        private final boolean compact;

        /** @param compact load seeded keys without expanding their uniform halves */
        SwitchingKeys(ObjectFraming framing, boolean compact) {
            this.framing = framing;
            this.compact = compact;
        }

        public ObjectKind kind() {
            return ObjectKind.SWITCHING_KEY;
        }

        public byte[] metadata(SwitchingKey key) {
            return appendMetadata(key, new MetadataWriter()).toByteArray();
        }

        MetadataWriter appendMetadata(SwitchingKey key, MetadataWriter meta) {
            return meta.putInt(key.level()).putInt(key.digits()).putBytes(key.seed().orElse(new byte[0]));
        }

        /** The b halves, then the a halves unless the seed regenerates them. */
        public void writeBody(SwitchingKey key, ContainerWriter out) throws IOException {
            framing.writePolys(key.b(), out);
            if (!key.isSeeded()) {
                framing.writePolys(key.a(), out);
            }
        }

        public SwitchingKey read(MetadataReader meta, ContainerReader in, KeySetId keySet) throws IOException {
            SwitchingKey key = readAfter(meta, in);
            meta.expectEnd();
            return key;
        }

        /** Reads the key's fields (after any fields of a wrapping kind) and its body. */
        SwitchingKey readAfter(MetadataReader meta, ContainerReader in) throws IOException {
            CkksParameters params = framing.params();
            int level = framing.readLevel(meta);
            int digits = params.digitCount(level);
            meta.getInt("digits", digits, digits);
            byte[] seed = meta.getBytes("seed");
            if (seed.length != 0 && seed.length != SeedExpander.SEED_BYTES) {
                throw in.fail("key seed has " + seed.length + " bytes, expected 0 or " + SeedExpander.SEED_BYTES);
            }
            int qCount = level + 1;
            int pCount = params.pCount();
            DevicePoly[] b = framing.readPolys(in, digits, qCount, pCount, "switching key b, digit");
            DevicePoly[] a;
            try {
                a = readUniformHalves(in, seed, digits, qCount, pCount);
            } catch (IOException | RuntimeException e) {
                Arrays.stream(b).forEach(DevicePoly::close);
                throw e;
            }
            return new SwitchingKey(b, a, seed.length == 0 ? null : seed);
        }

        /** The stored a halves, their expansion from the seed, or null for a compact seeded key. */
        private DevicePoly[] readUniformHalves(ContainerReader in, byte[] seed, int digits, int qCount, int pCount)
                throws IOException {
            if (seed.length == 0) {
                return framing.readPolys(in, digits, qCount, pCount, "switching key a, digit");
            }
            if (compact) {
                return null;
            }
            DevicePoly[] a = new DevicePoly[digits];
            for (int j = 0; j < digits; j++) {
                a[j] = HostPolys.uniformNttFromSeed(framing.context(), seed, j, qCount, pCount);
            }
            return a;
        }
    }

    static final class RelinearizationKeys implements ObjectCodec<RelinearizationKey> {
        private final SwitchingKeys switchingKeys;

        RelinearizationKeys(SwitchingKeys switchingKeys) {
            this.switchingKeys = switchingKeys;
        }

        public ObjectKind kind() {
            return ObjectKind.RELINEARIZATION_KEY;
        }

        public byte[] metadata(RelinearizationKey key) {
            return switchingKeys.metadata(key.key());
        }

        public void writeBody(RelinearizationKey key, ContainerWriter out) throws IOException {
            switchingKeys.writeBody(key.key(), out);
        }

        public RelinearizationKey read(MetadataReader meta, ContainerReader in, KeySetId keySet) throws IOException {
            return new RelinearizationKey(switchingKeys.read(meta, in, keySet));
        }
    }

    static final class GaloisKeys implements ObjectCodec<GaloisKey> {
        private final SwitchingKeys switchingKeys;
        private final long twoN;

        GaloisKeys(SwitchingKeys switchingKeys, CkksParameters params) {
            this.switchingKeys = switchingKeys;
            this.twoN = 2L * params.n();
        }

        public ObjectKind kind() {
            return ObjectKind.GALOIS_KEY;
        }

        public byte[] metadata(GaloisKey key) {
            return switchingKeys.appendMetadata(key.key(), new MetadataWriter().putLong(key.galoisElement()))
                    .toByteArray();
        }

        public void writeBody(GaloisKey key, ContainerWriter out) throws IOException {
            switchingKeys.writeBody(key.key(), out);
        }

        public GaloisKey read(MetadataReader meta, ContainerReader in, KeySetId keySet) throws IOException {
            long element = meta.getLong("galoisElement");
            if (element <= 0 || element >= twoN || element % 2 == 0) {
                throw in.fail("Galois element " + element + " is not an odd number in (0, 2N = " + twoN + ")");
            }
            SwitchingKey key = switchingKeys.readAfter(meta, in);
            meta.expectEnd();
            return new GaloisKey(element, key);
        }
    }
}

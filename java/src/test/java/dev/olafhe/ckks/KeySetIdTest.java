package dev.olafhe.ckks;

import dev.olafhe.ckks.io.ContainerFormat;
import dev.olafhe.ckks.io.ContainerLayout;
import dev.olafhe.ckks.io.FheFormatException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Key-set identity: derived from the public key, stamped on every key and ciphertext file by a bound serializer,
 * and checked on load (objects of another key set, or of none, are refused with both identities and the file named).
 */
class KeySetIdTest extends CkksContextsTest {
    private CkksTestContext tc;
    /** A second key set in the same context. */
    private SecretKey otherSecret;
    private PublicKey otherPublic;
    private KeySetId mine;
    private KeySetId other;
    @TempDir
    Path dir;

    @BeforeAll
    void setUp() {
        tc = defaultContext();
        KeyGenerator otherKeys = new KeyGenerator(tc.context, RandomSources.deterministic(99));
        otherSecret = otherKeys.genSecretKey();
        otherPublic = otherKeys.genPublicKey(otherSecret);
        mine = KeySetId.of(tc.context, tc.publicKey);
        other = KeySetId.of(tc.context, otherPublic);
    }

    @AfterAll
    void closeKeys() {
        otherSecret.close();
        otherPublic.close();
    }

    private CkksSerializer bound(KeySetId id) {
        return new CkksSerializer(tc.context).forKeySet(id, "the keys in keys/");
    }

    private Ciphertext ciphertextUnder(PublicKey pk) {
        try (Plaintext pt = tc.encoder.encodeNew(tc.randomVector(8, false), 2, tc.scale())) {
            return Encryptor.withPublicKey(tc.context, pk, RandomSources.deterministic(5)).encryptNew(pt);
        }
    }

    @Test
    void theIdentityComesFromThePublicKeyAndPrintsAsHex() {
        assertEquals(mine, KeySetId.of(tc.context, tc.publicKey), "the same public key gives the same identity");
        assertNotEquals(mine, other);
        assertTrue(mine.toString().matches("[0-9a-f]{32}"), mine.toString());
        assertEquals(mine, KeySetId.parse(mine.toString()));
        assertEquals(mine, KeySetId.fromBytes(mine.toBytes()));
        assertEquals("none", KeySetId.NONE.toString());
        assertThrows(IllegalArgumentException.class, () -> new CkksSerializer(tc.context).forKeySet(KeySetId.NONE));
    }

    /** The kinds of object a key set owns, each made in key set "mine". */
    enum Owned {
        SECRET_KEY(SecretKey.class, ObjectKind.SECRET_KEY),
        PUBLIC_KEY(PublicKey.class, ObjectKind.PUBLIC_KEY),
        CIPHERTEXT(Ciphertext.class, ObjectKind.CIPHERTEXT),
        SWITCHING_KEY(SwitchingKey.class, ObjectKind.SWITCHING_KEY),
        EVALUATION_KEYS(EvaluationKeySet.class, ObjectKind.EVALUATION_KEY_SET);

        final Class<?> type;
        final ObjectKind kind;

        Owned(Class<?> type, ObjectKind kind) {
            this.type = type;
            this.kind = kind;
        }

        Object make(CkksTestContext tc) {
            return switch (this) {
                case SECRET_KEY -> tc.keyGenerator.genSecretKey();
                case PUBLIC_KEY -> tc.keyGenerator.genPublicKey(tc.secretKey);
                case CIPHERTEXT -> tc.encrypt(tc.randomVector(8, false), 1);
                case SWITCHING_KEY -> tc.keyGenerator.genSwitchingKey(tc.secretKey, tc.secretKey, 0);
                case EVALUATION_KEYS -> tc.keyGenerator.genEvaluationKeySet(tc.secretKey, true, new int[] {1}, false);
            };
        }
    }

    private Path save(Owned kind, CkksSerializer serializer) throws Exception {
        Path path = dir.resolve(kind + "-" + serializer.keySet() + ".bin");
        try (AutoCloseable value = (AutoCloseable) kind.make(tc)) {
            if (value instanceof SecretKey sk) {
                serializer.saveSecretKey(sk, path);
            } else {
                serializer.save(value, path);
            }
        }
        return path;
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Owned.class)
    void boundSerializersStampAndAcceptTheirOwnKeySet(Owned kind) throws Exception {
        Path path = save(kind, bound(mine));
        assertEquals(mine, CkksSerializer.readKeySetId(path));
        try (AutoCloseable loaded = (AutoCloseable) bound(mine).load(path, kind.type);
             AutoCloseable unboundRead = (AutoCloseable) new CkksSerializer(tc.context).load(path, kind.type)) {
            assertTrue(loaded != null && unboundRead != null);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Owned.class)
    void objectsOfAnotherKeySetAreRefusedNamingBothIdentities(Owned kind) throws Exception {
        Path path = save(kind, bound(mine));
        FheFormatException e = assertThrows(FheFormatException.class,
                () -> ((AutoCloseable) bound(other).load(path, kind.type)).close());
        assertEquals(path + ": the " + kind.kind + " belongs to key set " + mine
                + ", but the keys in keys/ are key set " + other, e.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Owned.class)
    void objectsWrittenWithoutAKeySetAreRefusedByABoundSerializer(Owned kind) throws Exception {
        Path path = save(kind, new CkksSerializer(tc.context));
        assertEquals(KeySetId.NONE, CkksSerializer.readKeySetId(path));
        FheFormatException e = assertThrows(FheFormatException.class,
                () -> ((AutoCloseable) bound(mine).load(path, kind.type)).close());
        assertTrue(e.problem().contains("carries no key-set identity") && e.problem().contains(mine.toString()),
                e.getMessage());
        FheFormatException unbound = assertThrows(FheFormatException.class,
                () -> new CkksSerializer(tc.context).forKeySetOf(path, "the keys in keys/"));
        assertTrue(unbound.getMessage().startsWith(path + ": carries no key-set identity"), unbound.getMessage());
    }

    @Test
    void aCiphertextEncryptedUnderOtherKeysIsRefusedBeforeDecryption() throws Exception {
        Path path = dir.resolve("ct.bin");
        try (Ciphertext ct = ciphertextUnder(otherPublic)) {
            bound(other).save(ct, path);
        }
        FheFormatException e = assertThrows(FheFormatException.class, () -> bound(mine).load(path, Ciphertext.class));
        assertTrue(e.getMessage().contains("belongs to key set " + other + ", but the keys in keys/ are key set " + mine),
                e.getMessage());
    }

    @Test
    void parametersAndPlaintextsBelongToNoKeySet() throws Exception {
        Path params = dir.resolve("params.ckks");
        CkksSerializer.saveParameters(tc.params, params);
        assertEquals(KeySetId.NONE, CkksSerializer.readKeySetId(params));
        Path plain = dir.resolve("pt.bin");
        try (Plaintext pt = tc.encoder.encodeNew(tc.randomVector(4, false), 1, tc.scale())) {
            bound(mine).save(pt, plain);
        }
        assertEquals(KeySetId.NONE, CkksSerializer.readKeySetId(plain));
        bound(other).load(plain, Plaintext.class).close(); // a plaintext goes with any key set
    }

    @Test
    void aKeyOfAnotherKeySetInsideAKeySetFileIsRefused() throws Exception {
        Path path = save(Owned.EVALUATION_KEYS, bound(mine));
        byte[] file = Files.readAllBytes(path);
        ContainerLayout layout = ContainerLayout.of(file, tc.params.n());
        ContainerLayout.Segment galoisHeader = layout.headers().get(2); // set, relinearization key, Galois key
        System.arraycopy(other.toBytes(), 0, file, galoisHeader.offset() + ContainerFormat.KEY_SET_OFFSET,
                ContainerFormat.KEY_SET_BYTES);
        layout.rechecksum(file);
        Files.write(path, file);
        FheFormatException e = assertThrows(FheFormatException.class,
                () -> new CkksSerializer(tc.context).load(path, EvaluationKeySet.class));
        assertEquals(path + ": in the Galois key 1 of 1 of the key set: the Galois key belongs to key set " + other
                + ", not to the key set " + mine + " of the file it is in", e.getMessage());
    }

    @Test
    void theIdentityInAFileHeaderIsWhatWasStamped() throws Exception {
        Path path = save(Owned.CIPHERTEXT, bound(mine));
        byte[] file = Files.readAllBytes(path);
        byte[] stored = new byte[ContainerFormat.KEY_SET_BYTES];
        System.arraycopy(file, ContainerFormat.KEY_SET_OFFSET, stored, 0, stored.length);
        assertArrayEquals(mine.toBytes(), stored);
    }

    @Test
    void readKeySetIdRefusesWhatIsNotAContainer() throws IOException {
        Path path = Files.writeString(dir.resolve("junk"), "not a container");
        FheFormatException e = assertThrows(FheFormatException.class, () -> CkksSerializer.readKeySetId(path));
        assertTrue(e.getMessage().contains("not an OLA-FHE file"), e.getMessage());
    }
}

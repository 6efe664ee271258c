package dev.olafhe.ckks;

import dev.olafhe.backend.DevicePoly;
import dev.olafhe.ckks.io.ContainerFormat;
import dev.olafhe.ckks.io.FheFormatException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Round trips (bit-exact limbs and metadata) of every serializable object, and refusal, with the file
 * named, of corrupt, truncated, wrong-version, wrong-kind and wrong-parameter files.
 */
class CkksSerializerTest extends CkksContextsTest {
    private static final String SET = "logN11-Q4-P2-dnum2";
    private static final String OTHER_SET = "logN12-Q6-P3-dnum2-h64";

    private CkksTestContext tc;
    private CkksSerializer serializer;
    @TempDir
    Path dir;

    @BeforeAll
    void setUp() {
        tc = contexts.get(SET);
        serializer = new CkksSerializer(tc.context);
    }

    /** How one object is made, saved, loaded and compared; {@link #snapshot} lists everything that must survive. */
    enum Kind {
        PARAMETERS(CkksParameters.class) {
            Object make(CkksTestContext tc) {
                return tc.params;
            }

            void save(CkksSerializer s, Object value, Path path) throws IOException {
                CkksSerializer.saveParameters((CkksParameters) value, path);
            }

            Object load(CkksSerializer s, Path path) throws IOException {
                return CkksSerializer.loadParameters(path);
            }

            List<Object> snapshot(CkksTestContext tc, Object value) {
                CkksParameters p = (CkksParameters) value;
                return List.of(p.literal(), p.qModuli(), p.pModuli(), ParameterFingerprint.of(p));
            }
        },
        CIPHERTEXT(Ciphertext.class) {
            Object make(CkksTestContext tc) {
                return tc.encrypt(tc.randomVector(tc.params.maxSlots(), true), tc.params.maxLevel());
            }
        },
        /** Degree 2, below the top level, sparse slots, a scale that is not a power of two. */
        CIPHERTEXT_DEGREE2_RESCALED(Ciphertext.class) {
            Object make(CkksTestContext tc) {
                try (Ciphertext a = tc.encrypt(tc.randomVector(64, true), 2);
                     Ciphertext r = tc.evaluator.rescaleNew(a)) {
                    return tc.evaluator.multiplyNew(r, r);
                }
            }
        },
        PLAINTEXT(Plaintext.class) {
            Object make(CkksTestContext tc) {
                return tc.encoder.encodeNew(tc.randomVector(128, false), 1, new BigDecimal("1099511627776.25"));
            }
        },
        PUBLIC_KEY(PublicKey.class) {
            Object make(CkksTestContext tc) {
                return tc.keyGenerator.genPublicKey(tc.secretKey);
            }
        },
        SECRET_KEY(SecretKey.class) {
            Object make(CkksTestContext tc) {
                return tc.keyGenerator.genSecretKey();
            }

            void save(CkksSerializer s, Object value, Path path) throws IOException {
                s.saveSecretKey((SecretKey) value, path);
            }
        },
        RELINEARIZATION_KEY(RelinearizationKey.class) {
            Object make(CkksTestContext tc) {
                return tc.keyGenerator.genRelinearizationKey(tc.secretKey);
            }
        },
        /** A seeded Galois key generated for levels ≤ 1 only. */
        GALOIS_KEY_LEVEL1(GaloisKey.class) {
            Object make(CkksTestContext tc) {
                return tc.keyGenerator.genGaloisKey(tc.secretKey, GaloisElements.forRotation(3, tc.params.logN()), 1);
            }
        },
        /** A key whose a halves are not seed-derived: stored in full. */
        UNSEEDED_SWITCHING_KEY(SwitchingKey.class) {
            Object make(CkksTestContext tc) {
                try (SwitchingKey seeded = tc.keyGenerator.genRelinearizationKey(tc.secretKey).key()) {
                    return unseededCopy(tc, seeded);
                }
            }
        },
        EVALUATION_KEY_SET(EvaluationKeySet.class) {
            Object make(CkksTestContext tc) {
                return tc.keyGenerator.genEvaluationKeySet(tc.secretKey, true, new int[] {1, -2}, true);
            }
        };

        final Class<?> type;

        Kind(Class<?> type) {
            this.type = type;
        }

        abstract Object make(CkksTestContext tc);

        void save(CkksSerializer s, Object value, Path path) throws IOException {
            s.save(value, path);
        }

        Object load(CkksSerializer s, Path path) throws IOException {
            return s.load(path, type);
        }

        List<Object> snapshot(CkksTestContext tc, Object value) {
            return CkksSerializerTest.snapshot(tc, value);
        }
    }

    /** Everything that must survive a round trip: every limb of every poly and the metadata. */
    static List<Object> snapshot(CkksTestContext tc, Object value) {
        List<Object> out = new ArrayList<>();
        if (value instanceof Ciphertext ct) {
            out.addAll(List.of(ct.degree(), ct.level(), ct.scale(), ct.logSlots()));
            for (int i = 0; i <= ct.degree(); i++) {
                out.add(tc.backend.download(ct.part(i)));
            }
        } else if (value instanceof Plaintext pt) {
            out.addAll(List.of(pt.level(), pt.scale(), pt.logSlots(), tc.backend.download(pt.value())));
        } else if (value instanceof PublicKey pk) {
            out.addAll(List.of(tc.backend.download(pk.b()), tc.backend.download(pk.a())));
        } else if (value instanceof SecretKey sk) {
            out.add(tc.backend.download(sk.value()));
        } else if (value instanceof SwitchingKey k) {
            out.addAll(List.of(k.level(), k.isSeeded(), k.seed().map(Arrays::toString).orElse("")));
            for (int j = 0; j < k.digits(); j++) {
                out.addAll(List.of(tc.backend.download(k.b()[j]), tc.backend.download(k.a()[j])));
            }
        } else if (value instanceof RelinearizationKey r) {
            out.addAll(snapshot(tc, r.key()));
        } else if (value instanceof GaloisKey g) {
            out.add(g.galoisElement());
            out.addAll(snapshot(tc, g.key()));
        } else if (value instanceof EvaluationKeySet keys) {
            out.add(keys.relinearizationKey().isPresent());
            keys.relinearizationKey().ifPresent(r -> out.addAll(snapshot(tc, r)));
            for (long g : keys.galoisElements()) {
                out.addAll(snapshot(tc, keys.galoisKey(g).orElseThrow()));
            }
        } else {
            throw new IllegalArgumentException("no snapshot for " + value.getClass());
        }
        return out;
    }

    static SwitchingKey unseededCopy(CkksTestContext tc, SwitchingKey key) {
        DevicePoly[] b = new DevicePoly[key.digits()];
        DevicePoly[] a = new DevicePoly[key.digits()];
        for (int j = 0; j < key.digits(); j++) {
            b[j] = tc.context.allocateQP(key.level());
            a[j] = tc.context.allocateQP(key.level());
            tc.backend.copy(key.b()[j], b[j]);
            tc.backend.copy(key.a()[j], a[j]);
        }
        return new SwitchingKey(b, a);
    }

    private static void closeIfNeeded(Object value) throws Exception {
        if (value instanceof AutoCloseable c) {
            c.close();
        }
    }

    private Path saved(Kind kind) throws Exception {
        Path path = dir.resolve(kind.name().toLowerCase() + ".olafhe");
        Object value = kind.make(tc);
        try {
            kind.save(serializer, value, path);
        } finally {
            closeIfNeeded(value);
        }
        return path;
    }

    // ---- round trips ----------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @EnumSource(Kind.class)
    void roundTripIsBitExact(Kind kind) throws Exception {
        Object original = kind.make(tc);
        Path path = dir.resolve("round-trip-" + kind + ".olafhe");
        try {
            kind.save(serializer, original, path);
            Object loaded = kind.load(serializer, path);
            try {
                List<Object> expected = kind.snapshot(tc, original);
                List<Object> actual = kind.snapshot(tc, loaded);
                assertTrue(Arrays.deepEquals(expected.toArray(), actual.toArray()), kind + " changed in the round trip");
            } finally {
                closeIfNeeded(loaded);
            }
        } finally {
            closeIfNeeded(original);
        }
    }

    @Test
    void loadedKeysEvaluateBitForBitLikeTheOriginals() throws Exception {
        Path path = dir.resolve("keys.olafhe");
        serializer.save(tc.keys, path);
        try (EvaluationKeySet loaded = serializer.load(path, EvaluationKeySet.class);
             Ciphertext a = tc.encrypt(tc.randomVector(tc.params.maxSlots(), true), tc.params.maxLevel());
             Ciphertext viaOriginal = tc.evaluator.multiplyRelinNew(a, a);
             Ciphertext viaLoaded = tc.evaluator.withKeys(loaded).multiplyRelinNew(a, a)) {
            tc.evaluator.rotate(viaOriginal, 5, viaOriginal);
            tc.evaluator.withKeys(loaded).rotate(viaLoaded, 5, viaLoaded);
            assertEquals(snapshot(tc, viaOriginal).size(), snapshot(tc, viaLoaded).size());
            assertTrue(Arrays.deepEquals(snapshot(tc, viaOriginal).toArray(), snapshot(tc, viaLoaded).toArray()));
        }
    }

    @Test
    void objectsFollowEachOtherOnOneStream() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (Ciphertext ct = tc.encrypt(tc.randomVector(16, false), 1);
             PublicKey pk = tc.keyGenerator.genPublicKey(tc.secretKey)) {
            CkksSerializer.writeParameters(tc.params, bytes);
            serializer.write(ct, bytes);
            serializer.write(pk, bytes);
            ByteArrayInputStream in = new ByteArrayInputStream(bytes.toByteArray());
            assertEquals(tc.params.literal(), CkksSerializer.readParameters(in, "stream").literal());
            try (Ciphertext ct2 = serializer.read(in, "stream", Ciphertext.class);
                 PublicKey pk2 = serializer.read(in, "stream", PublicKey.class)) {
                assertTrue(Arrays.deepEquals(snapshot(tc, ct).toArray(), snapshot(tc, ct2).toArray()));
                assertTrue(Arrays.deepEquals(snapshot(tc, pk).toArray(), snapshot(tc, pk2).toArray()));
            }
            assertEquals(0, in.available());
        }
    }

    @Test
    void secretKeysAreWrittenOnlyOnPurposeAndOnlyForTheOwner() throws Exception {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> serializer.write(tc.secretKey, new ByteArrayOutputStream()));
        assertTrue(e.getMessage().contains("writeSecretKey"), e.getMessage());
        Path path = dir.resolve("secret.olafhe");
        serializer.saveSecretKey(tc.secretKey, path);
        if (Files.getFileStore(path).supportsFileAttributeView("posix")) {
            assertEquals(EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE),
                    Files.getPosixFilePermissions(path));
        }
    }

    // ---- refusals ---------------------------------------------------------------------------------------

    /** A damage done to a valid file, and the words the error must contain. */
    enum Damage {
        FLIP_FIRST_BYTE("not an OLA-FHE file"),
        FLIP_HEADER_BYTE("header checksum mismatch"),
        FLIP_MIDDLE_BYTE("corrupt"),
        FLIP_LAST_BYTE("corrupt"),
        EMPTY("no data where an OLA-FHE object should start"),
        TRUNCATE_IN_HEADER("truncated"),
        TRUNCATE_HALF("truncated"),
        TRUNCATE_LAST_BYTE("truncated"),
        NEWER_VERSION("format version 3 is not supported"),
        /** Version 1 had no key-set identity: the message says how to make new files. */
        OLDER_VERSION("re-run keygen"),
        TRAILING_BYTES("unexpected bytes after the end");

        final String expected;

        Damage(String expected) {
            this.expected = expected;
        }

        byte[] apply(byte[] file) {
            byte[] out = file.clone();
            switch (this) {
                case FLIP_FIRST_BYTE -> out[0] ^= 0x01;
                case FLIP_HEADER_BYTE -> out[ContainerFormat.VERSION_OFFSET + 4] ^= 0x10; // inside the fingerprint
                case FLIP_MIDDLE_BYTE -> out[out.length / 2] ^= 0x40;
                case FLIP_LAST_BYTE -> out[out.length - 1] ^= (byte) 0x80;
                case EMPTY -> out = new byte[0];
                case TRUNCATE_IN_HEADER -> out = Arrays.copyOf(file, 30);
                case TRUNCATE_HALF -> out = Arrays.copyOf(file, file.length / 2);
                case TRUNCATE_LAST_BYTE -> out = Arrays.copyOf(file, file.length - 1);
                case NEWER_VERSION -> {
                    out[ContainerFormat.VERSION_OFFSET] = 0;
                    out[ContainerFormat.VERSION_OFFSET + 1] = 3;
                }
                case OLDER_VERSION -> {
                    out[ContainerFormat.VERSION_OFFSET] = 0;
                    out[ContainerFormat.VERSION_OFFSET + 1] = 1;
                }
                case TRAILING_BYTES -> out = Arrays.copyOf(file, file.length + 3);
            }
            return out;
        }
    }

    /** Kinds with different layouts: header only, plain blocks, seeded key blocks, nested objects. */
    private static final Set<Kind> DAMAGED_KINDS = EnumSet.of(Kind.PARAMETERS, Kind.CIPHERTEXT, Kind.SECRET_KEY,
            Kind.GALOIS_KEY_LEVEL1, Kind.EVALUATION_KEY_SET);

    static Stream<Arguments> damages() {
        return DAMAGED_KINDS.stream().flatMap(k -> Arrays.stream(Damage.values())
                .map(d -> Arguments.of(k, d)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("damages")
    void damagedFilesAreRefusedNamingTheFileAndTheProblem(Kind kind, Damage damage) throws Exception {
        Path path = saved(kind);
        Files.write(path, damage.apply(Files.readAllBytes(path)));
        FheFormatException e = assertThrows(FheFormatException.class, () -> closeIfNeeded(kind.load(serializer, path)));
        assertEquals(path.toString(), e.source());
        assertTrue(e.getMessage().startsWith(path + ": "), e.getMessage());
        assertTrue(e.problem().contains(damage.expected), "expected '" + damage.expected + "' in: " + e.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kindsBoundToParameters")
    void objectsForOtherParametersAreRefused(Kind kind) throws Exception {
        Path path = saved(kind);
        CkksSerializer other = new CkksSerializer(contexts.get(OTHER_SET).context);
        FheFormatException e = assertThrows(FheFormatException.class, () -> closeIfNeeded(kind.load(other, path)));
        assertTrue(e.getMessage().startsWith(path + ": "), e.getMessage());
        assertTrue(e.problem().contains("written for other CKKS parameters"), e.getMessage());
        assertTrue(e.problem().contains("logN=11") && e.problem().contains("logN=12"),
                "the message says which parameters each side has: " + e.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kindsBoundToParameters")
    void objectsOfAnotherKindAreRefused(Kind kind) throws Exception {
        Path path = saved(kind);
        Class<?> wrong = kind == Kind.PUBLIC_KEY ? Ciphertext.class : PublicKey.class;
        FheFormatException e = assertThrows(FheFormatException.class, () -> closeIfNeeded(serializer.load(path, wrong)));
        assertTrue(e.problem().contains("not the " + (wrong == Ciphertext.class ? "ciphertext" : "public key")),
                e.getMessage());
    }

    static Stream<Kind> kindsBoundToParameters() {
        return Arrays.stream(Kind.values()).filter(k -> k != Kind.PARAMETERS);
    }
}

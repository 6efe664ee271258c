package dev.olafhe.ckks;

import dev.olafhe.ckks.io.ContainerFormat;
import dev.olafhe.ckks.io.ContainerLayout;
import dev.olafhe.util.FuzzBudget;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fuzzing of every CKKS file kind: damaged files (bit flips, truncations, bit flips and crafted header fields and
 * residues behind recomputed checksums, wrong kinds) must be either refused with a one-line {@link IOException} that
 * names the file, or read as a well-formed object that the library can use; never a RuntimeException, an
 * OutOfMemoryError or a hang (each try is bounded in time). Tiny insecure parameters (logN 11); the tries are bounded
 * for CI with a fixed seed ({@link FuzzBudget}: {@code -Dolafhe.fuzz.tries=N}, {@code -Dolafhe.fuzz.seed=S}).
 */
@AddLifecycleHook(FuzzBudget.class)
class CkksFileFuzzTest {
    private static final Duration TRY_LIMIT = Duration.ofSeconds(30);
    private static final String SEED = "20261202";
    private static final int TRIES = 40;

    /** The file kinds under test, each with its type and how a loaded object is put to use. */
    enum FileKind {
        PARAMETERS(CkksParameters.class),
        SECRET_KEY(SecretKey.class),
        PUBLIC_KEY(PublicKey.class),
        EVALUATION_KEYS(EvaluationKeySet.class),
        SWITCHING_KEY(SwitchingKey.class),
        CIPHERTEXT(Ciphertext.class);

        final Class<?> type;

        FileKind(Class<?> type) {
            this.type = type;
        }
    }

    private static CkksTestContext tc;
    private static CkksSerializer serializer;
    private static Path file;
    private static final Map<FileKind, byte[]> VALID = new EnumMap<>(FileKind.class);
    private static final Map<FileKind, ContainerLayout> LAYOUTS = new EnumMap<>(FileKind.class);

    @BeforeContainer
    static void writeValidFiles() throws IOException {
        tc = new CkksTestContext(CkksTestContext.smallLiteral(), new int[] {1, -3}, false, 7);
        serializer = new CkksSerializer(tc.context).forKeySet(KeySetId.of(tc.context, tc.publicKey));
        file = Files.createTempFile("ckks-fuzz", ".bin");
        CkksSerializer.saveParameters(tc.params, file);
        keep(FileKind.PARAMETERS);
        serializer.saveSecretKey(tc.secretKey, file);
        keep(FileKind.SECRET_KEY);
        serializer.save(tc.publicKey, file);
        keep(FileKind.PUBLIC_KEY);
        serializer.save(tc.keys, file);
        keep(FileKind.EVALUATION_KEYS);
        try (SwitchingKey key = tc.keyGenerator.genSwitchingKey(tc.secretKey, tc.secretKey, 1);
             Ciphertext ct = tc.encrypt(tc.randomVector(16, true), 2)) {
            serializer.save(key, file);
            keep(FileKind.SWITCHING_KEY);
            serializer.save(ct, file);
            keep(FileKind.CIPHERTEXT);
        }
    }

    private static void keep(FileKind kind) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        VALID.put(kind, bytes);
        LAYOUTS.put(kind, ContainerLayout.of(bytes, tc.params.n()));
    }

    @AfterContainer
    static void cleanUp() throws IOException {
        Files.deleteIfExists(file);
        tc.close();
    }

    // ---- the outcome every try must have ---------------------------------------------------------------

    /** Loads {@code bytes} as {@code kind}: a clean refusal, or a well-formed object that works; within the limit. */
    private static void assertRefusedOrWellFormed(FileKind kind, byte[] bytes) throws IOException {
        Files.write(file, bytes);
        String outcome = assertTimeoutPreemptively(TRY_LIMIT, () -> {
            Object value;
            try {
                value = load(kind.type);
            } catch (IOException e) {
                assertCleanRefusal(e);
                return "refused";
            }
            try {
                use(kind, value);
            } finally {
                if (value instanceof AutoCloseable c) {
                    c.close();
                }
            }
            return "read and used";
        });
        Statistics.collect(outcome); // the report shows how many tries got past the reader
    }

    private static void assertRefused(Class<?> type, byte[] bytes) throws IOException {
        Files.write(file, bytes);
        IOException e = assertTimeoutPreemptively(TRY_LIMIT, () -> assertThrows(IOException.class, () -> {
            Object value = load(type);
            if (value instanceof AutoCloseable c) {
                c.close();
            }
        }));
        assertCleanRefusal(e);
    }

    private static void assertCleanRefusal(IOException e) {
        String message = e.getMessage();
        assertTrue(message != null && message.startsWith(file + ": "), "names the file: " + message);
        assertFalse(message.contains("\n"), "one line: " + message);
    }

    private static Object load(Class<?> type) throws IOException {
        return type == CkksParameters.class ? CkksSerializer.loadParameters(file) : serializer.load(file, type);
    }

    /** Puts a loaded object to the use it is for; any exception here is a well-formedness bug of the reader. */
    private static void use(FileKind kind, Object value) {
        switch (kind) {
            case PARAMETERS -> assertEquals(tc.params.literal(), ((CkksParameters) value).literal());
            case SECRET_KEY -> {
                try (Ciphertext ct = tc.encrypt(tc.randomVector(4, false), tc.params.maxLevel());
                     Plaintext pt = new Decryptor(tc.context, (SecretKey) value).decryptNew(ct)) {
                    tc.encoder.decode(pt);
                }
            }
            case PUBLIC_KEY -> {
                try (Plaintext pt = tc.encoder.encodeNew(tc.randomVector(4, false), 1, tc.scale());
                     Ciphertext ct = Encryptor.withPublicKey(tc.context, (PublicKey) value,
                             RandomSources.deterministic(1)).encryptNew(pt)) {
                    tc.decrypt(ct);
                }
            }
            case EVALUATION_KEYS -> useKeys((EvaluationKeySet) value);
            case SWITCHING_KEY -> {
                SwitchingKey key = (SwitchingKey) value;
                try (Ciphertext ct = tc.encrypt(tc.randomVector(4, false), key.level());
                     Ciphertext switched = tc.evaluator.switchKeysNew(ct, key)) {
                    tc.decrypt(switched);
                }
            }
            case CIPHERTEXT -> tc.decrypt((Ciphertext) value);
        }
    }

    private static void useKeys(EvaluationKeySet keys) {
        Evaluator evaluator = tc.evaluator.withKeys(keys);
        keys.relinearizationKey().ifPresent(rlk -> {
            try (Ciphertext ct = tc.encrypt(tc.randomVector(4, false), rlk.key().level());
                 Ciphertext product = evaluator.multiplyRelinNew(ct, ct)) {
                tc.decrypt(product);
            }
        });
        for (long element : keys.galoisElements()) {
            GaloisKey key = keys.galoisKey(element).orElseThrow();
            try (Ciphertext ct = tc.encrypt(tc.randomVector(4, false), key.key().level());
                 Ciphertext turned = Ciphertext.empty()) {
                evaluator.automorphism(ct, element, "fuzz", turned);
                tc.decrypt(turned);
            }
        }
    }

    // ---- damage ---------------------------------------------------------------------------------------

    private static byte[] flipped(FileKind kind, List<Integer> bits) {
        byte[] bytes = VALID.get(kind).clone();
        for (int bit : bits) {
            int at = Math.floorMod(bit, bytes.length * 8);
            bytes[at / 8] ^= (byte) (1 << (at % 8));
        }
        return bytes;
    }

    @Property(tries = TRIES, seed = SEED)
    void bitFlips(@ForAll FileKind kind, @ForAll("someBits") List<Integer> bits)
            throws IOException {
        assertRefusedOrWellFormed(kind, flipped(kind, bits));
    }

    /** The same flips with every checksum recomputed: the damage reaches the field and bounds checks. */
    @Property(tries = TRIES, seed = SEED)
    void bitFlipsBehindValidChecksums(@ForAll FileKind kind, @ForAll("someBits") List<Integer> bits)
            throws IOException {
        byte[] bytes = flipped(kind, bits);
        LAYOUTS.get(kind).rechecksum(bytes);
        assertRefusedOrWellFormed(kind, bytes);
    }

    /** Flips confined to the headers (where the counts and sizes are), behind valid checksums. */
    @Property(tries = TRIES, seed = SEED)
    void headerBitFlipsBehindValidChecksums(@ForAll FileKind kind, @ForAll("anywhere") int header,
                                            @ForAll("someBits") List<Integer> bits)
            throws IOException {
        ContainerLayout layout = LAYOUTS.get(kind);
        ContainerLayout.Segment h = layout.headers().get(header % layout.headers().size());
        byte[] bytes = VALID.get(kind).clone();
        for (int bit : bits) {
            int at = h.offset() * 8 + Math.floorMod(bit, (h.length() - Integer.BYTES) * 8);
            bytes[at / 8] ^= (byte) (1 << (at % 8));
        }
        layout.rechecksum(bytes);
        assertRefusedOrWellFormed(kind, bytes);
    }

    /** A metadata field (every 4-byte position of a header's metadata) set to a boundary value or a random one. */
    @Property(tries = TRIES, seed = SEED)
    void craftedMetadataFields(@ForAll FileKind kind, @ForAll("anywhere") int header, @ForAll("anywhere") int position,
                               @ForAll("interestingInts") int value)
            throws IOException {
        ContainerLayout layout = LAYOUTS.get(kind);
        ContainerLayout.Segment h = layout.headers().get(header % layout.headers().size());
        byte[] bytes = VALID.get(kind).clone();
        int at = h.metadataOffset() + Math.floorMod(position, Math.max(1, h.metadataLength() - 3));
        ByteBuffer.wrap(bytes).putInt(at, value);
        layout.rechecksum(bytes);
        assertRefusedOrWellFormed(kind, bytes);
    }

    /** A non-negative int, uniform (so that positions taken modulo a file's length fall anywhere in it). */
    @Provide
    Arbitrary<Integer> anywhere() {
        return Arbitraries.integers().greaterOrEqual(0).withDistribution(RandomDistribution.uniform());
    }

    @Provide
    Arbitrary<List<Integer>> someBits() {
        return anywhere().list().ofMinSize(1).ofMaxSize(8);
    }

    @Provide
    Arbitrary<Integer> interestingInts() {
        int n = 1 << 11;
        return Arbitraries.oneOf(Arbitraries.of(0, 1, -1, 2, 3, 4, 5, 10, 11, 16, 17, 32, 33, 255, n - 1, n, n + 1,
                2 * n, 4096 + 1, 1 << 16, 1 << 20, (1 << 20) + 1, 1 << 30, Integer.MAX_VALUE, Integer.MIN_VALUE),
                Arbitraries.integers());
    }

    /** A residue set to any 64-bit value behind a valid checksum: refused unless below its modulus. */
    @Property(tries = TRIES, seed = SEED)
    void craftedResidues(@ForAll FileKind kind, @ForAll("anywhere") int block, @ForAll("anywhere") int index,
                         @ForAll long value) throws IOException {
        ContainerLayout layout = LAYOUTS.get(kind);
        if (layout.blocks().isEmpty()) {
            return; // parameters have no blocks
        }
        ContainerLayout.Segment b = layout.blocks().get(block % layout.blocks().size());
        byte[] bytes = VALID.get(kind).clone();
        ByteBuffer.wrap(bytes).putLong(b.offset() + Long.BYTES * (index % tc.params.n()), value);
        layout.rechecksum(bytes);
        assertRefusedOrWellFormed(kind, bytes);
    }

    @Property(tries = TRIES, seed = SEED)
    void truncationsAreRefused(@ForAll FileKind kind, @ForAll("anywhere") int cut) throws IOException {
        byte[] valid = VALID.get(kind);
        assertRefused(kind.type, Arrays.copyOf(valid, cut % valid.length));
    }

    @Property(tries = TRIES, seed = SEED)
    void trailingBytesAreRefused(@ForAll FileKind kind, @ForAll @Size(min = 1, max = 64) byte[] extra) throws IOException {
        byte[] valid = VALID.get(kind);
        byte[] bytes = Arrays.copyOf(valid, valid.length + extra.length);
        System.arraycopy(extra, 0, bytes, valid.length, extra.length);
        assertRefused(kind.type, bytes);
    }

    /** A file of one kind loaded as another, and a crafted kind code behind a valid checksum. */
    @Property(tries = TRIES, seed = SEED)
    void wrongKindsAreRefused(@ForAll FileKind kind, @ForAll FileKind asked,
                              @ForAll @IntRange(min = 0, max = 0xFFFF) int kindCode) throws IOException {
        if (asked != kind) {
            assertRefused(asked.type, VALID.get(kind));
        }
        byte[] bytes = VALID.get(kind).clone();
        ByteBuffer.wrap(bytes).putShort(ContainerFormat.VERSION_OFFSET + 2, (short) kindCode);
        LAYOUTS.get(kind).rechecksum(bytes);
        assertRefusedOrWellFormed(kind, bytes);
    }
}

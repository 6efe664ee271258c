package dev.olafhe.ckks;

import dev.olafhe.ckks.io.ContainerLayout;
import dev.olafhe.ckks.io.FheFormatException;
import dev.olafhe.ckks.io.MetadataWriter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Crafted files with valid checksums whose sizes, counts or values do not fit the parameters: each is refused with
 * a one-line {@link FheFormatException} naming the file and the field, before anything large is allocated.
 * (logN 11, L = 3, 2 P primes, digits of 2 primes, at most 2^10 slots.)
 */
class CkksSerializerBoundsTest extends CkksContextsTest {
    private static final Duration QUICK = Duration.ofSeconds(10);

    private CkksTestContext tc;
    private CkksSerializer serializer;
    private final List<Arguments> cases = new ArrayList<>();
    @TempDir
    Path dir;

    private byte[] bytesOf(Object value) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (value instanceof SecretKey sk) {
            serializer.writeSecretKey(sk, out);
        } else {
            serializer.write(value, out);
        }
        if (value instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        return out.toByteArray();
    }

    private static byte[] parametersBytes(CkksParameters params) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CkksSerializer.writeParameters(params, out);
        return out.toByteArray();
    }

    /** A case: {@code file} with the metadata of header {@code header} replaced by {@code meta}. */
    private void craft(String name, Class<?> type, byte[] file, int header, MetadataWriter meta, String expected) {
        ContainerLayout layout = ContainerLayout.of(file, tc.params.n());
        byte[] crafted = ContainerLayout.withMetadata(file, layout.headers().get(header), meta.toByteArray());
        cases.add(Arguments.of(name, type, crafted, expected));
    }

    @BeforeAll
    void craftCases() throws IOException {
        tc = defaultContext();
        serializer = new CkksSerializer(tc.context);
        byte[] ct = bytesOf(tc.encrypt(tc.randomVector(8, false), 2));
        String scale = tc.scale().toString();
        craft("logSlots above N/2", Ciphertext.class, ct, 0,
                new MetadataWriter().putInt(2).putInt(2).putInt(11).putString(scale), "'logSlots' is 11");
        craft("no parts", Ciphertext.class, ct, 0,
                new MetadataWriter().putInt(0).putInt(2).putInt(3).putString(scale), "'parts' is 0");
        craft("2^31-1 parts", Ciphertext.class, ct, 0,
                new MetadataWriter().putInt(Integer.MAX_VALUE).putInt(2).putInt(3).putString(scale), "'parts' is");
        craft("level above the chain", Ciphertext.class, ct, 0,
                new MetadataWriter().putInt(2).putInt(4).putInt(3).putString(scale), "'level' is 4");
        craft("negative level", Ciphertext.class, ct, 0,
                new MetadataWriter().putInt(2).putInt(-1).putInt(3).putString(scale), "'level' is -1");
        for (String[] s : new String[][] {{"NaN", "not a decimal number"}, {"1e400", "within double range"},
                {"1e-400", "within double range"}, {"0", "within double range"}, {"-3", "within double range"},
                {"9".repeat(300), "300 characters"}, {"1\n2", "scale '1\\u000a2' is not a decimal number"}}) {
            craft("scale " + s[0].substring(0, Math.min(8, s[0].length())), Ciphertext.class, ct, 0,
                    new MetadataWriter().putInt(2).putInt(2).putInt(3).putString(s[0]), s[1]);
        }
        craft("string length beyond the metadata", Ciphertext.class, ct, 0,
                new MetadataWriter().putInt(2).putInt(2).putInt(3).putInt(1 << 30), "claims 1073741824 elements");
        craft("secret key below the top level", SecretKey.class, bytesOf(tc.keyGenerator.genSecretKey()), 0,
                new MetadataWriter().putInt(2).putInt(2), "'level' is 2, expected a value in [3, 3]");
        craft("public key below the top level", PublicKey.class, bytesOf(tc.keyGenerator.genPublicKey(tc.secretKey)),
                0, new MetadataWriter().putInt(0), "'level' is 0, expected a value in [3, 3]");
        craftKeyCases();
        craftParameterCases();
    }

    private void craftKeyCases() throws IOException {
        long element = GaloisElements.forRotation(1, tc.params.logN());
        byte[] galois = bytesOf(tc.keyGenerator.genGaloisKey(tc.secretKey, element, 1));
        ContainerLayout layout = ContainerLayout.of(galois, tc.params.n());
        byte[] meta = galois.clone();
        int at = layout.headers().get(0).metadataOffset();
        byte[] seed = new byte[SeedExpander.SEED_BYTES];
        System.arraycopy(meta, at + 8 + 4 + 4 + 4, seed, 0, seed.length); // element, level, digits, seed length
        Function<Long, MetadataWriter> galoisMeta = g -> new MetadataWriter().putLong(g).putInt(1).putInt(1)
                .putBytes(seed);
        craft("even Galois element", GaloisKey.class, galois, 0, galoisMeta.apply(4L), "not an odd number");
        craft("Galois element beyond 2N", GaloisKey.class, galois, 0, galoisMeta.apply(4097L), "not an odd number");
        craft("digits that do not fit the level", GaloisKey.class, galois, 0,
                new MetadataWriter().putLong(element).putInt(1).putInt(2).putBytes(seed), "'digits' is 2");
        craft("seed of 7 bytes", GaloisKey.class, galois, 0,
                new MetadataWriter().putLong(element).putInt(1).putInt(1).putBytes(new byte[7]), "seed has 7 bytes");
        byte[] keySet = bytesOf(tc.keyGenerator.genEvaluationKeySet(tc.secretKey, false, new int[] {1, 2}, false));
        craft("more Galois keys than odd elements", EvaluationKeySet.class, keySet, 0,
                new MetadataWriter().putBoolean(false).putInt(tc.params.n() + 1), "'galoisKeys' is 2049");
        craft("N Galois keys announced, 2 present", EvaluationKeySet.class, keySet, 0,
                new MetadataWriter().putBoolean(false).putInt(tc.params.n()), "truncated");
        // the second key claims the first key's element (the key set's headers: set, key 1, key 2)
        ContainerLayout setLayout = ContainerLayout.of(keySet, tc.params.n());
        int second = setLayout.headers().get(2).metadataOffset();
        byte[] secondMeta = new byte[setLayout.headers().get(2).metadataLength()];
        System.arraycopy(keySet, second, secondMeta, 0, secondMeta.length);
        long first = ByteBuffer.wrap(keySet).getLong(setLayout.headers().get(1).metadataOffset());
        ByteBuffer.wrap(secondMeta).putLong(0, first);
        byte[] duplicate = ContainerLayout.withMetadata(keySet, setLayout.headers().get(2), secondMeta);
        cases.add(Arguments.of("the same Galois element twice", EvaluationKeySet.class, duplicate, "appears twice"));
    }

    private void craftParameterCases() throws IOException {
        byte[] params = parametersBytes(tc.params);
        long[] q = tc.params.qModuli();
        long[] p = tc.params.pModuli();
        Function<int[][], MetadataWriter> literal = f -> new MetadataWriter().putInt(f[0][0]).putInts(f[1]).putInts(f[2])
                .putInt(40).putInt(f[3][0]).putInt(f[3][1]).putBoolean(true).putLongs(q).putLongs(p);
        int[] logQ = tc.params.literal().logQ();
        int[] logP = tc.params.literal().logP();
        craft("logN 30", CkksParameters.class, params, 0,
                literal.apply(new int[][] {{30}, logQ, logP, {0, 0}}), "'logN' is 30");
        craft("1000 Q primes", CkksParameters.class, params, 0,
                literal.apply(new int[][] {{11}, CkksParametersLiteral.repeat(60, 1000), logP, {0, 0}}),
                "lists 1000 primes");
        craft("a 70-bit prime", CkksParameters.class, params, 0,
                literal.apply(new int[][] {{11}, new int[] {55, 70, 40, 40}, logP, {0, 0}}), "70-bit prime");
        craft("a 5-bit prime", CkksParameters.class, params, 0,
                literal.apply(new int[][] {{11}, new int[] {55, 5, 40, 40}, logP, {0, 0}}), "5-bit prime");
        craft("dnum above #Q", CkksParameters.class, params, 0,
                literal.apply(new int[][] {{11}, logQ, logP, {0, 9}}), "'dnum' is 9");
        craft("Hamming weight above N", CkksParameters.class, params, 0,
                literal.apply(new int[][] {{11}, logQ, logP, {4096, 0}}), "'hammingWeight' is 4096");
        craft("fewer primes than sizes", CkksParameters.class, params, 0,
                literal.apply(new int[][] {{11}, new int[] {55, 40, 40, 40, 40}, logP, {0, 0}}),
                "lists 4 Q and 2 P primes for a chain of 5 and 2");
    }

    Stream<Arguments> craftedFiles() {
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("craftedFiles")
    void craftedFilesAreRefusedNamingTheFileAndTheField(String name, Class<?> type, byte[] file, String expected)
            throws IOException {
        Path path = Files.write(dir.resolve("crafted.bin"), file);
        FheFormatException e = assertTimeoutPreemptively(QUICK, () -> assertThrows(FheFormatException.class,
                () -> load(path, type)));
        assertTrue(e.getMessage().startsWith(path + ": ") && !e.getMessage().contains("\n"), e.getMessage());
        assertTrue(e.problem().contains(expected), "expected '" + expected + "' in: " + e.getMessage());
    }

    private Object load(Path path, Class<?> type) throws Exception {
        Object value = type == CkksParameters.class ? CkksSerializer.loadParameters(path) : serializer.load(path, type);
        if (value instanceof AutoCloseable c) {
            c.close();
        }
        return value;
    }

    @Test
    void aResidueAboveItsModulusIsRefusedEvenWithAValidChecksum() throws IOException {
        byte[] file = bytesOf(tc.encrypt(tc.randomVector(8, false), 1));
        ContainerLayout layout = ContainerLayout.of(file, tc.params.n());
        ByteBuffer.wrap(file).putLong(layout.blocks().get(1).offset() + 8 * 5, -1L); // part 0, limb q1, index 5
        layout.rechecksum(file);
        Path path = Files.write(dir.resolve("residue.bin"), file);
        FheFormatException e = assertThrows(FheFormatException.class, () -> serializer.load(path, Ciphertext.class));
        assertTrue(e.problem().contains("ciphertext part 0, limb q1 holds residue 18446744073709551615 >= modulus")
                && e.problem().contains("at index 5"), e.getMessage());
    }

    @Test
    void aHugeMetadataLengthIsRefusedBeforeReadingIt() throws IOException {
        byte[] file = bytesOf(tc.keyGenerator.genPublicKey(tc.secretKey));
        ContainerLayout.Segment header = ContainerLayout.of(file, tc.params.n()).headers().get(0);
        ByteBuffer.wrap(file).putInt(header.metadataOffset() - 4, Integer.MAX_VALUE);
        Path path = Files.write(dir.resolve("huge.bin"), file);
        FheFormatException e = assertThrows(FheFormatException.class, () -> serializer.load(path, PublicKey.class));
        assertTrue(e.problem().contains("metadata length 2147483647 is outside"), e.getMessage());
    }

    @Test
    void oneSlotIsAValidCiphertextThatDecrypts() throws IOException {
        Path path = dir.resolve("one-slot.bin");
        try (Ciphertext ct = tc.encrypt(tc.randomVector(1, false), 1)) {
            serializer.save(ct, path);
        }
        try (Ciphertext loaded = serializer.load(path, Ciphertext.class)) {
            assertEquals(0, loaded.logSlots());
            assertEquals(1, tc.decrypt(loaded).re().length);
        }
    }
}

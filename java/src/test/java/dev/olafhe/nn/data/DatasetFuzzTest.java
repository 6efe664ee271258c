package dev.olafhe.nn.data;

import dev.olafhe.util.FuzzBudget;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fuzzes the Fashion-MNIST (IDX, gzip or plain) and CIFAR-10 (binary) loaders with mutated copies of small valid
 * files written by the test: bit flips, byte overwrites, truncations and crafted header counts. Every try must load
 * or be refused with an {@link IOException} whose one-line message names the file, within {@link #LIMIT}; any other
 * Throwable fails the test.
 *
 * <p>CI runs a small fixed corpus (the tries below, a fixed seed; a few seconds). For a longer run, or another
 * corpus: {@code mvn -pl java -Dolafhe.cuda=OFF test -Dtest=DatasetFuzzTest -Dolafhe.fuzz.tries=10000
 * -Dolafhe.fuzz.seed=7} (see {@link FuzzBudget}).
 */
@AddLifecycleHook(FuzzBudget.class)
class DatasetFuzzTest {
    /** The seed of the CI corpus. */
    private static final String SEED = "20261202";
    private static final Duration LIMIT = Duration.ofSeconds(10);
    private static final String IMAGES = "t10k-images-idx3-ubyte.gz";
    private static final String LABELS = "t10k-labels-idx1-ubyte.gz";
    private static Path dir;

    @BeforeContainer
    static void createDir() throws IOException {
        dir = Files.createTempDirectory("olafhe-fuzz-data-");
    }

    @AfterContainer
    static void deleteDir() throws IOException {
        try (var files = Files.list(dir)) {
            for (Path p : files.toList()) {
                Files.delete(p);
            }
        }
        Files.delete(dir);
    }

    /** Three 28x28 images and their labels as IDX files (uncompressed). */
    private static byte[][] fashionFiles() throws IOException {
        byte[] px = new byte[3 * 28 * 28];
        for (int i = 0; i < px.length; i++) {
            px[i] = (byte) (i * 7);
        }
        return new byte[][] {FashionMnistTest.idx(0x803, new int[] {3, 28, 28}, px),
            FashionMnistTest.idx(0x801, new int[] {3}, new byte[] {0, 9, 4})};
    }

    private static byte[] gzip(byte[] b) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(b);
        }
        return out.toByteArray();
    }

    /** Writes the files and loads them: they load, or the refusal is an IOException naming a file in one line. */
    private static void loadsOrIsRefused(String first, byte[] firstBytes, String second, byte[] secondBytes,
                                         boolean cifar) throws IOException {
        Files.write(dir.resolve(first), firstBytes);
        if (second != null) {
            Files.write(dir.resolve(second), secondBytes);
        }
        assertTimeoutPreemptively(LIMIT, () -> {
            try {
                if (cifar) {
                    Cifar10.test(dir);
                } else {
                    FashionMnist.load(dir, false);
                }
            } catch (IOException e) {
                String m = String.valueOf(e.getMessage());
                assertTrue(m.contains(dir.toString()), m);
                assertFalse(m.contains("\n"), m);
            }
        });
    }

    /** Flips the given bits (positions taken modulo the length). */
    private static byte[] flipped(byte[] b, List<Integer> bits) {
        byte[] out = b.clone();
        for (int bit : bits) {
            long at = bit % (8L * out.length);
            out[(int) (at / 8)] ^= (byte) (1 << (at % 8));
        }
        return out;
    }

    @Property(tries = 100, seed = SEED)
    void fashionBitFlips(@ForAll boolean inImages, @ForAll boolean compressed,
                         @ForAll @Size(min = 1, max = 6) List<@IntRange(min = 0, max = Integer.MAX_VALUE) Integer> bits)
            throws IOException {
        byte[][] f = fashionFiles();
        int k = inImages ? 0 : 1;
        f[k] = compressed ? flipped(gzip(f[k]), bits) : flipped(f[k], bits);
        f[1 - k] = compressed ? gzip(f[1 - k]) : f[1 - k];
        loadsOrIsRefused(IMAGES, f[0], LABELS, f[1], false);
    }

    @Property(tries = 60, seed = SEED)
    void fashionTruncations(@ForAll boolean inImages, @ForAll boolean compressed,
                            @ForAll @IntRange(min = 0, max = 999) int permille) throws IOException {
        byte[][] f = fashionFiles();
        for (int k = 0; k < 2; k++) {
            f[k] = compressed ? gzip(f[k]) : f[k];
        }
        int k = inImages ? 0 : 1;
        f[k] = Arrays.copyOf(f[k], f[k].length * permille / 1000);
        loadsOrIsRefused(IMAGES, f[0], LABELS, f[1], false);
    }

    /** A header dimension replaced by a crafted count (huge, negative, zero, off by one). */
    @Property(tries = 60, seed = SEED)
    void fashionCraftedCounts(@ForAll boolean inImages, @ForAll @IntRange(min = 0, max = 2) int dim,
                              @ForAll int count) throws IOException {
        byte[][] f = fashionFiles();
        int k = inImages ? 0 : 1;
        int d = inImages ? dim : 0;
        ByteBuffer.wrap(f[k]).putInt(4 + 4 * d, count);
        loadsOrIsRefused(IMAGES, gzip(f[0]), LABELS, gzip(f[1]), false);
    }

    @Property(tries = 60, seed = SEED)
    void cifarMutations(@ForAll @Size(min = 1, max = 6) List<@IntRange(min = 0, max = Integer.MAX_VALUE) Integer> bits,
                        @ForAll @IntRange(min = 0, max = 2 * Cifar10.RECORD + 8) int length) throws IOException {
        byte[] b = flipped(Cifar10Test.records(3, 8), bits);
        loadsOrIsRefused("test_batch.bin", Arrays.copyOf(b, length), null, null, true);
    }
}

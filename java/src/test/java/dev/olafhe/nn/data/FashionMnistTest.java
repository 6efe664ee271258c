package dev.olafhe.nn.data;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FashionMnistTest {
    static Dataset test;

    @BeforeAll
    static void load() throws IOException {
        test = FashionMnist.test();
    }

    @Test
    void testSetIsPaddedNormalisedAndBalanced() {
        assertEquals(10000, test.size());
        assertEquals("[1x32x32]", test.shape().toString());
        int[] perClass = new int[10];
        for (int l : test.labels()) {
            perClass[l]++;
        }
        int[] thousand = new int[10];
        Arrays.fill(thousand, 1000);
        assertArrayEquals(thousand, perClass);
        float bg = -FashionMnist.MEAN / FashionMnist.STD;
        float[] img = test.images().sample(0);
        for (int i = 0; i < 32; i++) {
            // 2-pixel border is the zero (background) pixel after normalisation
            assertEquals(bg, img[i], 0f);
            assertEquals(bg, img[32 + i], 0f);
            assertEquals(bg, img[i * 32], 0f);
            assertEquals(bg, img[i * 32 + 31], 0f);
        }
        // raw pixel mean of the test set is 73.15/255 -> normalised mean of the 28x28 interior near 0
        double sum = 0;
        long n = 0;
        for (int k = 0; k < test.size(); k++) {
            for (int y = 2; y < 30; y++) {
                for (int x = 2; x < 30; x++) {
                    sum += test.images().data[k * 1024 + y * 32 + x];
                    n++;
                }
            }
        }
        double rawMean = (sum / n * FashionMnist.STD + FashionMnist.MEAN) * 255;
        assertEquals(73.15, rawMean, 0.05);
        float max = Float.NEGATIVE_INFINITY;
        for (float v : test.images().data) {
            max = Math.max(max, v);
        }
        assertEquals((1 - FashionMnist.MEAN) / FashionMnist.STD, max, 1e-6);
    }

    @Test
    void splitsAreDeterministicDisjointAndSeeded() throws IOException {
        Dataset train = FashionMnist.train();
        assertEquals(60000, train.size());
        Dataset.Split a = train.split(7, 3000, 2000);
        Dataset.Split b = train.split(7, 3000, 2000);
        Dataset.Split c = train.split(8, 3000, 2000);
        assertArrayEquals(a.calibrationIndices(), b.calibrationIndices());
        assertArrayEquals(a.validationIndices(), b.validationIndices());
        assertTrue(!Arrays.equals(a.calibrationIndices(), c.calibrationIndices()));
        Set<Integer> seen = new HashSet<>();
        for (int i : a.calibrationIndices()) {
            seen.add(i);
        }
        for (int i : a.validationIndices()) {
            assertTrue(seen.add(i), "index " + i + " in both parts");
        }
        assertEquals(5000, seen.size());
        assertEquals(3000, a.calibration().size());
        assertEquals(train.labels()[a.validationIndices()[5]], a.validation().labels()[5]);
        assertArrayEquals(train.images().sample(a.calibrationIndices()[9]), a.calibration().images().sample(9));
        assertTrue(a.calibration().name().contains("calibration seed=7"));
        assertThrows(IllegalArgumentException.class, () -> train.split(1, 50000, 20000));
    }

    // ------------------------------------------------------------------ corrupt files written by the test

    static byte[] idx(int magic, int[] dims, byte[] data) throws IOException {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        DataOutputStream d = new DataOutputStream(bos);
        d.writeInt(magic);
        for (int x : dims) {
            d.writeInt(x);
        }
        d.write(data);
        return bos.toByteArray();
    }

    static void gz(Path p, byte[] content) throws IOException {
        try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(p))) {
            o.write(content);
        }
    }

    private static void writeSet(Path dir, byte[] images, byte[] labels) throws IOException {
        gz(dir.resolve("t10k-images-idx3-ubyte.gz"), images);
        gz(dir.resolve("t10k-labels-idx1-ubyte.gz"), labels);
    }

    @Test
    void readsAValidSmallFile(@TempDir Path dir) throws IOException {
        byte[] px = new byte[2 * 28 * 28];
        px[0] = (byte) 255;
        px[28 * 28 + 28 * 5 + 3] = (byte) 128;
        writeSet(dir, idx(0x803, new int[] {2, 28, 28}, px), idx(0x801, new int[] {2}, new byte[] {9, 3}));
        Dataset d = FashionMnist.load(dir, false);
        assertEquals(2, d.size());
        assertArrayEquals(new int[] {9, 3}, d.labels());
        float[] i0 = d.images().sample(0);
        assertEquals((1f - FashionMnist.MEAN) / FashionMnist.STD, i0[2 * 32 + 2], 1e-6);
        float[] i1 = d.images().sample(1);
        assertEquals((128 / 255f - FashionMnist.MEAN) / FashionMnist.STD, i1[(5 + 2) * 32 + 3 + 2], 1e-6);
    }

    @Test
    void missingFileSaysHowToInstall(@TempDir Path dir) {
        NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> FashionMnist.load(dir, true));
        assertTrue(e.getMessage().contains("train-images-idx3-ubyte.gz"), e.getMessage());
        assertTrue(e.getMessage().contains("dataset-fashion-mnist"), e.getMessage());
    }

    @Test
    void wrongMagicIsRefused(@TempDir Path dir) throws IOException {
        writeSet(dir, idx(0x801, new int[] {1, 28, 28}, new byte[784]), idx(0x801, new int[] {1}, new byte[1]));
        DataFormatException e = assertThrows(DataFormatException.class, () -> FashionMnist.load(dir, false));
        assertTrue(e.getMessage().contains("wrong IDX magic 0x00000801, expected 0x00000803"), e.getMessage());
    }

    @Test
    void truncatedDataIsRefused(@TempDir Path dir) throws IOException {
        writeSet(dir, idx(0x803, new int[] {3, 28, 28}, new byte[2 * 784 + 100]),
                idx(0x801, new int[] {3}, new byte[3]));
        DataFormatException e = assertThrows(DataFormatException.class, () -> FashionMnist.load(dir, false));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
        assertTrue(e.getMessage().contains("expected 2352"), e.getMessage());
    }

    @Test
    void truncatedGzipIsRefused(@TempDir Path dir) throws IOException {
        writeSet(dir, idx(0x803, new int[] {1, 28, 28}, new byte[784]), idx(0x801, new int[] {1}, new byte[1]));
        Path p = dir.resolve("t10k-images-idx3-ubyte.gz");
        byte[] all = Files.readAllBytes(p);
        Files.write(p, Arrays.copyOf(all, all.length / 2));
        assertThrows(DataFormatException.class, () -> FashionMnist.load(dir, false));
    }

    @Test
    void labelOutOfRangeIsRefused(@TempDir Path dir) throws IOException {
        writeSet(dir, idx(0x803, new int[] {2, 28, 28}, new byte[2 * 784]), idx(0x801, new int[] {2}, new byte[] {1, 10}));
        DataFormatException e = assertThrows(DataFormatException.class, () -> FashionMnist.load(dir, false));
        assertTrue(e.getMessage().contains("label 10 of record 1"), e.getMessage());
    }

    @Test
    void countMismatchIsRefused(@TempDir Path dir) throws IOException {
        writeSet(dir, idx(0x803, new int[] {2, 28, 28}, new byte[2 * 784]), idx(0x801, new int[] {1}, new byte[] {1}));
        assertThrows(DataFormatException.class, () -> FashionMnist.load(dir, false));
    }

    /** A header promising 2^31 - 1 images used to allocate that many bytes up front. */
    @Test
    void aHugeCountInTheHeaderIsRefusedWithoutAllocatingIt(@TempDir Path dir) throws IOException {
        writeSet(dir, idx(0x803, new int[] {Integer.MAX_VALUE, 28, 28}, new byte[784]),
                idx(0x801, new int[] {1}, new byte[1]));
        DataFormatException e = assertThrows(DataFormatException.class, () -> FashionMnist.load(dir, false));
        assertTrue(e.getMessage().contains("too large"), e.getMessage());
        // within the limit but far beyond the data: refused as truncated, having allocated only what arrived
        writeSet(dir, idx(0x803, new int[] {200_000, 28, 28}, new byte[784]), idx(0x801, new int[] {1}, new byte[1]));
        e = assertThrows(DataFormatException.class, () -> FashionMnist.load(dir, false));
        assertTrue(e.getMessage().contains("truncated, expected 156800000 data bytes after the header, got 784"),
                e.getMessage());
    }

    @Test
    void aDeviceInPlaceOfAFileIsRefusedBeforeReading(@TempDir Path dir) throws IOException {
        Path zero = Path.of("/dev/zero");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(zero));
        Files.createSymbolicLink(dir.resolve("t10k-images-idx3-ubyte.gz"), zero);
        IOException e = assertThrows(IOException.class, () -> FashionMnist.load(dir, false));
        assertTrue(e.getMessage().endsWith("t10k-images-idx3-ubyte.gz is a device, FIFO or socket, not a regular file"),
                e.getMessage());
    }
}

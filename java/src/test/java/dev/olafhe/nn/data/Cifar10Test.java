package dev.olafhe.nn.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Cifar10Test {
    /** Records whose label is {@code labels[i]} and whose pixel p of channel c is (i + c + p) mod 256. */
    static byte[] records(int... labels) {
        byte[] b = new byte[labels.length * Cifar10.RECORD];
        for (int i = 0; i < labels.length; i++) {
            b[i * Cifar10.RECORD] = (byte) labels[i];
            for (int c = 0; c < 3; c++) {
                for (int p = 0; p < 1024; p++) {
                    b[i * Cifar10.RECORD + 1 + c * 1024 + p] = (byte) ((i + c + p) % 256);
                }
            }
        }
        return b;
    }

    private static float expected(int i, int c, int p) {
        return (((i + c + p) % 256) / 255f - Cifar10.MEAN[c]) / Cifar10.STD[c];
    }

    @Test
    void readsTrainAndTestBatches(@TempDir Path dir) throws IOException {
        Files.write(dir.resolve("data_batch_1.bin"), records(0, 9));
        Files.write(dir.resolve("data_batch_2.bin"), records(4));
        Files.write(dir.resolve("test_batch.bin"), records(7, 1, 2));
        Dataset train = Cifar10.train(dir);
        assertEquals(3, train.size());
        assertArrayEquals(new int[] {0, 9, 4}, train.labels());
        assertEquals("[3x32x32]", train.shape().toString());
        float[] img = train.images().sample(1);
        assertEquals(expected(1, 0, 0), img[0], 1e-6);
        assertEquals(expected(1, 2, 1000), img[2 * 1024 + 1000], 1e-6);
        // the third training image is record 0 of the second file
        assertEquals(expected(0, 1, 17), train.images().sample(2)[1024 + 17], 1e-6);
        Dataset test = Cifar10.test(dir);
        assertArrayEquals(new int[] {7, 1, 2}, test.labels());
        // through the CLI resolver as well
        Dataset viaSpec = DataSpec.resolve(dir.toString(), "test", 1, 0, 0);
        assertArrayEquals(test.labels(), viaSpec.labels());
    }

    @Test
    void truncatedRecordIsRefused(@TempDir Path dir) throws IOException {
        byte[] r = records(1, 2);
        Files.write(dir.resolve("test_batch.bin"), Arrays.copyOf(r, r.length - 5));
        DataFormatException e = assertThrows(DataFormatException.class, () -> Cifar10.test(dir));
        assertTrue(e.getMessage().contains("truncated record 1"), e.getMessage());
    }

    @Test
    void labelOutOfRangeIsRefused(@TempDir Path dir) throws IOException {
        Files.write(dir.resolve("test_batch.bin"), records(3, 12));
        DataFormatException e = assertThrows(DataFormatException.class, () -> Cifar10.test(dir));
        assertTrue(e.getMessage().contains("label 12 of record 1"), e.getMessage());
    }

    @Test
    void missingFilesAreReported(@TempDir Path dir) throws IOException {
        assertThrows(NoSuchFileException.class, () -> Cifar10.test(dir));
        NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> Cifar10.train(dir));
        assertTrue(e.getMessage().contains("data_batch"), e.getMessage());
        assertThrows(NoSuchFileException.class, () -> Cifar10.test(dir.resolve("nope")));
    }

    @Test
    void aDeviceOrAnOversizedFileIsRefusedBeforeReading(@TempDir Path dir) throws IOException {
        Path zero = Path.of("/dev/zero");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(zero));
        Files.createSymbolicLink(dir.resolve("test_batch.bin"), zero);
        IOException e = assertThrows(IOException.class, () -> Cifar10.test(dir));
        assertTrue(e.getMessage().endsWith("test_batch.bin is a device, FIFO or socket, not a regular file"),
                e.getMessage());
        // a sparse file of more records than a data set may have: refused by its size, unread
        Path big = dir.resolve("data_batch_1.bin");
        try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(big.toFile(), "rw")) {
            f.setLength((Cifar10.MAX_IMAGES + 1) * Cifar10.RECORD);
        }
        e = assertThrows(IOException.class, () -> Cifar10.train(dir));
        assertTrue(e.getMessage().contains("this reader accepts"), e.getMessage());
    }
}

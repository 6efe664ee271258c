package dev.olafhe.nn.data;

import dev.olafhe.nn.InputFiles;
import dev.olafhe.nn.Shape;
import dev.olafhe.nn.Tensor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * CIFAR-10 in its binary format: each record is 1 label byte (0-9) followed by 3072 pixel bytes (1024 red,
 * 1024 green, 1024 blue, row-major 32x32). Training files {@code data_batch_1.bin .. data_batch_5.bin}, test
 * file {@code test_batch.bin}. Images are normalised per channel with the usual CIFAR-10 statistics
 * {@code (x / 255 - MEAN[c]) / STD[c]}.
 */
public final class Cifar10 {
    public static final int RECORD = 1 + 3 * 32 * 32;
    public static final int CLASSES = 10;
    public static final float[] MEAN = {0.4914f, 0.4822f, 0.4465f};
    public static final float[] STD = {0.2470f, 0.2435f, 0.2616f};
    /** The most images a data set may have (87,381; the real splits have 50,000 and 10,000): Dataset.MAX_VALUES. */
    static final long MAX_IMAGES = Dataset.MAX_VALUES / (3 * 32 * 32);

    private Cifar10() {
    }

    /** Training set: every {@code data_batch_*.bin} in {@code dir}, in name order. */
    public static Dataset train(Path dir) throws IOException {
        List<Path> files = new ArrayList<>();
        try (var s = Files.list(requireDir(dir))) {
            s.filter(p -> p.getFileName().toString().matches("data_batch_\\d+\\.bin")).sorted().forEach(files::add);
        }
        if (files.isEmpty()) {
            throw new NoSuchFileException(dir.toString(), null, "no data_batch_*.bin files (CIFAR-10 binary "
                    + "version) in this directory");
        }
        return load("cifar10/train", files);
    }

    /** Test set: {@code test_batch.bin} in {@code dir}. */
    public static Dataset test(Path dir) throws IOException {
        return load("cifar10/test", List.of(requireDir(dir).resolve("test_batch.bin")));
    }

    private static Path requireDir(Path dir) throws NoSuchFileException {
        if (!Files.isDirectory(dir)) {
            throw new NoSuchFileException(dir.toString(), null, "CIFAR-10 directory missing");
        }
        return dir;
    }

    /**
     * Loads and concatenates the given binary batch files. Their sizes are checked (regular files, whole records,
     * at most {@link #MAX_IMAGES} records in all) before any is read.
     */
    public static Dataset load(String name, List<Path> files) throws IOException {
        long[] sizes = new long[files.size()];
        long records = 0;
        for (int k = 0; k < sizes.length; k++) {
            Path f = files.get(k);
            sizes[k] = InputFiles.checkRegularFile(f, MAX_IMAGES * RECORD, "CIFAR-10 batch file missing");
            if (sizes[k] == 0 || sizes[k] % RECORD != 0) {
                throw new DataFormatException(f + ": " + sizes[k] + " bytes is not a whole number of "
                        + RECORD + "-byte records (truncated record " + (sizes[k] / RECORD) + ")");
            }
            records += sizes[k] / RECORD;
        }
        if (records > MAX_IMAGES) {
            throw new DataFormatException(name + ": " + records + " records in " + files + ", more than the "
                    + MAX_IMAGES + " a data set may have");
        }
        int n = (int) records;
        int s = 3 * 1024;
        float[] out = new float[Math.multiplyExact(n, s)];
        int[] labels = new int[n];
        int i = 0;
        for (int k = 0; k < sizes.length; k++) {
            byte[] b = readRecords(files.get(k), sizes[k]);
            for (int r = 0; r < b.length / RECORD; r++, i++) {
                int base = r * RECORD;
                labels[i] = b[base] & 0xFF;
                for (int c = 0; c < 3; c++) {
                    float m = MEAN[c];
                    float sd = STD[c];
                    for (int p = 0; p < 1024; p++) {
                        out[i * s + c * 1024 + p] = ((b[base + 1 + c * 1024 + p] & 0xFF) / 255f - m) / sd;
                    }
                }
            }
        }
        return new Dataset(name, new Tensor(n, Shape.chw(3, 32, 32), out), labels, CLASSES);
    }

    /** The file's records, which must still be {@code size} bytes long, with every label checked. */
    private static byte[] readRecords(Path f, long size) throws IOException {
        byte[] b = InputFiles.readAll(f, size, "CIFAR-10 batch file missing");
        if (b.length != size) {
            throw new IOException(f + " changed while being read (" + size + " bytes, then " + b.length + ")");
        }
        for (int r = 0; r < b.length / RECORD; r++) {
            int label = b[r * RECORD] & 0xFF;
            if (label >= CLASSES) {
                throw new DataFormatException(f + ": label " + label + " of record " + r + " is outside [0, "
                        + CLASSES + ")");
            }
        }
        return b;
    }
}

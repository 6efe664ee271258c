package dev.olafhe.nn.data;

import dev.olafhe.nn.InputFiles;
import dev.olafhe.nn.Shape;
import dev.olafhe.nn.Tensor;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Fashion-MNIST from the gzip IDX files of Debian's {@code dataset-fashion-mnist}
 * ({@code /usr/share/datasets/fashion-mnist/}), presented as 1x32x32 images exactly as models/train.py
 * trains on them: {@code x = pixel / 255}, zero-padded by 2 px on each side (so the border has the value
 * of the black background), then normalised {@code (x - MEAN) / STD}.
 */
public final class FashionMnist {
    public static final Path DEFAULT_DIR = Path.of("/usr/share/datasets/fashion-mnist");
    public static final float MEAN = 0.2860f;
    public static final float STD = 0.3530f;
    public static final int SIZE = 32;
    public static final int RAW = 28;
    public static final int PAD = 2;
    public static final int CLASSES = 10;
    public static final String[] CLASS_NAMES = {"T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal",
            "Shirt", "Sneaker", "Bag", "Ankle boot"};
    /** The most images a split may have (262,144; the real ones have 60,000 and 10,000): see Dataset.MAX_VALUES. */
    static final long MAX_IMAGES = Dataset.MAX_VALUES / (SIZE * SIZE);
    /** Files larger than this are refused unread; the bytes decoded from one are bounded by its header check. */
    private static final long MAX_FILE_BYTES = Integer.MAX_VALUE;

    private FashionMnist() {
    }

    public static Dataset train() throws IOException {
        return load(DEFAULT_DIR, true);
    }

    public static Dataset test() throws IOException {
        return load(DEFAULT_DIR, false);
    }

    /** Loads the training ({@code train-*}) or test ({@code t10k-*}) split from {@code dir}. */
    public static Dataset load(Path dir, boolean train) throws IOException {
        String prefix = train ? "train" : "t10k";
        Path imgPath = dir.resolve(prefix + "-images-idx3-ubyte.gz");
        Path labPath = dir.resolve(prefix + "-labels-idx1-ubyte.gz");
        Idx img = readIdx(imgPath, 3, MAX_IMAGES * RAW * RAW);
        Idx lab = readIdx(labPath, 1, MAX_IMAGES);
        if (img.dims[1] != RAW || img.dims[2] != RAW) {
            throw new DataFormatException(imgPath + ": expected " + RAW + "x" + RAW + " images, got "
                    + img.dims[1] + "x" + img.dims[2]);
        }
        if (img.dims[0] != lab.dims[0]) {
            throw new DataFormatException(imgPath + " has " + img.dims[0] + " images but " + labPath + " has "
                    + lab.dims[0] + " labels");
        }
        int n = img.dims[0];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = lab.data[i] & 0xFF;
            if (labels[i] >= CLASSES) {
                throw new DataFormatException(labPath + ": label " + labels[i] + " of record " + i
                        + " is outside [0, " + CLASSES + ")");
            }
        }
        return new Dataset("fashion-mnist/" + (train ? "train" : "test"), toImages(img.data, n), labels, CLASSES);
    }

    /** Raw 28x28 uint8 images -> normalised, padded 1x32x32 floats. */
    static Tensor toImages(byte[] raw, int n) {
        int s = SIZE * SIZE;
        float[] out = new float[Math.multiplyExact(n, s)];
        float bg = (0f - MEAN) / STD;
        java.util.Arrays.fill(out, bg);
        for (int i = 0; i < n; i++) {
            for (int y = 0; y < RAW; y++) {
                int src = i * RAW * RAW + y * RAW;
                int dst = i * s + (y + PAD) * SIZE + PAD;
                for (int x = 0; x < RAW; x++) {
                    out[dst + x] = ((raw[src + x] & 0xFF) / 255f - MEAN) / STD;
                }
            }
        }
        return new Tensor(n, Shape.chw(1, SIZE, SIZE), out);
    }

    /** A parsed IDX file of unsigned bytes. */
    record Idx(int[] dims, byte[] data) {
    }

    /**
     * Reads a gzip (or, if not gzip, plain) IDX file of unsigned bytes with {@code expectedDims} dimensions and at
     * most {@code maxBytes} data bytes. The header is checked before the data is read, and the data is allocated as
     * it arrives, so neither a crafted count nor a short file allocates more than the file holds.
     */
    static Idx readIdx(Path path, int expectedDims, long maxBytes) throws IOException {
        InputFiles.checkRegularFile(path, MAX_FILE_BYTES, "Fashion-MNIST file missing; install it with "
                + "'apt-get install -y dataset-fashion-mnist' or point --data at a directory holding it");
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(path), 1 << 16)) {
            raw.mark(2);
            int b0 = raw.read();
            int b1 = raw.read();
            raw.reset();
            InputStream in = (b0 == 0x1f && b1 == 0x8b) ? new GZIPInputStream(raw, 1 << 16) : raw;
            DataInputStream d = new DataInputStream(in);
            int[] dims = readHeader(path, d, expectedDims, maxBytes);
            long total = 1;
            for (int dim : dims) {
                total *= dim;
            }
            byte[] data = d.readNBytes((int) total);
            if (data.length < total) {
                throw new DataFormatException(path + ": truncated, expected " + total + " data bytes after the "
                        + "header, got " + data.length);
            }
            return new Idx(dims, data);
        } catch (java.util.zip.ZipException e) {
            throw new DataFormatException(path + ": corrupt gzip stream: " + e.getMessage());
        } catch (EOFException e) {
            throw new DataFormatException(path + ": truncated gzip stream");
        }
    }

    /** The IDX magic and dimensions; their product (the data bytes) must be at most {@code maxBytes}. */
    private static int[] readHeader(Path path, DataInputStream d, int expectedDims, long maxBytes) throws IOException {
        int magic;
        try {
            magic = d.readInt();
        } catch (EOFException e) {
            throw new DataFormatException(path + ": truncated, no IDX header");
        }
        int expectedMagic = 0x0800 | expectedDims;
        if (magic != expectedMagic) {
            throw new DataFormatException(String.format("%s: wrong IDX magic 0x%08x, expected 0x%08x "
                    + "(unsigned bytes, %d dims)", path, magic, expectedMagic, expectedDims));
        }
        int[] dims = new int[expectedDims];
        long total = 1;
        for (int i = 0; i < expectedDims; i++) {
            try {
                dims[i] = d.readInt();
            } catch (EOFException e) {
                throw new DataFormatException(path + ": truncated IDX header");
            }
            if (dims[i] <= 0) {
                throw new DataFormatException(path + ": bad dimension " + dims[i]);
            }
            total *= dims[i]; // at most maxBytes (< 2^31) times an int: no overflow
            if (total > maxBytes) {
                throw new DataFormatException(path + ": too large (dimensions " + java.util.Arrays.toString(
                        java.util.Arrays.copyOf(dims, i + 1)) + " promise more than " + maxBytes + " bytes)");
            }
        }
        return dims;
    }
}

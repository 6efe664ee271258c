package dev.olafhe.nn.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Resolves a data set named on the command line: {@code fashion-mnist} (Debian's files), a directory holding the
 * Fashion-MNIST IDX files, or a CIFAR-10 binary directory ({@code data_batch_*.bin}, {@code test_batch.bin}); and a
 * split: {@code test}, {@code train}, or the seeded {@code calibration} / {@code validation} parts of the training
 * set ({@link Dataset#split}).
 */
public final class DataSpec {
    public static final int DEFAULT_CALIBRATION = 5000;
    public static final int DEFAULT_VALIDATION = 5000;
    public static final long DEFAULT_SEED = 1;

    private DataSpec() {
    }

    public static Dataset resolve(String data, String split, long seed, int calibrationSize, int validationSize)
            throws IOException {
        boolean cifar;
        Path dir;
        if (data.equals("fashion-mnist")) {
            cifar = false;
            dir = FashionMnist.DEFAULT_DIR;
        } else {
            dir = Path.of(data);
            if (!Files.isDirectory(dir)) {
                throw new java.nio.file.NoSuchFileException(data, null,
                        "data must be 'fashion-mnist' or a directory with Fashion-MNIST or CIFAR-10 (binary) files");
            }
            cifar = Files.exists(dir.resolve("test_batch.bin")) || Files.exists(dir.resolve("data_batch_1.bin"));
        }
        switch (split) {
            case "test":
                return cifar ? Cifar10.test(dir) : FashionMnist.load(dir, false);
            case "train":
                return cifar ? Cifar10.train(dir) : FashionMnist.load(dir, true);
            case "calibration":
            case "validation": {
                Dataset train = cifar ? Cifar10.train(dir) : FashionMnist.load(dir, true);
                Dataset.Split s = train.split(seed, calibrationSize, validationSize);
                return split.equals("calibration") ? s.calibration() : s.validation();
            }
            default:
                throw new IllegalArgumentException("unknown split '" + split
                        + "' (test, train, calibration, validation)");
        }
    }
}

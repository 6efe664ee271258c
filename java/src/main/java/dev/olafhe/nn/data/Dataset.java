package dev.olafhe.nn.data;

import dev.olafhe.nn.Shape;
import dev.olafhe.nn.Tensor;

import java.util.Arrays;
import java.util.Random;

/**
 * An in-memory labelled image set, already normalised the way the models were trained. Immutable.
 *
 * @param name   human-readable provenance, e.g. {@code fashion-mnist/train[calibration seed=1 n=5000]}
 * @param images all images, one sample per row
 * @param labels class index per image, in {@code [0, numClasses)}
 */
public record Dataset(String name, Tensor images, int[] labels, int numClasses) {
    /**
     * The most image values (floats) a loader builds a data set of: 2^28, 1 GiB. Loaders check the counts a file
     * promises against it before allocating, so a crafted header cannot exhaust memory.
     */
    public static final long MAX_VALUES = 1L << 28;

    public Dataset {
        if (images.n != labels.length) {
            throw new IllegalArgumentException(images.n + " images but " + labels.length + " labels");
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= numClasses) {
                throw new IllegalArgumentException("label " + labels[i] + " of image " + i + " outside [0, "
                        + numClasses + ")");
            }
        }
    }

    public int size() {
        return labels.length;
    }

    public Shape shape() {
        return images.shape;
    }

    /** Images {@code [from, to)} as a batch. */
    public Tensor batch(int from, int to) {
        return images.slice(from, to);
    }

    /** The subset at the given indices, in that order. */
    public Dataset subset(String subsetName, int[] indices) {
        int s = images.sampleSize();
        float[] out = new float[Math.multiplyExact(indices.length, s)];
        int[] lab = new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            System.arraycopy(images.data, indices[i] * s, out, i * s, s);
            lab[i] = labels[indices[i]];
        }
        return new Dataset(subsetName, new Tensor(indices.length, images.shape, out), lab, numClasses);
    }

    /** The first {@code n} images (or all if fewer). */
    public Dataset head(int n) {
        int k = Math.min(n, size());
        int[] idx = new int[k];
        Arrays.setAll(idx, i -> i);
        return subset(name + "[0:" + k + "]", idx);
    }

    /**
     * A deterministic disjoint split of this set (normally the training set) into a calibration part of
     * {@code calibrationSize} images and a validation part of {@code validationSize} images: a seeded
     * Fisher-Yates permutation ({@link java.util.Random} with {@code seed}), calibration = the first
     * {@code calibrationSize} entries, validation = the next {@code validationSize}. The same seed always gives
     * the same split on every machine. The planner profiles on calibration and measures impact on
     * validation; neither must ever be taken from the test set.
     */
    public Split split(long seed, int calibrationSize, int validationSize) {
        if (calibrationSize < 0 || validationSize < 0 || (long) calibrationSize + validationSize > size()) {
            throw new IllegalArgumentException("cannot split " + size() + " images into " + calibrationSize
                    + " calibration + " + validationSize + " validation");
        }
        int[] perm = new int[size()];
        Arrays.setAll(perm, i -> i);
        Random rnd = new Random(seed);
        for (int i = perm.length - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = perm[i];
            perm[i] = perm[j];
            perm[j] = t;
        }
        int[] cal = Arrays.copyOfRange(perm, 0, calibrationSize);
        int[] val = Arrays.copyOfRange(perm, calibrationSize, calibrationSize + validationSize);
        return new Split(seed,
                subset(name + "[calibration seed=" + seed + " n=" + calibrationSize + "]", cal),
                subset(name + "[validation seed=" + seed + " n=" + validationSize + "]", val),
                cal, val);
    }

    /** A calibration/validation split with the indices into the parent set it was drawn from. */
    public record Split(long seed, Dataset calibration, Dataset validation, int[] calibrationIndices,
                        int[] validationIndices) {
    }
}

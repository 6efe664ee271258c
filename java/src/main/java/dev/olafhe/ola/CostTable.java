package dev.olafhe.ola;

import dev.olafhe.approx.Basis;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Predicted homomorphic time of activation layers, per ciphertext: the analytic model ({@link AnalyticCostTable})
 * or a table measured on a backend ({@link MeasuredCostTable}), behind one interface so the planner does not care
 * which. Times are seconds per ciphertext; a layer's time is that times its number of ciphertexts.
 */
public interface CostTable {
    /** The table measured in {@code file} ({@link MeasuredCostTable}), or the analytic CPU model when it is null. */
    static CostTable measuredOrAnalytic(Path file) throws IOException {
        return file == null ? AnalyticCostTable.cpuLogN16() : MeasuredCostTable.load(file);
    }

    /** Where the numbers come from (model and constants, or device and benchmark file). */
    String description();

    /** Slots per ciphertext (how many activation inputs one ciphertext holds). */
    int slots();

    /** Seconds to evaluate a degree-d polynomial in the given basis on one ciphertext. */
    double polynomialSeconds(int degree, Basis basis);

    /** Levels the polynomial consumes. */
    int depth(int degree, Basis basis);

    /** Seconds to bootstrap one ciphertext. */
    double bootstrapSeconds();

    /** Levels available after a bootstrap. */
    int levelsAfterBootstrap();

    /** Number of ciphertexts an activation layer of {@code elements} values per image occupies. */
    default int ciphertexts(long elements) {
        return (int) Math.max(1, (elements + slots() - 1) / slots());
    }

    /**
     * Cost of a degree-d activation for the plain DP: polynomial time plus bootstrapping amortised per level
     * consumed (depth / levelsAfterBootstrap bootstraps), per ciphertext.
     */
    default double amortisedSeconds(int degree, Basis basis) {
        return polynomialSeconds(degree, basis)
                + bootstrapSeconds() * depth(degree, basis) / (double) levelsAfterBootstrap();
    }

    /**
     * The composite ReLU x (1 + s(x)) / 2 with sign stages of the given (odd) degrees, per ciphertext and without
     * bootstrapping: {seconds, depth}. Stage times add, plus one multiplication for x * s; depths add, plus one.
     */
    default double[] compositeRelu(int[] stageDegrees) {
        double t = multiplicationSeconds(); // x * s
        int depth = 1;
        for (int d : stageDegrees) {
            t += polynomialSeconds(d, Basis.ODD);
            depth += depth(d, Basis.ODD);
        }
        return new double[] {t, depth};
    }

    /** Seconds of one ciphertext-ciphertext multiplication with relinearization and rescale. */
    double multiplicationSeconds();
}

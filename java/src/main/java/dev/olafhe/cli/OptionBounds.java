package dev.olafhe.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

import java.util.Locale;

/**
 * Range checks of numeric options, made before a command does any work: a value out of range is a usage error
 * ({@link ParameterException}), which {@link Main} prints as one line with exit code 2, as it does a value that is
 * not a number at all. Upper bounds keep a typo (an extra digit) from allocating memory or threads without end.
 */
final class OptionBounds {
    /** Most worker threads a command starts. */
    static final int MAX_THREADS = 1024;
    /** Most images per forward call of the plaintext executor (each holds all activations of an image). */
    static final int MAX_BATCH = 4096;
    /** Most histogram or budget bins. */
    static final int MAX_BINS = 1_000_000;

    private OptionBounds() {
    }

    /** Refuses {@code value} of {@code option} outside [min, max]. */
    static void check(CommandSpec spec, String option, long value, long min, long max) {
        if (value < min || value > max) {
            throw new ParameterException(spec.commandLine(), option + " must be "
                    + (max == Integer.MAX_VALUE || max == Long.MAX_VALUE ? "at least " + min
                    : "between " + min + " and " + max) + ", got " + value);
        }
    }

    /** Refuses {@code value} of {@code option} unless it is a finite number in [min, max]. */
    static void checkFinite(CommandSpec spec, String option, double value, double min, double max) {
        if (!(value >= min && value <= max)) {
            throw new ParameterException(spec.commandLine(), String.format(Locale.ROOT,
                    "%s must be a number between %s and %s, got %s", option, plain(min), plain(max), value));
        }
    }

    private static String plain(double x) {
        return x == Math.rint(x) && Math.abs(x) < 1e15 ? Long.toString((long) x) : Double.toString(x);
    }
}

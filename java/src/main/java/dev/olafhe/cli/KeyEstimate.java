package dev.olafhe.cli;

import dev.olafhe.ckks.boot.BootstrappingKeyPlan;

import java.util.Locale;

/**
 * Key memory of a compiled session before generating anything, with every key's uniform half resident: the
 * program's keys at the levels where its layers use them, and bootstrapping's key plan for the program's slot count
 * (building that plan lays out the DFT factors, so compute an estimate once and pass it on).
 */
record KeyEstimate(long programBytes, long bootstrappingBytes, int rotationKeys) {
    static KeyEstimate of(InferenceSession.Compiled c) {
        return new KeyEstimate(programBytes(c), bootstrappingBytes(c), c.program().rotationSteps().length);
    }

    static long programBytes(InferenceSession.Compiled c) {
        return c.program().keyMemory(c.params(), false).totalInMemory();
    }

    static long bootstrappingBytes(InferenceSession.Compiled c) {
        return c.bootstrapping() == null ? 0 : BootstrappingKeyPlan.of(c.bootstrapping(),
                Integer.numberOfTrailingZeros(c.program().slots())).bytes();
    }

    long total() {
        return programBytes + bootstrappingBytes;
    }

    String describe() {
        return String.format(Locale.ROOT, "%.2f GiB in memory (program %.2f GiB: relinearization + %d rotation keys, "
                        + "each at the highest level its layers use%s)", total() / 1073741824.0,
                programBytes / 1073741824.0, rotationKeys, bootstrappingBytes == 0 ? ""
                        : String.format(Locale.ROOT, "; bootstrapping %.2f GiB", bootstrappingBytes / 1073741824.0));
    }
}

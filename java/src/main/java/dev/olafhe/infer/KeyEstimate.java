package dev.olafhe.infer;

import dev.olafhe.ckks.boot.BootstrappingKeyPlan;

import java.util.Locale;

/**
 * Key memory of a compiled session before generating anything, with every key's uniform half resident: the
 * program's keys at the levels where its layers use them, and bootstrapping's key plan for the program's slot count
 * (building that plan lays out the DFT factors, so compute an estimate once and pass it on).
 */
public record KeyEstimate(long programBytes, long bootstrappingBytes, int rotationKeys) {
    public static KeyEstimate of(CompiledSession c) {
        return new KeyEstimate(programBytes(c), bootstrappingBytes(c), c.program().rotationSteps().length);
    }

    /** The program's evaluation keys, each at the highest level its layers use it. */
    public static long programBytes(CompiledSession c) {
        return c.program().keyMemory(c.params(), false).totalInMemory();
    }

    /** Bootstrapping's keys for the program's slot count (0 without bootstrapping). */
    public static long bootstrappingBytes(CompiledSession c) {
        return c.bootstrapping() == null ? 0 : BootstrappingKeyPlan.of(c.bootstrapping(),
                Integer.numberOfTrailingZeros(c.program().slots())).bytes();
    }

    public long total() {
        return programBytes + bootstrappingBytes;
    }

    public String describe() {
        return String.format(Locale.ROOT, "%.2f GiB in memory (program %.2f GiB: relinearization + %d rotation keys, "
                        + "each at the highest level its layers use%s)", total() / 1073741824.0,
                programBytes / 1073741824.0, rotationKeys, bootstrappingBytes == 0 ? ""
                        : String.format(Locale.ROOT, "; bootstrapping %.2f GiB", bootstrappingBytes / 1073741824.0));
    }
}

package dev.olafhe.cli;

import picocli.CommandLine.Option;

/**
 * The options that choose the CKKS chain of an encrypted run: a bootstrapping preset, or without one a chain of
 * exactly the levels the program needs (--logn, --log-scale), and whether parameters below 128-bit security are
 * allowed. One default each, for every command that compiles a model (run, keygen, bench).
 */
final class ChainOptions {
    @Option(names = "--bootstrapping", defaultValue = "none", description = "none (default: every level up front, "
            + "--logn/--log-scale), n16-resnet (logN 16, 16 levels after bootstrapping, 128-bit) or logn11-insecure "
            + "(tests); with bootstrapping the preset fixes the ring and the scale")
    String bootstrapping;

    @Option(names = "--logn", defaultValue = "16", description = "log2 ring degree without bootstrapping "
            + "(default: ${DEFAULT-VALUE})")
    int logN;

    @Option(names = "--log-scale", defaultValue = "40", description = "log2 of the scale and of each level's prime "
            + "without bootstrapping (default: ${DEFAULT-VALUE})")
    int logScale;

    @Option(names = "--insecure", description = "allow parameters below 128-bit security (tests, small demos)")
    boolean insecure;
}

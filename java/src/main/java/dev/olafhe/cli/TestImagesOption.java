package dev.olafhe.cli;

import picocli.CommandLine.Option;

/** --index and --images: the consecutive test images an encrypted run classifies. */
final class TestImagesOption {
    @Option(names = "--index", defaultValue = "0", description = "first test image (default: ${DEFAULT-VALUE})")
    int index;

    @Option(names = "--images", defaultValue = "1", description = "number of consecutive test images (per "
            + "configuration in bench) (default: ${DEFAULT-VALUE})")
    int images;
}

package dev.olafhe.ckks.io;

import java.io.IOException;

/**
 * A file or stream that cannot be read as the expected OLA-FHE object: not an OLA-FHE file, an
 * unsupported format version, corrupt (checksum mismatch), truncated, of another object kind, or written
 * for other CKKS parameters. The message names the source and the problem.
 */
public final class FheFormatException extends IOException {
    private final String source;
    private final String problem;

    public FheFormatException(String source, String problem) {
        super(source + ": " + problem);
        this.source = source;
        this.problem = problem;
    }

    /** The file path or stream name given when reading. */
    public String source() {
        return source;
    }

    /** What is wrong, without the source. */
    public String problem() {
        return problem;
    }
}

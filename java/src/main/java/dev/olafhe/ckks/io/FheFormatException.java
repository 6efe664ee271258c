package dev.olafhe.ckks.io;

import java.io.IOException;

/**
 * A file or stream that cannot be read as the expected OLA-FHE object: not an OLA-FHE file, an
 * unsupported format version, corrupt (checksum mismatch), truncated, of another object kind, or written
 * for other CKKS parameters. The message names the source and the problem, on one line: control characters that
 * a damaged file brings into the problem text (e.g. a newline in a stored field it quotes) are shown escaped.
 */
public final class FheFormatException extends IOException {
    private final String source;
    private final String problem;

    public FheFormatException(String source, String problem) {
        super(source + ": " + oneLine(problem));
        this.source = source;
        this.problem = oneLine(problem);
    }

    private static String oneLine(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(c -> {
            if (Character.isISOControl(c)) {
                out.append(String.format("\\u%04x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.toString();
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

package dev.olafhe.nn.onnx;

/**
 * The ONNX model is malformed or uses something the importer does not support; the message names the op, node and,
 * for unsupported ones, a hint. {@link OnnxImporter#load} reports it as a {@link ModelFormatException} naming the
 * file.
 */
public final class OnnxImportException extends RuntimeException {
    public OnnxImportException(String message) {
        super(oneLine(message));
    }

    /** The message with line breaks and other control characters (from names in the file) shown as '?'. */
    private static String oneLine(String message) {
        StringBuilder s = new StringBuilder(message.length());
        message.codePoints().forEach(c -> s.appendCodePoint(Character.isISOControl(c)
                || Character.getType(c) == Character.LINE_SEPARATOR
                || Character.getType(c) == Character.PARAGRAPH_SEPARATOR ? '?' : c));
        return s.toString();
    }
}

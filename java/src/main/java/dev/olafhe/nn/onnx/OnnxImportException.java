package dev.olafhe.nn.onnx;

/**
 * The ONNX model is malformed or uses something the importer does not support; the message names the op, node and,
 * for unsupported ones, a hint. {@link OnnxImporter#load} reports it as a {@link ModelFormatException} naming the
 * file.
 */
public final class OnnxImportException extends RuntimeException {
    public OnnxImportException(String message) {
        super(message);
    }
}

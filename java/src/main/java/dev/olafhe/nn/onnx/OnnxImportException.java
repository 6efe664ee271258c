package dev.olafhe.nn.onnx;

/** The ONNX model uses something the importer does not support; the message names the op, node and a hint. */
public final class OnnxImportException extends RuntimeException {
    public OnnxImportException(String message) {
        super(message);
    }
}

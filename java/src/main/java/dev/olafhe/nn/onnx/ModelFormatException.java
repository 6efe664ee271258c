package dev.olafhe.nn.onnx;

import java.io.IOException;

/**
 * A model file's contents cannot be imported: not an ONNX protobuf, malformed (sizes or references that do not add
 * up) or using something the importer does not support. The one-line message names the file and the problem.
 */
public final class ModelFormatException extends IOException {
    public ModelFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}

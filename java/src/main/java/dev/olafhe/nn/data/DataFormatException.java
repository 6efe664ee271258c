package dev.olafhe.nn.data;

import java.io.IOException;

/** A data file exists but is not what its format promises (bad magic, truncated, labels out of range). */
public final class DataFormatException extends IOException {
    public DataFormatException(String message) {
        super(message);
    }
}

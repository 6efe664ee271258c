package dev.olafhe.ckks.io;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Builds the metadata of a container header; read back in the same order with {@link MetadataReader}. */
public final class MetadataWriter {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final DataOutputStream out = new DataOutputStream(bytes);

    public MetadataWriter putInt(int v) {
        try {
            out.writeInt(v);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
        }
        return this;
    }

    public MetadataWriter putLong(long v) {
        try {
            out.writeLong(v);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    public MetadataWriter putBoolean(boolean v) {
        return putInt(v ? 1 : 0);
    }

    public MetadataWriter putInts(int[] values) {
        putInt(values.length);
        for (int v : values) {
            putInt(v);
        }
        return this;
    }

    public MetadataWriter putLongs(long[] values) {
        putInt(values.length);
        for (long v : values) {
            putLong(v);
        }
        return this;
    }

    public MetadataWriter putBytes(byte[] values) {
        putInt(values.length);
        bytes.write(values, 0, values.length);
        return this;
    }

    public MetadataWriter putString(String s) {
        return putBytes(s.getBytes(StandardCharsets.UTF_8));
    }

    public byte[] toByteArray() {
        return bytes.toByteArray();
    }
}

package dev.olafhe.ckks.io;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** Reads the fields a {@link MetadataWriter} wrote, failing with a {@link FheFormatException} on short data. */
public final class MetadataReader {
    private final ByteBuffer buffer;
    private final String source;

    MetadataReader(byte[] metadata, String source) {
        this.buffer = ByteBuffer.wrap(metadata);
        this.source = source;
    }

    public int getInt(String field) throws FheFormatException {
        try {
            return buffer.getInt();
        } catch (BufferUnderflowException e) {
            throw shortMetadata(field);
        }
    }

    public long getLong(String field) throws FheFormatException {
        try {
            return buffer.getLong();
        } catch (BufferUnderflowException e) {
            throw shortMetadata(field);
        }
    }

    public boolean getBoolean(String field) throws FheFormatException {
        int v = getInt(field);
        if (v != 0 && v != 1) {
            throw new FheFormatException(source, "metadata field '" + field + "' is " + v + ", expected 0 or 1");
        }
        return v == 1;
    }

    /** An int in [min, max], else a format error naming the field. */
    public int getInt(String field, int min, int max) throws FheFormatException {
        int v = getInt(field);
        if (v < min || v > max) {
            throw new FheFormatException(source, "metadata field '" + field + "' is " + v + ", expected a value in ["
                    + min + ", " + max + "]");
        }
        return v;
    }

    public int[] getInts(String field) throws FheFormatException {
        int n = length(field, 4);
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = getInt(field);
        }
        return out;
    }

    public long[] getLongs(String field) throws FheFormatException {
        int n = length(field, 8);
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            out[i] = getLong(field);
        }
        return out;
    }

    public byte[] getBytes(String field) throws FheFormatException {
        byte[] out = new byte[length(field, 1)];
        buffer.get(out);
        return out;
    }

    public String getString(String field) throws FheFormatException {
        return new String(getBytes(field), StandardCharsets.UTF_8);
    }

    /** Fails when fields are left over: the writer and reader disagree about the layout. */
    public void expectEnd() throws FheFormatException {
        if (buffer.hasRemaining()) {
            throw new FheFormatException(source, buffer.remaining() + " unexpected metadata bytes after the last field");
        }
    }

    private int length(String field, int elementBytes) throws FheFormatException {
        int n = getInt(field + " length");
        if (n < 0 || (long) n * elementBytes > buffer.remaining()) {
            throw new FheFormatException(source, "metadata field '" + field + "' claims " + n
                    + " elements but only " + buffer.remaining() + " bytes remain");
        }
        return n;
    }

    private FheFormatException shortMetadata(String field) {
        return new FheFormatException(source, "metadata ends before field '" + field + "'");
    }
}

package dev.olafhe.ckks.io;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/**
 * Writes OLA-FHE containers ({@link ContainerFormat}) to a stream: a header, then checksummed limb blocks.
 * Several containers may follow each other on one stream. Does not close the stream.
 */
public final class ContainerWriter {
    private final OutputStream out;
    private byte[] blockBytes = new byte[0];

    public ContainerWriter(OutputStream out) {
        this.out = out;
    }

    public void writeHeader(int kindCode, byte[] fingerprint, byte[] keySet, String parameterSummary, byte[] metadata)
            throws IOException {
        if (fingerprint.length != ContainerFormat.FINGERPRINT_BYTES || keySet.length != ContainerFormat.KEY_SET_BYTES) {
            throw new IllegalArgumentException("fingerprint and key set must have " + ContainerFormat.FINGERPRINT_BYTES
                    + " and " + ContainerFormat.KEY_SET_BYTES + " bytes");
        }
        byte[] summary = parameterSummary.getBytes(StandardCharsets.UTF_8);
        if (summary.length > 0xFFFF || metadata.length > ContainerFormat.MAX_METADATA_BYTES) {
            throw new IllegalArgumentException("parameter summary or metadata too long");
        }
        ByteArrayOutputStream header = new ByteArrayOutputStream(64 + summary.length + metadata.length);
        DataOutputStream d = new DataOutputStream(header);
        d.write(ContainerFormat.MAGIC);
        d.writeShort(ContainerFormat.VERSION);
        d.writeShort(kindCode);
        d.write(fingerprint);
        d.write(keySet);
        d.writeShort(summary.length);
        d.write(summary);
        d.writeInt(metadata.length);
        d.write(metadata);
        CRC32C crc = new CRC32C();
        crc.update(header.toByteArray());
        d.writeInt((int) crc.getValue());
        header.writeTo(out);
    }

    /** One block: the values (big-endian u64) and the CRC32C of their bytes. */
    public void writeBlock(long[] values) throws IOException {
        int bytes = values.length * Long.BYTES;
        if (blockBytes.length < bytes + Integer.BYTES) {
            blockBytes = new byte[bytes + Integer.BYTES];
        }
        ByteBuffer buffer = ByteBuffer.wrap(blockBytes);
        buffer.asLongBuffer().put(values);
        CRC32C crc = new CRC32C();
        crc.update(blockBytes, 0, bytes);
        buffer.putInt(bytes, (int) crc.getValue());
        out.write(blockBytes, 0, bytes + Integer.BYTES);
    }
}

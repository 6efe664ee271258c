package dev.olafhe.ckks.io;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * Reads OLA-FHE containers ({@link ContainerFormat}), checking magic, version and checksums, and turning
 * every problem into a {@link FheFormatException} that names the source. Does not close the stream.
 */
public final class ContainerReader {
    private final DataInputStream in;
    private final String source;
    private int blocksRead;
    private byte[] blockBytes = new byte[0];

    /**
     * @param source the file path or a name for the stream, used in every error message
     */
    public ContainerReader(InputStream in, String source) {
        this.in = new DataInputStream(in);
        this.source = source;
    }

    public String source() {
        return source;
    }

    /** A format error about this source. */
    public FheFormatException fail(String problem) {
        return new FheFormatException(source, problem);
    }

    /**
     * Reads and verifies one header. The version is checked before the checksum so that a file from
     * another format version is reported as such, not as corrupt.
     */
    public ContainerHeader readHeader() throws IOException {
        blocksRead = 0;
        byte[] magic = new byte[ContainerFormat.MAGIC.length];
        int got = in.readNBytes(magic, 0, magic.length);
        if (got < magic.length || !Arrays.equals(magic, ContainerFormat.MAGIC)) {
            throw fail(got == 0 ? "no data where an OLA-FHE object should start (empty file, or truncated before it)" : "not an OLA-FHE file (no '"
                    + ContainerFormat.magicText() + "' signature at the start" + (got < magic.length ? "; file too short)" : ")"));
        }
        CRC32C crc = new CRC32C();
        crc.update(magic);
        try {
            int version = in.readUnsignedShort();
            checkVersion(version);
            int kind = in.readUnsignedShort();
            byte[] fingerprint = readExactly(ContainerFormat.FINGERPRINT_BYTES);
            byte[] keySet = readExactly(ContainerFormat.KEY_SET_BYTES);
            int summaryLength = in.readUnsignedShort();
            byte[] summary = readExactly(summaryLength);
            int metadataLength = in.readInt();
            if (metadataLength < 0 || metadataLength > ContainerFormat.MAX_METADATA_BYTES) {
                throw fail("corrupt header: metadata length " + metadataLength + " is outside [0, "
                        + ContainerFormat.MAX_METADATA_BYTES + "]");
            }
            byte[] metadata = readExactly(metadataLength);
            int storedCrc = in.readInt();
            ByteBuffer fixed = ByteBuffer.allocate(2 + 2 + fingerprint.length + keySet.length + 2);
            fixed.putShort((short) version).putShort((short) kind).put(fingerprint).put(keySet)
                    .putShort((short) summaryLength);
            crc.update(fixed.array());
            crc.update(summary);
            crc.update(ByteBuffer.allocate(4).putInt(metadataLength).array());
            crc.update(metadata);
            if ((int) crc.getValue() != storedCrc) {
                throw fail("header checksum mismatch: the file is corrupt");
            }
            return new ContainerHeader(kind, fingerprint, keySet, new String(summary, StandardCharsets.UTF_8), metadata);
        } catch (EOFException e) {
            throw truncated("in the header");
        }
    }

    private void checkVersion(int version) throws FheFormatException {
        if (version == ContainerFormat.VERSION_WITHOUT_KEY_SET) {
            throw fail("format version " + version + " is an older OLA-FHE format (no key-set identity) that this build"
                    + " no longer reads; re-create the file with this version (re-run keygen, then encrypt)");
        }
        if (version != ContainerFormat.VERSION) {
            throw fail("format version " + version + " is not supported; this build reads version "
                    + ContainerFormat.VERSION + " only (written by another OLA-FHE version?)");
        }
    }

    /**
     * Reads the next block of {@code count} values and verifies its checksum; {@code what} names the
     * block in error messages (e.g. "ciphertext part 1, limb 3").
     */
    public long[] readBlock(int count, String what) throws IOException {
        if (count < 1 || count > ContainerFormat.MAX_BLOCK_VALUES) {
            throw new IllegalArgumentException("block length " + count + " out of range");
        }
        int bytes = count * Long.BYTES;
        if (blockBytes.length < bytes + Integer.BYTES) {
            blockBytes = new byte[bytes + Integer.BYTES];
        }
        int got = in.readNBytes(blockBytes, 0, bytes + Integer.BYTES);
        if (got < bytes + Integer.BYTES) {
            throw truncated("in block " + blocksRead + " (" + what + ")");
        }
        CRC32C crc = new CRC32C();
        crc.update(blockBytes, 0, bytes);
        ByteBuffer buffer = ByteBuffer.wrap(blockBytes);
        if ((int) crc.getValue() != buffer.getInt(bytes)) {
            throw fail("checksum mismatch in block " + blocksRead + " (" + what + "): the file is corrupt");
        }
        long[] values = new long[count];
        buffer.asLongBuffer().get(values);
        blocksRead++;
        return values;
    }

    /** Fails when bytes follow the object (for sources that hold exactly one object, e.g. files). */
    public void expectEnd() throws IOException {
        long extra = in.transferTo(java.io.OutputStream.nullOutputStream());
        if (extra > 0) {
            throw fail(extra + " unexpected bytes after the end of the object");
        }
    }

    private byte[] readExactly(int length) throws IOException {
        byte[] out = in.readNBytes(length);
        if (out.length < length) {
            throw new EOFException();
        }
        return out;
    }

    private FheFormatException truncated(String where) {
        return fail("truncated: the data ends " + where + " (incomplete copy or interrupted write?)");
    }
}

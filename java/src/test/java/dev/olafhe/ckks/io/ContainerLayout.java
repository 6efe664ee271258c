package dev.olafhe.ckks.io;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * Test helper: the headers and blocks of a valid container file, so that tests can craft files that get past the
 * checksums (edit a header field or a residue, then {@link #rechecksum}) and reach the bounds checks behind them.
 */
public final class ContainerLayout {
    /** One header (with its metadata range) or one block, each ending with its CRC32C. */
    public record Segment(boolean header, int offset, int length, int metadataOffset, int metadataLength) {
        public int end() {
            return offset + length;
        }
    }

    private final List<Segment> segments;

    private ContainerLayout(List<Segment> segments) {
        this.segments = segments;
    }

    /** The layout of a valid file whose blocks hold {@code blockValues} values each (the ring degree N). */
    public static ContainerLayout of(byte[] file, int blockValues) {
        List<Segment> segments = new ArrayList<>();
        int pos = 0;
        while (pos < file.length) {
            if (isHeaderAt(file, pos)) {
                ByteBuffer b = ByteBuffer.wrap(file);
                int summaryAt = ContainerFormat.KEY_SET_OFFSET + ContainerFormat.KEY_SET_BYTES;
                int summaryLength = Short.toUnsignedInt(b.getShort(pos + summaryAt));
                int metadataLengthAt = pos + summaryAt + 2 + summaryLength;
                int metadataLength = b.getInt(metadataLengthAt);
                int end = metadataLengthAt + 4 + metadataLength + 4;
                segments.add(new Segment(true, pos, end - pos, metadataLengthAt + 4, metadataLength));
                pos = end;
            } else { // a residue is below 2^61, so a block never starts with the magic's 0x89
                int length = blockValues * Long.BYTES + Integer.BYTES;
                segments.add(new Segment(false, pos, length, 0, 0));
                pos += length;
            }
        }
        if (pos != file.length) {
            throw new IllegalArgumentException("not a valid container with blocks of " + blockValues + " values");
        }
        return new ContainerLayout(List.copyOf(segments));
    }

    private static boolean isHeaderAt(byte[] file, int pos) {
        return pos + ContainerFormat.MAGIC.length <= file.length
                && Arrays.equals(file, pos, pos + ContainerFormat.MAGIC.length, ContainerFormat.MAGIC, 0,
                ContainerFormat.MAGIC.length);
    }

    public List<Segment> segments() {
        return segments;
    }

    public List<Segment> headers() {
        return segments.stream().filter(Segment::header).toList();
    }

    public List<Segment> blocks() {
        return segments.stream().filter(s -> !s.header()).toList();
    }

    /**
     * A copy of {@code file} whose header {@code header} (of this layout) holds {@code metadata} instead, with a valid
     * checksum; everything after the header is unchanged.
     */
    public static byte[] withMetadata(byte[] file, Segment header, byte[] metadata) {
        int lengthAt = header.metadataOffset() - Integer.BYTES;
        ByteBuffer out = ByteBuffer.allocate(file.length - header.metadataLength() + metadata.length);
        out.put(file, 0, lengthAt).putInt(metadata.length).put(metadata);
        int crcAt = out.position();
        CRC32C crc = new CRC32C();
        crc.update(out.array(), header.offset(), crcAt - header.offset());
        out.putInt((int) crc.getValue());
        out.put(file, header.end(), file.length - header.end());
        return out.array();
    }

    /** Recomputes, in place, the checksum of every header and block of this layout (the file keeps its length). */
    public void rechecksum(byte[] file) {
        for (Segment s : segments) {
            if (s.end() > file.length) {
                continue;
            }
            CRC32C crc = new CRC32C();
            crc.update(file, s.offset(), s.length() - Integer.BYTES);
            ByteBuffer.wrap(file).putInt(s.end() - Integer.BYTES, (int) crc.getValue());
        }
    }
}

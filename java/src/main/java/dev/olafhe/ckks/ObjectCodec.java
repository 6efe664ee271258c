package dev.olafhe.ckks;

import dev.olafhe.ckks.io.ContainerReader;
import dev.olafhe.ckks.io.ContainerWriter;
import dev.olafhe.ckks.io.MetadataReader;

import java.io.IOException;

/**
 * How one object type is laid out in a container: its kind, its metadata fields and its blocks. The header
 * around them (kind, fingerprint, checksums) is {@link ObjectFraming}'s job.
 */
interface ObjectCodec<T> {
    ObjectKind kind();

    byte[] metadata(T value);

    void writeBody(T value, ContainerWriter out) throws IOException;

    /**
     * Reads the body after the header; must free what it allocated when it fails. {@code keySet} is the identity in
     * the header (for kinds that nest objects, whose headers must carry the same).
     */
    T read(MetadataReader meta, ContainerReader in, KeySetId keySet) throws IOException;
}

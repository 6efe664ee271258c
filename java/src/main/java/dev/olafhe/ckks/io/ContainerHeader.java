package dev.olafhe.ckks.io;

/**
 * The checksummed header of one OLA-FHE object (see {@link ContainerFormat}).
 *
 * @param kindCode          which object follows (a code of {@code dev.olafhe.ckks.ObjectKind})
 * @param fingerprint       SHA-256 fingerprint of the CKKS parameters the object belongs to
 * @param keySet            identity of the key set the object belongs to ({@code dev.olafhe.ckks.KeySetId}); zeros
 *                          for none
 * @param parameterSummary  the same parameters in words, for error messages
 * @param metadata          object-specific fields (levels, scale, shapes, seeds)
 */
public record ContainerHeader(int kindCode, byte[] fingerprint, byte[] keySet, String parameterSummary,
                              byte[] metadata) {
    public ContainerHeader {
        fingerprint = fingerprint.clone();
        keySet = keySet.clone();
        metadata = metadata.clone();
    }

    @Override
    public byte[] fingerprint() {
        return fingerprint.clone();
    }

    @Override
    public byte[] keySet() {
        return keySet.clone();
    }

    @Override
    public byte[] metadata() {
        return metadata.clone();
    }

    /** Reads the metadata fields. */
    public MetadataReader metadataReader(String source) {
        return new MetadataReader(metadata, source);
    }
}

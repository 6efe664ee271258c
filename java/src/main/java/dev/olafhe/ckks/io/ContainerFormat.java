package dev.olafhe.ckks.io;

import java.nio.charset.StandardCharsets;

/**
 * Constants of the OLA-FHE object container, format version 2. All integers big-endian.
 * <pre>
 * header  magic        8 bytes  0x89 'O' 'L' 'A' 'F' 'H' 'E' '\n' (the high byte and the newline expose
 *                               text-mode transfers, as PNG's signature does)
 *         version      u16      2
 *         kind         u16      object kind code
 *         fingerprint  32 bytes SHA-256 of the CKKS parameters (ckks.ParameterFingerprint)
 *         key set      16 bytes identity of the key set the object belongs to (ckks.KeySetId); zero for objects
 *                               of no key set (parameters, plaintexts) or written without one
 *         summary      u16 length + UTF-8: the parameters in words (error messages only)
 *         metadata     u32 length + bytes: object-specific fields
 *         header CRC   u32      CRC32C of every header byte above
 * body    blocks       each: count × u64 (one RNS limb, NTT domain, residues in [0, q)) + u32 CRC32C of
 *                      those bytes; the number and length of blocks follow from the metadata
 * </pre>
 * Version 1 had no key-set field; its files are refused (re-create them: keygen, then encrypt).
 * Checksums catch accidental corruption (storage, transfer); they are not a signature and do not stop
 * deliberate tampering. A block is checked before its values are used, so memory stays bounded by one
 * limb while reading multi-GB key sets.
 */
public final class ContainerFormat {
    private ContainerFormat() {
    }

    static final byte[] MAGIC = {(byte) 0x89, 'O', 'L', 'A', 'F', 'H', 'E', '\n'};
    /** The version this build writes and the only one it reads. */
    public static final int VERSION = 2;
    /** The last version without the key-set field. */
    static final int VERSION_WITHOUT_KEY_SET = 1;
    static final int FINGERPRINT_BYTES = 32;
    public static final int KEY_SET_BYTES = 16;
    /** Sanity bound on the metadata length, so a corrupt length cannot trigger a huge allocation. */
    static final int MAX_METADATA_BYTES = 1 << 20;
    static final int MAX_BLOCK_VALUES = 1 << 17;

    /** Byte offset of the version field (tests patch it). */
    public static final int VERSION_OFFSET = MAGIC.length;
    /** Byte offset of the key-set field (tests patch it). */
    public static final int KEY_SET_OFFSET = VERSION_OFFSET + 2 + 2 + FINGERPRINT_BYTES;

    static String magicText() {
        return new String(MAGIC, 1, 6, StandardCharsets.US_ASCII);
    }
}

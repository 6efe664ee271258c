package dev.olafhe.ckks;

import dev.olafhe.ckks.io.ContainerFormat;
import dev.olafhe.ckks.io.ContainerHeader;
import dev.olafhe.ckks.io.ContainerReader;
import dev.olafhe.ckks.io.ContainerWriter;
import dev.olafhe.ckks.io.FheFormatException;
import dev.olafhe.util.ProgressListener;
import dev.olafhe.util.SafeFiles;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Reads and writes CKKS objects (parameters, plaintexts, ciphertexts, public, relinearization, Galois and
 * switching keys, evaluation key sets, and, on the client only, secret keys) in the OLA-FHE container
 * format ({@link ContainerFormat}): magic, format version, parameter fingerprint, key-set identity, checksummed
 * header and per-limb CRC32C. Limbs are stored bit-exact in the NTT domain.
 *
 * <p>Loading refuses, with a {@link FheFormatException} naming the file and the problem: files that are
 * not OLA-FHE objects, other format versions, corrupt or truncated data, another object kind than asked
 * for, objects written for other parameters than this serializer's context, and sizes, counts or values that do
 * not fit the parameters (checked before anything is allocated). Seeded switching keys are written as their b halves
 * and the seed, and expanded on load.
 *
 * <p>Key sets: a serializer bound to a key set ({@link #forKeySet}) writes its {@link KeySetId} into the header of
 * every key and ciphertext, and refuses to load keys and ciphertexts of another key set (or of none), naming both.
 * An unbound serializer writes {@link KeySetId#NONE} and accepts any; parameters and plaintexts belong to no key set.
 *
 * <p>Files are written atomically ({@link SafeFiles}). Secret keys are written only through
 * {@link #writeSecretKey}/{@link #saveSecretKey} (never by the generic methods), and saved files get owner-only
 * permissions where the file system supports them: a secret key belongs to the client and must never be sent to
 * the evaluating side.
 */
public final class CkksSerializer {
    private static final int BUFFER_BYTES = 1 << 20;

    private final CkksContext context;
    private final boolean compactKeys;
    private final ProgressListener progress;
    private final ObjectFraming framing;
    private final Map<Class<?>, ObjectCodec<?>> codecs;

    /** A serializer bound to no key set (see the class comment). */
    public CkksSerializer(CkksContext context) {
        this(context, false, ProgressListener.NONE, new ObjectFraming(context, KeySetId.NONE, "no key set"));
    }

    private CkksSerializer(CkksContext context, boolean compactKeys, ProgressListener progress, ObjectFraming framing) {
        this.context = context;
        this.compactKeys = compactKeys;
        this.progress = progress;
        this.framing = framing;
        KeyCodecs.SwitchingKeys switchingKeys = new KeyCodecs.SwitchingKeys(framing, compactKeys);
        KeyCodecs.RelinearizationKeys relinearizationKeys = new KeyCodecs.RelinearizationKeys(switchingKeys);
        KeyCodecs.GaloisKeys galoisKeys = new KeyCodecs.GaloisKeys(switchingKeys, context.params());
        this.codecs = Map.of(
                Ciphertext.class, new MessageCodecs.Ciphertexts(framing),
                Plaintext.class, new MessageCodecs.Plaintexts(framing),
                PublicKey.class, new KeyCodecs.PublicKeys(framing),
                SecretKey.class, new KeyCodecs.SecretKeys(framing),
                SwitchingKey.class, switchingKeys,
                RelinearizationKey.class, relinearizationKeys,
                GaloisKey.class, galoisKeys,
                EvaluationKeySet.class, new KeySetCodec(framing, relinearizationKeys, galoisKeys, progress));
    }

    /**
     * A serializer that loads seeded switching keys compact (uniform halves not expanded, see
     * {@link SwitchingKey#dropUniformHalves}), so a key set never needs its full size in memory.
     */
    public CkksSerializer withCompactKeys() {
        return new CkksSerializer(context, true, progress, framing);
    }

    /** A serializer that reports the progress of reading and writing large evaluation key sets to {@code listener}. */
    public CkksSerializer withProgress(ProgressListener listener) {
        return new CkksSerializer(context, compactKeys, listener, framing);
    }

    /**
     * A serializer bound to key set {@code keySet}: it stamps the identity on every key and ciphertext it writes and
     * refuses to load those of another key set, with an error naming both identities, the file and
     * {@code keysDescription} (where the expected keys come from, e.g. "the keys in keys/").
     */
    public CkksSerializer forKeySet(KeySetId keySet, String keysDescription) {
        if (keySet.isNone()) {
            throw new IllegalArgumentException("bind a serializer to a key set, not to KeySetId.NONE");
        }
        return new CkksSerializer(context, compactKeys, progress, new ObjectFraming(context, keySet, keysDescription));
    }

    /** {@link #forKeySet(KeySetId, String)} with the keys described as "the expected keys". */
    public CkksSerializer forKeySet(KeySetId keySet) {
        return forKeySet(keySet, "the expected keys");
    }

    /**
     * A serializer bound to the key set of the object in {@code file} (e.g. a key directory's evaluation keys), read
     * from its header; a file of no key set is refused.
     */
    public CkksSerializer forKeySetOf(Path file, String keysDescription) throws IOException {
        KeySetId keySet = readKeySetId(file);
        if (keySet.isNone()) {
            throw new FheFormatException(file.toString(), "carries no key-set identity (written without one); "
                    + "re-create the keys with keygen");
        }
        return forKeySet(keySet, keysDescription);
    }

    /** The key set this serializer is bound to, {@link KeySetId#NONE} when unbound. */
    public KeySetId keySet() {
        return framing.keySet();
    }

    // ---- objects bound to the context -------------------------------------------------------------------

    /**
     * Writes a ciphertext, plaintext, public/relinearization/Galois/switching key or evaluation key set.
     *
     * @throws IllegalArgumentException for a secret key (use {@link #writeSecretKey}) or an unsupported type
     */
    public void write(Object value, OutputStream out) throws IOException {
        if (value instanceof SecretKey) {
            throw new IllegalArgumentException("refusing to write a secret key through the generic write(); "
                    + "call writeSecretKey() on the client side if that is really intended");
        }
        writeObject(value, out);
    }

    /** Writes the secret key. Client side only: it decrypts everything encrypted under it. */
    public void writeSecretKey(SecretKey key, OutputStream out) throws IOException {
        writeObject(key, out);
    }

    /**
     * Reads one object of the given type (any type {@link #write} accepts, and {@link SecretKey}) from a
     * stream, leaving the stream positioned after it. {@code source} names the stream in error messages.
     */
    public <T> T read(InputStream in, String source, Class<T> type) throws IOException {
        return framing.readObject(codecFor(type), new ContainerReader(in, source));
    }

    /** Saves one object to a file, atomically ({@link SafeFiles#write}). */
    public void save(Object value, Path path) throws IOException {
        SafeFiles.write(path, out -> write(value, out));
    }

    /** Saves the secret key with owner-only permissions (POSIX file systems). Client side only. */
    public void saveSecretKey(SecretKey key, Path path) throws IOException {
        SafeFiles.writePrivate(path, out -> writeSecretKey(key, out));
    }

    /** Loads the one object a file holds; fails when anything follows it. */
    public <T> T load(Path path, Class<T> type) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(path), BUFFER_BYTES)) {
            ContainerReader reader = new ContainerReader(in, path.toString());
            T value = framing.readObject(codecFor(type), reader);
            try {
                reader.expectEnd();
            } catch (IOException e) {
                ObjectFraming.closeQuietly(value);
                throw e;
            }
            return value;
        }
    }

    /**
     * The key set the object in {@code path} belongs to ({@link KeySetId#NONE} for none), from its checksummed header
     * alone; e.g. to bind a serializer to the key set of a key directory before loading the rest.
     */
    public static KeySetId readKeySetId(Path path) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(path))) {
            return KeySetId.fromBytes(new ContainerReader(in, path.toString()).readHeader().keySet());
        }
    }

    /**
     * Checks the object in {@code path} from its checksummed header alone, before anything expensive (loading keys):
     * it is an OLA-FHE object of kind {@code expected} of key set {@code keySet}, refused otherwise with the messages
     * of {@link #load} ({@code keysDescription} names where the key set comes from, e.g. "the keys in keys/").
     */
    public static void checkHeader(Path path, ObjectKind expected, KeySetId keySet, String keysDescription)
            throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(path))) {
            ContainerReader reader = new ContainerReader(in, path.toString());
            ContainerHeader header = reader.readHeader();
            ObjectFraming.checkKind(reader, header, expected);
            KeySetId stored = KeySetId.fromBytes(header.keySet());
            if (expected.belongsToKeySet() && !stored.equals(keySet)) {
                throw reader.fail(ObjectFraming.keySetMismatch(expected, stored, keySet, keysDescription));
            }
        }
    }

    // ---- parameters (no context needed) -----------------------------------------------------------------

    public static void writeParameters(CkksParameters params, OutputStream out) throws IOException {
        ParametersCodec.write(params, out);
    }

    public static CkksParameters readParameters(InputStream in, String source) throws IOException {
        return ParametersCodec.read(new ContainerReader(in, source));
    }

    /** Saves parameters to a file, atomically ({@link SafeFiles#write}). */
    public static void saveParameters(CkksParameters params, Path path) throws IOException {
        SafeFiles.write(path, out -> writeParameters(params, out));
    }

    public static CkksParameters loadParameters(Path path) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(path))) {
            ContainerReader reader = new ContainerReader(in, path.toString());
            CkksParameters params = ParametersCodec.read(reader);
            reader.expectEnd();
            return params;
        }
    }

    // ---- codecs -----------------------------------------------------------------------------------------

    @SuppressWarnings("unchecked")
    private <T> ObjectCodec<T> codecFor(Class<T> type) {
        ObjectCodec<?> codec = codecs.get(type);
        if (codec == null) {
            throw new IllegalArgumentException("cannot serialize " + type.getName() + "; supported: "
                    + codecs.keySet().stream().map(Class::getSimpleName).sorted().toList());
        }
        return (ObjectCodec<T>) codec;
    }

    @SuppressWarnings("unchecked")
    private void writeObject(Object value, OutputStream out) throws IOException {
        ObjectCodec<Object> codec = (ObjectCodec<Object>) codecFor(value.getClass());
        framing.writeObject(codec, value, new ContainerWriter(out));
    }
}

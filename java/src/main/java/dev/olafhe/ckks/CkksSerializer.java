package dev.olafhe.ckks;

import dev.olafhe.backend.Backend;
import dev.olafhe.backend.DevicePoly;
import dev.olafhe.ckks.io.ContainerFormat;
import dev.olafhe.ckks.io.ContainerHeader;
import dev.olafhe.ckks.io.ContainerReader;
import dev.olafhe.ckks.io.ContainerWriter;
import dev.olafhe.ckks.io.FheFormatException;
import dev.olafhe.ckks.io.MetadataReader;
import dev.olafhe.ckks.io.MetadataWriter;
import dev.olafhe.util.Progress;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes CKKS objects (parameters, plaintexts, ciphertexts, public, relinearization, Galois and
 * switching keys, evaluation key sets, and, on the client only, secret keys) in the OLA-FHE container
 * format ({@link ContainerFormat}): magic, format version, parameter fingerprint, checksummed header and
 * per-limb CRC32C. Limbs are stored bit-exact in the NTT domain.
 *
 * <p>Loading refuses, with a {@link FheFormatException} naming the file and the problem: files that are
 * not OLA-FHE objects, other format versions, corrupt or truncated data, another object kind than asked
 * for, and objects written for other parameters than this serializer's context. Seeded switching keys
 * are written as their b halves and the seed, and expanded on load.
 *
 * <p>Secret keys are written only through {@link #writeSecretKey}/{@link #saveSecretKey} (never by the
 * generic methods), and saved files get owner-only permissions where the file system supports them:
 * a secret key belongs to the client and must never be sent to the evaluating side.
 */
public final class CkksSerializer {
    private static final int BUFFER_BYTES = 1 << 20;
    /** Bound on the number of parts of a stored ciphertext (degree ≤ 15): rejects corrupt counts early. */
    private static final int MAX_CIPHERTEXT_PARTS = 16;

    private final CkksContext context;
    private final CkksParameters params;
    private final Backend backend;
    private final byte[] fingerprint;
    private final String summary;
    private final boolean compactKeys;
    private final SwitchingKeyCodec switchingKeys = new SwitchingKeyCodec();
    private final Map<Class<?>, Codec<?>> codecs;

    public CkksSerializer(CkksContext context) {
        this(context, false);
    }

    private CkksSerializer(CkksContext context, boolean compactKeys) {
        this.compactKeys = compactKeys;
        this.context = context;
        this.params = context.params();
        this.backend = context.backend();
        this.fingerprint = ParameterFingerprint.of(params);
        this.summary = ParameterFingerprint.summary(params);
        this.codecs = Map.of(
                Ciphertext.class, new CiphertextCodec(),
                Plaintext.class, new PlaintextCodec(),
                PublicKey.class, new PublicKeyCodec(),
                SecretKey.class, new SecretKeyCodec(),
                SwitchingKey.class, switchingKeys,
                RelinearizationKey.class, new RelinearizationKeyCodec(),
                GaloisKey.class, new GaloisKeyCodec(),
                EvaluationKeySet.class, new KeySetCodec());
    }

    /**
     * A serializer that loads seeded switching keys compact (uniform halves not expanded, see
     * {@link SwitchingKey#dropUniformHalves}), so a key set never needs its full size in memory.
     */
    public CkksSerializer withCompactKeys() {
        return new CkksSerializer(context, true);
    }

    // ---- public API: objects bound to the context ---------------------------------------------------

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
        writeObject(codecFor(value.getClass()), value, new ContainerWriter(out));
    }

    /** Writes the secret key. Client side only: it decrypts everything encrypted under it. */
    public void writeSecretKey(SecretKey key, OutputStream out) throws IOException {
        writeObject(codecFor(SecretKey.class), key, new ContainerWriter(out));
    }

    /**
     * Reads one object of the given type (any type {@link #write} accepts, and {@link SecretKey}) from a
     * stream, leaving the stream positioned after it. {@code source} names the stream in error messages.
     */
    public <T> T read(InputStream in, String source, Class<T> type) throws IOException {
        return readObject(codecFor(type), new ContainerReader(in, source));
    }

    /** Saves one object to a file (written to a temporary file first, then moved into place). */
    public void save(Object value, Path path) throws IOException {
        saveFile(path, false, out -> write(value, out));
    }

    /** Saves the secret key with owner-only permissions (POSIX file systems). Client side only. */
    public void saveSecretKey(SecretKey key, Path path) throws IOException {
        saveFile(path, true, out -> writeSecretKey(key, out));
    }

    /** Loads the one object a file holds; fails when anything follows it. */
    public <T> T load(Path path, Class<T> type) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(path), BUFFER_BYTES)) {
            ContainerReader reader = new ContainerReader(in, path.toString());
            T value = readObject(codecFor(type), reader);
            try {
                reader.expectEnd();
            } catch (IOException e) {
                closeQuietly(value);
                throw e;
            }
            return value;
        }
    }

    // ---- public API: parameters (no context needed) -------------------------------------------------

    public static void writeParameters(CkksParameters params, OutputStream out) throws IOException {
        CkksParametersLiteral lit = params.literal();
        byte[] meta = new MetadataWriter().putInt(lit.logN()).putInts(lit.logQ()).putInts(lit.logP())
                .putInt(lit.logDefaultScale()).putInt(lit.secret().hammingWeight()).putInt(lit.dnum())
                .putBoolean(lit.testOnly()).putLongs(params.qModuli()).putLongs(params.pModuli()).toByteArray();
        new ContainerWriter(out).writeHeader(ObjectKind.PARAMETERS.code(), ParameterFingerprint.of(params),
                ParameterFingerprint.summary(params), meta);
    }

    public static CkksParameters readParameters(InputStream in, String source) throws IOException {
        ContainerReader reader = new ContainerReader(in, source);
        ContainerHeader header = reader.readHeader();
        checkKind(reader, header, ObjectKind.PARAMETERS);
        MetadataReader meta = header.metadataReader(source);
        int logN = meta.getInt("logN");
        int[] logQ = meta.getInts("logQ");
        int[] logP = meta.getInts("logP");
        int logScale = meta.getInt("logDefaultScale");
        int hammingWeight = meta.getInt("hammingWeight", 0, Integer.MAX_VALUE);
        int dnum = meta.getInt("dnum");
        boolean testOnly = meta.getBoolean("testOnly");
        long[] q = meta.getLongs("q primes");
        long[] p = meta.getLongs("p primes");
        meta.expectEnd();
        CkksParameters params;
        try {
            params = CkksParameters.of(new CkksParametersLiteral(logN, logQ, logP, logScale,
                    new SecretDistribution(hammingWeight), dnum, testOnly));
        } catch (IllegalArgumentException e) {
            throw reader.fail("the stored parameters are not valid in this build: " + e.getMessage());
        }
        if (!Arrays.equals(q, params.qModuli()) || !Arrays.equals(p, params.pModuli())
                || !Arrays.equals(header.fingerprint(), ParameterFingerprint.of(params))) {
            throw reader.fail("the stored parameters regenerate other primes in this build (prime generation "
                    + "changed?); objects written for them cannot be used here");
        }
        return params;
    }

    public static void saveParameters(CkksParameters params, Path path) throws IOException {
        saveFile(path, false, out -> writeParameters(params, out));
    }

    public static CkksParameters loadParameters(Path path) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(path))) {
            CkksParameters params = readParameters(in, path.toString());
            new ContainerReader(in, path.toString()).expectEnd();
            return params;
        }
    }

    // ---- container plumbing ------------------------------------------------------------------------

    /** How one type is laid out: its metadata fields and its blocks. */
    private interface Codec<T> {
        ObjectKind kind();

        byte[] metadata(T value);

        void writeBody(T value, ContainerWriter out) throws IOException;

        /** Reads the body; must free what it allocated when it fails. */
        T read(MetadataReader meta, ContainerReader in) throws IOException;
    }

    @SuppressWarnings("unchecked")
    private <T> Codec<T> codecFor(Class<T> type) {
        Codec<?> codec = codecs.get(type);
        if (codec == null) {
            throw new IllegalArgumentException("cannot serialize " + type.getName() + "; supported: "
                    + codecs.keySet().stream().map(Class::getSimpleName).sorted().toList());
        }
        return (Codec<T>) codec;
    }

    @SuppressWarnings("unchecked")
    private <T> void writeObject(Codec<T> codec, Object value, ContainerWriter out) throws IOException {
        T typed = (T) value;
        out.writeHeader(codec.kind().code(), fingerprint, summary, codec.metadata(typed));
        codec.writeBody(typed, out);
    }

    private <T> T readObject(Codec<T> codec, ContainerReader in) throws IOException {
        ContainerHeader header = in.readHeader();
        checkKind(in, header, codec.kind());
        if (!Arrays.equals(header.fingerprint(), fingerprint)) {
            throw in.fail("the " + codec.kind() + " was written for other CKKS parameters (" + header.parameterSummary()
                    + "; fingerprint " + ParameterFingerprint.shortHex(header.fingerprint()) + ") than this context's ("
                    + summary + "; fingerprint " + ParameterFingerprint.shortHex(fingerprint)
                    + "); load it into a context built from the parameters it was written with");
        }
        MetadataReader meta = header.metadataReader(in.source());
        return codec.read(meta, in);
    }

    private static void checkKind(ContainerReader in, ContainerHeader header, ObjectKind expected)
            throws FheFormatException {
        if (header.kindCode() != expected.code()) {
            ObjectKind actual = ObjectKind.ofCode(header.kindCode());
            throw in.fail(actual == null
                    ? "unknown object kind code " + header.kindCode() + " (written by a newer OLA-FHE?)"
                    : "holds a " + actual + ", not the " + expected + " that was asked for");
        }
    }

    private interface StreamWriter {
        void write(OutputStream out) throws IOException;
    }

    private static void saveFile(Path path, boolean ownerOnly, StreamWriter writer) throws IOException {
        Path absolute = path.toAbsolutePath();
        Path dir = absolute.getParent();
        Files.createDirectories(dir);
        Path partial = ownerOnly && FileSystems.getDefault().supportedFileAttributeViews().contains("posix")
                ? Files.createTempFile(dir, absolute.getFileName() + ".", ".partial",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
                : Files.createTempFile(dir, absolute.getFileName() + ".", ".partial");
        try {
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(partial), BUFFER_BYTES)) {
                writer.write(out);
            }
            Files.move(partial, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    private static void closeQuietly(Object value) {
        if (value instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception ignored) {
                // already failing; the original error matters
            }
        }
    }

    // ---- polynomials -------------------------------------------------------------------------------

    private void writePoly(DevicePoly poly, ContainerWriter out) throws IOException {
        for (long[] limb : backend.download(poly)) {
            out.writeBlock(limb);
        }
    }

    /** Reads the limbs of one poly, checks every residue against its modulus, then uploads it. */
    private DevicePoly readPoly(ContainerReader in, int qCount, int pCount, String what) throws IOException {
        int n = params.n();
        long[][] limbs = new long[qCount + pCount][];
        for (int l = 0; l < limbs.length; l++) {
            boolean isQ = l < qCount;
            long modulus = isQ ? params.q(l) : params.pModuli()[l - qCount];
            String limbName = what + ", limb " + (isQ ? "q" + l : "p" + (l - qCount));
            limbs[l] = in.readBlock(n, limbName);
            for (int i = 0; i < n; i++) {
                if (Long.compareUnsigned(limbs[l][i], modulus) >= 0) {
                    throw in.fail(limbName + " holds residue " + Long.toUnsignedString(limbs[l][i]) + " >= modulus "
                            + modulus + " at index " + i + " (written by a faulty writer?)");
                }
            }
        }
        DevicePoly poly = backend.allocate(context.ring(), qCount, pCount);
        backend.upload(limbs, poly);
        return poly;
    }

    /** Reads {@code count} polys of one shape; frees the ones read so far when one fails. */
    private DevicePoly[] readPolys(ContainerReader in, int count, int qCount, int pCount, String what)
            throws IOException {
        List<DevicePoly> polys = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                polys.add(readPoly(in, qCount, pCount, what + " " + i));
            }
        } catch (IOException | RuntimeException e) {
            polys.forEach(DevicePoly::close);
            throw e;
        }
        return polys.toArray(new DevicePoly[0]);
    }

    private int readLevel(MetadataReader meta) throws FheFormatException {
        return meta.getInt("level", 0, params.maxLevel());
    }

    private BigDecimal readScale(MetadataReader meta, ContainerReader in) throws FheFormatException {
        String text = meta.getString("scale");
        try {
            BigDecimal scale = new BigDecimal(text);
            if (scale.signum() <= 0) {
                throw in.fail("scale " + text + " is not positive");
            }
            return scale;
        } catch (NumberFormatException e) {
            throw in.fail("scale '" + text + "' is not a decimal number");
        }
    }

    // ---- codecs --------------------------------------------------------------------------------------

    private final class CiphertextCodec implements Codec<Ciphertext> {
        public ObjectKind kind() {
            return ObjectKind.CIPHERTEXT;
        }

        public byte[] metadata(Ciphertext ct) {
            return new MetadataWriter().putInt(ct.degree() + 1).putInt(ct.level()).putInt(ct.logSlots())
                    .putString(ct.scale().toString()).toByteArray();
        }

        public void writeBody(Ciphertext ct, ContainerWriter out) throws IOException {
            for (int i = 0; i <= ct.degree(); i++) {
                writePoly(ct.part(i), out);
            }
        }

        public Ciphertext read(MetadataReader meta, ContainerReader in) throws IOException {
            int parts = meta.getInt("parts", 1, MAX_CIPHERTEXT_PARTS);
            int level = readLevel(meta);
            int logSlots = meta.getInt("logSlots", 0, params.logMaxSlots());
            BigDecimal scale = readScale(meta, in);
            meta.expectEnd();
            return Ciphertext.of(readPolys(in, parts, level + 1, 0, "ciphertext part"), level, scale, logSlots);
        }
    }

    private final class PlaintextCodec implements Codec<Plaintext> {
        public ObjectKind kind() {
            return ObjectKind.PLAINTEXT;
        }

        public byte[] metadata(Plaintext pt) {
            return new MetadataWriter().putInt(pt.level()).putInt(pt.logSlots()).putString(pt.scale().toString())
                    .toByteArray();
        }

        public void writeBody(Plaintext pt, ContainerWriter out) throws IOException {
            writePoly(pt.value(), out);
        }

        public Plaintext read(MetadataReader meta, ContainerReader in) throws IOException {
            int level = readLevel(meta);
            int logSlots = meta.getInt("logSlots", 0, params.logMaxSlots());
            BigDecimal scale = readScale(meta, in);
            meta.expectEnd();
            return Plaintext.of(readPoly(in, level + 1, 0, "plaintext"), level, scale, logSlots);
        }
    }

    private final class PublicKeyCodec implements Codec<PublicKey> {
        public ObjectKind kind() {
            return ObjectKind.PUBLIC_KEY;
        }

        public byte[] metadata(PublicKey pk) {
            return new MetadataWriter().putInt(pk.b().qCount() - 1).toByteArray();
        }

        public void writeBody(PublicKey pk, ContainerWriter out) throws IOException {
            writePoly(pk.b(), out);
            writePoly(pk.a(), out);
        }

        public PublicKey read(MetadataReader meta, ContainerReader in) throws IOException {
            int level = readLevel(meta);
            meta.expectEnd();
            DevicePoly[] ba = readPolys(in, 2, level + 1, 0, "public key half");
            return new PublicKey(ba[0], ba[1]);
        }
    }

    private final class SecretKeyCodec implements Codec<SecretKey> {
        public ObjectKind kind() {
            return ObjectKind.SECRET_KEY;
        }

        public byte[] metadata(SecretKey sk) {
            return new MetadataWriter().putInt(sk.value().qCount() - 1).putInt(sk.value().pCount()).toByteArray();
        }

        public void writeBody(SecretKey sk, ContainerWriter out) throws IOException {
            writePoly(sk.value(), out);
        }

        public SecretKey read(MetadataReader meta, ContainerReader in) throws IOException {
            int level = readLevel(meta);
            int pCount = meta.getInt("pCount", params.pCount(), params.pCount());
            meta.expectEnd();
            return new SecretKey(readPoly(in, level + 1, pCount, "secret key"));
        }
    }

    private final class SwitchingKeyCodec implements Codec<SwitchingKey> {
        public ObjectKind kind() {
            return ObjectKind.SWITCHING_KEY;
        }

        public byte[] metadata(SwitchingKey key) {
            return appendMetadata(key, new MetadataWriter()).toByteArray();
        }

        MetadataWriter appendMetadata(SwitchingKey key, MetadataWriter meta) {
            return meta.putInt(key.level()).putInt(key.digits()).putBytes(key.seed().orElse(new byte[0]));
        }

        /** The b halves, then the a halves unless the seed regenerates them. */
        public void writeBody(SwitchingKey key, ContainerWriter out) throws IOException {
            for (DevicePoly b : key.b()) {
                writePoly(b, out);
            }
            if (!key.isSeeded()) {
                for (DevicePoly a : key.a()) {
                    writePoly(a, out);
                }
            }
        }

        public SwitchingKey read(MetadataReader meta, ContainerReader in) throws IOException {
            SwitchingKey key = readAfter(meta, in);
            meta.expectEnd();
            return key;
        }

        /** Reads the key's fields (after any fields of a wrapping kind) and its body. */
        SwitchingKey readAfter(MetadataReader meta, ContainerReader in) throws IOException {
            int level = readLevel(meta);
            int digits = params.digitCount(level);
            meta.getInt("digits", digits, digits);
            byte[] seed = meta.getBytes("seed");
            if (seed.length != 0 && seed.length != SeedExpander.SEED_BYTES) {
                throw in.fail("key seed has " + seed.length + " bytes, expected 0 or " + SeedExpander.SEED_BYTES);
            }
            int qCount = level + 1;
            int pCount = params.pCount();
            DevicePoly[] b = readPolys(in, digits, qCount, pCount, "switching key b, digit");
            DevicePoly[] a;
            try {
                if (seed.length == 0) {
                    a = readPolys(in, digits, qCount, pCount, "switching key a, digit");
                } else if (compactKeys) {
                    a = null;
                } else {
                    a = new DevicePoly[digits];
                    for (int j = 0; j < digits; j++) {
                        a[j] = HostPolys.uniformNttFromSeed(context, seed, j, qCount, pCount);
                    }
                }
            } catch (IOException | RuntimeException e) {
                Arrays.stream(b).forEach(DevicePoly::close);
                throw e;
            }
            return new SwitchingKey(b, a, seed.length == 0 ? null : seed);
        }
    }

    private final class RelinearizationKeyCodec implements Codec<RelinearizationKey> {
        public ObjectKind kind() {
            return ObjectKind.RELINEARIZATION_KEY;
        }

        public byte[] metadata(RelinearizationKey key) {
            return switchingKeys.metadata(key.key());
        }

        public void writeBody(RelinearizationKey key, ContainerWriter out) throws IOException {
            switchingKeys.writeBody(key.key(), out);
        }

        public RelinearizationKey read(MetadataReader meta, ContainerReader in) throws IOException {
            return new RelinearizationKey(switchingKeys.read(meta, in));
        }
    }

    private final class GaloisKeyCodec implements Codec<GaloisKey> {
        public ObjectKind kind() {
            return ObjectKind.GALOIS_KEY;
        }

        public byte[] metadata(GaloisKey key) {
            return switchingKeys.appendMetadata(key.key(), new MetadataWriter().putLong(key.galoisElement()))
                    .toByteArray();
        }

        public void writeBody(GaloisKey key, ContainerWriter out) throws IOException {
            switchingKeys.writeBody(key.key(), out);
        }

        public GaloisKey read(MetadataReader meta, ContainerReader in) throws IOException {
            long element = meta.getLong("galoisElement");
            long twoN = 2L * params.n();
            if (element <= 0 || element >= twoN || element % 2 == 0) {
                throw in.fail("Galois element " + element + " is not an odd number in (0, 2N = " + twoN + ")");
            }
            SwitchingKey key = switchingKeys.readAfter(meta, in);
            meta.expectEnd();
            return new GaloisKey(element, key);
        }
    }

    /** A header with the key counts, then each key as a complete nested object. */
    private final class KeySetCodec implements Codec<EvaluationKeySet> {
        public ObjectKind kind() {
            return ObjectKind.EVALUATION_KEY_SET;
        }

        public byte[] metadata(EvaluationKeySet keys) {
            return new MetadataWriter().putBoolean(keys.relinearizationKey().isPresent())
                    .putInt(keys.galoisElements().size()).toByteArray();
        }

        public void writeBody(EvaluationKeySet keys, ContainerWriter out) throws IOException {
            int count = keys.galoisElements().size() + (keys.relinearizationKey().isPresent() ? 1 : 0);
            try (Progress progress = progressFor("writing evaluation keys", count)) {
                if (keys.relinearizationKey().isPresent()) {
                    writeObject(codecFor(RelinearizationKey.class), keys.relinearizationKey().get(), out);
                    step(progress);
                }
                for (long g : keys.galoisElements()) {
                    writeObject(codecFor(GaloisKey.class), keys.galoisKey(g).orElseThrow(), out);
                    step(progress);
                }
            }
        }

        /** Progress on stderr only for key sets large enough to take a while (over 1 GiB at the top level). */
        private Progress progressFor(String label, int keys) {
            return keys * params.switchingKeyBytes() >= (1L << 30) ? new Progress(label, keys) : null;
        }

        private void step(Progress progress) {
            if (progress != null) {
                progress.step();
            }
        }

        public EvaluationKeySet read(MetadataReader meta, ContainerReader in) throws IOException {
            boolean relinearization = meta.getBoolean("relinearization");
            int galoisCount = meta.getInt("galoisKeys", 0, params.n());
            meta.expectEnd();
            RelinearizationKey rlk = null;
            List<GaloisKey> galois = new ArrayList<>();
            String member = "relinearization key";
            try (Progress progress = progressFor("reading evaluation keys", galoisCount + (relinearization ? 1 : 0))) {
                if (relinearization) {
                    rlk = readObject(codecFor(RelinearizationKey.class), in);
                    step(progress);
                }
                for (int i = 0; i < galoisCount; i++) {
                    member = "Galois key " + (i + 1) + " of " + galoisCount;
                    galois.add(readObject(codecFor(GaloisKey.class), in));
                    step(progress);
                }
            } catch (IOException | RuntimeException e) {
                closeQuietly(rlk);
                galois.forEach(GaloisKey::close);
                if (e instanceof FheFormatException f) {
                    throw in.fail("in the " + member + " of the key set: " + f.problem());
                }
                throw e;
            }
            return new EvaluationKeySet(rlk, galois);
        }
    }
}

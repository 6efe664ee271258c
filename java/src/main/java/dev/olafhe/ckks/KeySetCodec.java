package dev.olafhe.ckks;

import dev.olafhe.ckks.io.ContainerReader;
import dev.olafhe.ckks.io.ContainerWriter;
import dev.olafhe.ckks.io.FheFormatException;
import dev.olafhe.ckks.io.MetadataReader;
import dev.olafhe.ckks.io.MetadataWriter;
import dev.olafhe.util.ProgressListener;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The layout of an evaluation key set: a header with the key counts, then each key as a complete nested object
 * (relinearization key first, then the Galois keys in ascending element order). Key sets large enough to take a
 * while (over 1 GiB at the top level) report their progress, one step per key.
 */
final class KeySetCodec implements ObjectCodec<EvaluationKeySet> {
    private static final long PROGRESS_FROM_BYTES = 1L << 30;

    private final ObjectFraming framing;
    private final KeyCodecs.RelinearizationKeys relinearizationKeys;
    private final KeyCodecs.GaloisKeys galoisKeys;
    private final ProgressListener progress;

    KeySetCodec(ObjectFraming framing, KeyCodecs.RelinearizationKeys relinearizationKeys,
                KeyCodecs.GaloisKeys galoisKeys, ProgressListener progress) {
        this.framing = framing;
        this.relinearizationKeys = relinearizationKeys;
        this.galoisKeys = galoisKeys;
        this.progress = progress;
    }

    public ObjectKind kind() {
        return ObjectKind.EVALUATION_KEY_SET;
    }

    public byte[] metadata(EvaluationKeySet keys) {
        return new MetadataWriter().putBoolean(keys.relinearizationKey().isPresent())
                .putInt(keys.galoisElements().size()).toByteArray();
    }

    public void writeBody(EvaluationKeySet keys, ContainerWriter out) throws IOException {
        int count = keys.galoisElements().size() + (keys.relinearizationKey().isPresent() ? 1 : 0);
        try (ProgressListener.Task task = startTask("writing evaluation keys", count)) {
            if (keys.relinearizationKey().isPresent()) {
                framing.writeObject(relinearizationKeys, keys.relinearizationKey().get(), out);
                task.step();
            }
            for (long g : keys.galoisElements()) {
                framing.writeObject(galoisKeys, keys.galoisKey(g).orElseThrow(), out);
                task.step();
            }
        }
    }

    public EvaluationKeySet read(MetadataReader meta, ContainerReader in, KeySetId keySet) throws IOException {
        boolean relinearization = meta.getBoolean("relinearization");
        int galoisCount = meta.getInt("galoisKeys", 0, framing.params().n());
        meta.expectEnd();
        RelinearizationKey rlk = null;
        List<GaloisKey> galois = new ArrayList<>();
        String member = "relinearization key";
        try (ProgressListener.Task task = startTask("reading evaluation keys", galoisCount + (relinearization ? 1 : 0))) {
            if (relinearization) {
                rlk = framing.readMember(relinearizationKeys, in, keySet);
                task.step();
            }
            Set<Long> elements = new HashSet<>();
            for (int i = 0; i < galoisCount; i++) {
                member = "Galois key " + (i + 1) + " of " + galoisCount;
                GaloisKey key = framing.readMember(galoisKeys, in, keySet);
                galois.add(key);
                if (!elements.add(key.galoisElement())) {
                    throw in.fail("Galois element " + key.galoisElement() + " appears twice");
                }
                task.step();
            }
        } catch (IOException | RuntimeException e) {
            ObjectFraming.closeQuietly(rlk);
            galois.forEach(GaloisKey::close);
            if (e instanceof FheFormatException f) {
                throw in.fail("in the " + member + " of the key set: " + f.problem());
            }
            throw e;
        }
        return new EvaluationKeySet(rlk, galois);
    }

    private ProgressListener.Task startTask(String label, int keys) {
        return keys * framing.params().switchingKeyBytes() >= PROGRESS_FROM_BYTES
                ? progress.start(label, keys) : ProgressListener.Task.NONE;
    }
}

package dev.olafhe.infer;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.olafhe.ckks.CkksParameters;
import dev.olafhe.util.FileDigest;
import dev.olafhe.util.JsonInput;
import dev.olafhe.util.SafeFiles;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * How the logits are read from the decrypted slots of an inference result: the slot of each logit and the value
 * encoding of the program's output ({@code scale·slot + offset}). Key generation writes it into the key folder as
 * {@value #FILE}, so decrypting needs the secret key, the parameters and this file, not the model, the plan or the
 * data set. Reading it is bounded and checked like the session ({@link JsonInput#readObject}).
 *
 * @param slots      slots the program's ciphertexts hold
 * @param logitSlots the slot of each logit, in order
 */
public record LogitsReadout(int slots, int[] logitSlots, double scale, double offset) {
    /** The readout's file in a key folder. */
    public static final String FILE = "readout.json";
    /** Bounds the bytes read (a readout has a few kilobytes). */
    static final int MAX_BYTES = 64 * 1024;
    private static final int MAX_SLOTS = 1 << (CkksParameters.MAX_LOG_N - 1);

    public LogitsReadout {
        logitSlots = logitSlots.clone();
    }

    @Override
    public int[] logitSlots() {
        return logitSlots.clone();
    }

    /** The readout of {@code program}'s output value. */
    public static LogitsReadout of(HeProgram program) {
        int value = program.outputValue();
        SlotLayout layout = program.layout(value);
        int[] slotOf = new int[layout.size()];
        for (int i = 0; i < slotOf.length; i++) {
            slotOf[i] = layout.slotOfIndex(i);
        }
        ValueEncoding e = program.encoding(value);
        return new LogitsReadout(program.slots(), slotOf, e.scale(), e.offset());
    }

    /**
     * The logits in the decrypted slot values {@code slotValues}, decoded as {@link HeProgram#decodeValue} does.
     *
     * @throws IllegalArgumentException when the ciphertext had fewer slots than the program's
     */
    public double[] logits(double[] slotValues) {
        requireSlots(slotValues.length, slots);
        double[] logits = new double[logitSlots.length];
        for (int i = 0; i < logits.length; i++) {
            logits[i] = scale * slotValues[logitSlots[i]] + offset;
        }
        return logits;
    }

    /** Refuses a ciphertext of {@code have} slots where the program's values need {@code need}. */
    static void requireSlots(int have, int need) {
        if (have < need) {
            throw new IllegalArgumentException("cannot decrypt: the ciphertext holds " + have
                    + " slots but the program's values need " + need + " (a ciphertext of another program?)");
        }
    }

    /** Writes {@value #FILE} into {@code dir}, atomically. */
    void write(Path dir) throws IOException {
        JsonObject o = content();
        o.addProperty("sha256", contentSha256());
        SafeFiles.writeString(dir.resolve(FILE), new GsonBuilder().create().toJson(o));
    }

    /** The readout's fields as written, without their check. */
    private JsonObject content() {
        JsonObject o = new JsonObject();
        o.addProperty("slots", slots);
        JsonArray a = new JsonArray();
        for (int s : logitSlots) {
            a.add(s);
        }
        o.add("logitSlots", a);
        o.addProperty("scale", scale);
        o.addProperty("offset", offset);
        return o;
    }

    /**
     * SHA-256 of the content's canonical JSON: a damaged slot index or scale still parses into a valid readout and
     * would decode wrong logits without a word, so the file carries this check of its own content.
     */
    private String contentSha256() {
        return FileDigest.sha256(new GsonBuilder().create().toJson(content()));
    }

    /**
     * The readout in key folder {@code dir}, every field checked; a missing file is a
     * {@link java.nio.file.NoSuchFileException}, anything else wrong one IOException line naming the file and field.
     */
    static LogitsReadout read(Path dir) throws IOException {
        JsonInput o = JsonInput.readObject(dir.resolve(FILE), MAX_BYTES, "an OLA-FHE logits readout")
                .namingPlaces(field -> "field " + field);
        o.onlyFields("slots", "logitSlots", "scale", "offset", "sha256");
        JsonInput slotsField = o.field("slots");
        int slots = slotsField.intValue();
        if (slots < 1 || slots > MAX_SLOTS || Integer.bitCount(slots) != 1) {
            throw slotsField.problem("must be a power of two in [1, " + MAX_SLOTS + "], got " + slots);
        }
        List<JsonInput> elements = o.field("logitSlots").array(1, slots);
        int[] logitSlots = new int[elements.size()];
        for (int i = 0; i < logitSlots.length; i++) {
            logitSlots[i] = elements.get(i).intValue();
            if (logitSlots[i] < 0 || logitSlots[i] >= slots) {
                throw elements.get(i).problem("must be in [0, " + slots + "), got " + logitSlots[i]);
            }
        }
        JsonInput scaleField = o.field("scale");
        double scale = scaleField.finite(-Double.MAX_VALUE, Double.MAX_VALUE);
        if (scale == 0) {
            throw scaleField.problem("must not be 0");
        }
        LogitsReadout readout = new LogitsReadout(slots, logitSlots, scale, o.field("offset").finite(-Double.MAX_VALUE,
                Double.MAX_VALUE));
        JsonInput check = o.field("sha256");
        if (!check.string().equals(readout.contentSha256())) {
            throw check.problem("does not match the readout's content: the file is corrupt (re-run `ola keygen`)");
        }
        return readout;
    }
}

package dev.olafhe.util;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * One value of a JSON file read as untrusted input, with checked accessors: a missing field, a wrong type, a number
 * out of range or an array of the wrong length is an {@link IOException} of one line naming the file, the place in
 * the document (e.g. {@code layers[3].coefficients[2]}) and the problem. Values quoted in messages are escaped and
 * cut, so a damaged file never gives a multi-line or huge message. Parsing accepts what the project's writers write
 * (Gson with NaN and infinities as bare words), so a file reads back exactly as written.
 */
public final class JsonInput {
    private static final int MAX_QUOTED_CHARS = 48;
    /** The non-finite numbers Gson writes (serializeSpecialFloatingPointValues), read back as such. */
    private static final Set<String> SPECIAL_NUMBERS = Set.of("NaN", "Infinity", "-Infinity");

    private final Path file;
    private final String place;
    private final JsonElement value;

    private JsonInput(Path file, String place, JsonElement value) {
        this.file = file;
        this.place = place;
        this.value = value;
    }

    /**
     * The document in {@code bytes} (read from {@code file}): UTF-8 text holding one JSON object and nothing after
     * it. {@code what} names the expected content in the refusal ("an OLA-FHE plan").
     */
    public static JsonInput parseObject(Path file, byte[] bytes, String what) throws IOException {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new IOException(file + " is not a text file (not UTF-8), so not " + what);
        }
        JsonElement root;
        try {
            root = JsonParser.parseString(text);
        } catch (JsonParseException e) { // Gson also refuses nesting deeper than 255 levels this way
            throw new IOException(file + " is not valid JSON, so not " + what + " (" + firstLine(e) + ")");
        }
        if (!root.isJsonObject()) {
            throw new IOException(file + " is not " + what + ": expected a JSON object");
        }
        return new JsonInput(file, "", root);
    }

    /** The file this value was read from. */
    public Path file() {
        return file;
    }

    /** The value as Gson holds it (to map a checked value onto a class). */
    public JsonElement element() {
        return value;
    }

    /** A refusal naming the file and this place: {@code "FILE: PLACE what"}. */
    public IOException problem(String what) {
        return new IOException(file + ": " + (place.isEmpty() ? "" : place + " ") + what);
    }

    /** The field {@code name} of this object, which must be present (null counts as missing). */
    public JsonInput field(String name) throws IOException {
        JsonInput f = optionalField(name);
        if (f == null) {
            throw new IOException(file + ": " + child(name) + " is missing");
        }
        return f;
    }

    /** The field {@code name} of this object, or null when it is absent or null. */
    public JsonInput optionalField(String name) throws IOException {
        JsonElement e = object().get(name);
        return e == null || e.isJsonNull() ? null : new JsonInput(file, child(name), e);
    }

    /** Refuses fields other than {@code names} (a misspelt or foreign field is not silently ignored). */
    public void onlyFields(String... names) throws IOException {
        Set<String> known = Set.of(names);
        for (String k : object().keySet()) {
            if (!known.contains(k)) {
                throw new IOException(file + ": " + (place.isEmpty() ? "the document" : place)
                        + " has an unknown field " + quote(k));
            }
        }
    }

    /** The names of this object's fields, in file order. */
    public Set<String> fieldNames() throws IOException {
        return object().keySet();
    }

    public String string() throws IOException {
        if (!value.isJsonPrimitive() || !value.getAsJsonPrimitive().isString()) {
            throw problem("must be a string, not " + quote(value.toString()));
        }
        return value.getAsString();
    }

    public boolean bool() throws IOException {
        if (!value.isJsonPrimitive() || !value.getAsJsonPrimitive().isBoolean()) {
            throw problem("must be true or false, not " + quote(value.toString()));
        }
        return value.getAsBoolean();
    }

    /** Any number, NaN and infinities included (evidence that is only reported). */
    public double number() throws IOException {
        JsonPrimitive p = value.isJsonPrimitive() ? value.getAsJsonPrimitive() : null;
        if (p != null && (p.isNumber() || p.isString() && SPECIAL_NUMBERS.contains(p.getAsString()))) {
            return p.getAsDouble();
        }
        throw problem("must be a number, not " + quote(value.toString()));
    }

    /** A finite number in [min, max]. */
    public double finite(double min, double max) throws IOException {
        double x = number();
        if (!(x >= min && x <= max)) {
            throw problem("is " + x + ", outside [" + min + ", " + max + "]");
        }
        return x;
    }

    /** An integer (written without fraction or exponent) in [min, max]. */
    public long integer(long min, long max) throws IOException {
        long x;
        try {
            if (!value.isJsonPrimitive() || !value.getAsJsonPrimitive().isNumber()) {
                throw new NumberFormatException();
            }
            x = Long.parseLong(value.getAsString());
        } catch (NumberFormatException e) {
            throw problem("must be an integer, not " + quote(value.toString()));
        }
        if (x < min || x > max) {
            throw problem("is " + x + ", outside [" + min + ", " + max + "]");
        }
        return x;
    }

    /** An integer in [min, max] that fits an int. */
    public int smallInteger(int min, int max) throws IOException {
        return (int) integer(min, max);
    }

    /** The elements of this array, which must have between {@code minLength} and {@code maxLength} of them. */
    public List<JsonInput> array(int minLength, int maxLength) throws IOException {
        if (!value.isJsonArray()) {
            throw problem("must be an array, not " + quote(value.toString()));
        }
        JsonArray a = value.getAsJsonArray();
        if (a.size() < minLength || a.size() > maxLength) {
            throw problem("has " + a.size() + " elements; " + (minLength == maxLength ? "expected " + minLength
                    : "expected " + minLength + " to " + maxLength));
        }
        List<JsonInput> out = new ArrayList<>(a.size());
        for (int i = 0; i < a.size(); i++) {
            out.add(new JsonInput(file, place + "[" + i + "]", a.get(i)));
        }
        return out;
    }

    /** An array of exactly {@code length} finite numbers in [min, max]. */
    public double[] finiteArray(int length, double min, double max) throws IOException {
        List<JsonInput> elements = array(length, length);
        double[] out = new double[length];
        for (int i = 0; i < length; i++) {
            out[i] = elements.get(i).finite(min, max);
        }
        return out;
    }

    /** An array of {@code minLength} to {@code maxLength} integers in [min, max]. */
    public int[] integerArray(int minLength, int maxLength, int min, int max) throws IOException {
        List<JsonInput> elements = array(minLength, maxLength);
        int[] out = new int[elements.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = elements.get(i).smallInteger(min, max);
        }
        return out;
    }

    /** This value as an object (to check its fields), refused if it is anything else. */
    public JsonObject object() throws IOException {
        if (!value.isJsonObject()) {
            throw problem("must be an object, not " + quote(value.toString()));
        }
        return value.getAsJsonObject();
    }

    private String child(String name) {
        return place.isEmpty() ? name : place + "." + name;
    }

    /** {@code text} in quotes, control characters escaped, cut to a few dozen characters. */
    public static String quote(String text) {
        StringBuilder sb = new StringBuilder("'");
        for (int i = 0; i < text.length() && sb.length() <= MAX_QUOTED_CHARS; i++) {
            char c = text.charAt(i);
            sb.append(c < 0x20 || c == 0x7f ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return sb.length() > MAX_QUOTED_CHARS ? sb.substring(0, MAX_QUOTED_CHARS) + "...'" : sb.append('\'').toString();
    }

    /** The first line of a parser's message without the exception class Gson puts in front, or the type. */
    private static String firstLine(Exception e) {
        String m = e.getMessage();
        if (m == null || m.isBlank()) {
            return e.getClass().getSimpleName();
        }
        return m.strip().lines().findFirst().orElse(m).replaceFirst("^[\\w.$]+(Exception|Error): ", "");
    }
}

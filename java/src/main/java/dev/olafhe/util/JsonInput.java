package dev.olafhe.util;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * One value of a JSON file read as untrusted input, with checked accessors: a missing field, a wrong type, a number
 * out of range or an array of the wrong length is an {@link IOException} of one line naming the file, the place in
 * the document (e.g. {@code layers[3].coefficients[2]}) and the problem. Values quoted in messages are escaped and
 * cut ({@link #quote}), so a damaged file never gives a multi-line or huge message.
 *
 * <p>Two ways in: {@link #parseObject} parses bytes the caller read, accepting what the project's writers write (Gson
 * with NaN and infinities as bare words), so a plan or report reads back exactly as written; {@link #readObject}
 * reads a small file itself, bounded in size, as strict JSON. Their document-level refusals are worded differently
 * because tests of their callers pin both wordings.
 */
public final class JsonInput {
    private static final int MAX_QUOTED_CHARS = 48;
    /** Bounds a parser's or file system's message quoted in a refusal. */
    private static final int MAX_CAUSE_CHARS = 200;
    /** The non-finite numbers Gson writes (serializeSpecialFloatingPointValues), read back as such. */
    private static final Set<String> SPECIAL_NUMBERS = Set.of("NaN", "Infinity", "-Infinity");
    private static final Gson GSON = new Gson();

    /** The file a value comes from, what it should hold ("an OLA-FHE plan") and how messages name a place. */
    private record Document(Path file, String what, UnaryOperator<String> names) {
    }

    private final Document document;
    private final Path file;
    private final String place;
    private final JsonElement value;

    private JsonInput(Document document, String place, JsonElement value) {
        this.document = document;
        this.file = document.file();
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
        return new JsonInput(new Document(file, what, UnaryOperator.identity()), "", root);
    }

    /**
     * The JSON object in {@code file}, which holds {@code what} (e.g. "an OLA-FHE session"): a regular file of at most
     * {@code maxBytes} bytes of UTF-8, strict JSON (no NaN, comments or single quotes), one object and nothing after
     * it. A missing file is a {@link NoSuchFileException}; anything else wrong an IOException of one line, worded
     * {@code "FILE is not WHAT: reason"}.
     */
    public static JsonInput readObject(Path file, int maxBytes, String what) throws IOException {
        byte[] bytes = readBounded(file, maxBytes, what);
        JsonElement root;
        try {
            String text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
            JsonReader reader = new JsonReader(new StringReader(text));
            reader.setStrictness(Strictness.STRICT);
            root = GSON.getAdapter(JsonElement.class).read(reader);
            if (reader.peek() != JsonToken.END_DOCUMENT) {
                throw new IOException("data after the JSON object");
            }
            if (!root.isJsonObject()) {
                throw new IOException("a JSON object was expected");
            }
        } catch (CharacterCodingException e) {
            throw new IOException(file + " is not " + what + ": not UTF-8 text", e);
        } catch (IOException | RuntimeException e) { // Gson's syntax errors are RuntimeExceptions
            throw new IOException(file + " is not " + what + ": invalid JSON (" + firstLine(e) + ")", e);
        }
        return new JsonInput(new Document(file, what, UnaryOperator.identity()), "", root);
    }

    /** At most {@code maxBytes} of a regular file: never blocks on a FIFO, never fills memory from a growing file. */
    private static byte[] readBounded(Path file, int maxBytes, String what) throws IOException {
        String tooLarge = file + " is not " + what + ": more than " + maxBytes + " bytes";
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            if (!a.isRegularFile()) {
                throw new IOException(file + " is not " + what + ": not a regular file");
            }
            if (a.size() > maxBytes) {
                throw new IOException(tooLarge);
            }
            try (InputStream in = Files.newInputStream(file)) {
                byte[] bytes = in.readNBytes(maxBytes + 1);
                if (bytes.length > maxBytes) {
                    throw new IOException(tooLarge);
                }
                return bytes;
            }
        } catch (NoSuchFileException e) {
            throw e;
        } catch (IOException e) {
            String m = e.getMessage();
            throw m != null && m.startsWith(file.toString()) ? e
                    : new IOException(file + ": cannot read it (" + firstLine(e) + ")", e);
        }
    }

    /**
     * This document with each place named by {@code names} in messages (a session file says "field degree" where a
     * plan says "degree"). Call it on the document's root.
     */
    public JsonInput namingPlaces(UnaryOperator<String> names) {
        return new JsonInput(new Document(file, document.what(), names), place, value);
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
        return new IOException(file + ": " + (place.isEmpty() ? "" : named(place) + " ") + what);
    }

    /** The field {@code name} of this object, which must be present (null counts as missing). */
    public JsonInput field(String name) throws IOException {
        JsonInput f = optionalField(name);
        if (f == null) {
            throw new IOException(file + ": " + named(child(name)) + " is missing");
        }
        return f;
    }

    /** The field {@code name} of this object, or null when it is absent or null. */
    public JsonInput optionalField(String name) throws IOException {
        JsonElement e = object().get(name);
        return e == null || e.isJsonNull() ? null : new JsonInput(document, child(name), e);
    }

    /** Refuses fields other than {@code names} (a misspelt or foreign field is not silently ignored). */
    public void onlyFields(String... names) throws IOException {
        Set<String> known = Set.of(names);
        for (String k : object().keySet()) {
            if (!known.contains(k)) {
                throw new IOException(file + ": " + (place.isEmpty() ? "unknown field " + quote(k) + " (not "
                        + document.what() + "?)" : named(place) + " has an unknown field " + quote(k)));
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

    /**
     * A number whose value is an int, however written (3, 3.0, 3e0): a value that is no number is refused as such,
     * before the integer check ({@link #integer} instead wants an integer literal). Its range is the caller's.
     */
    public int intValue() throws IOException {
        if (!value.isJsonPrimitive() || !value.getAsJsonPrimitive().isNumber()) {
            throw problem("must be a number, not " + quote(value.toString()));
        }
        try {
            return value.getAsBigDecimal().intValueExact();
        } catch (ArithmeticException | NumberFormatException e) {
            throw problem("must be an integer of at most 10 digits, got " + quote(value.getAsString()));
        }
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
            out.add(new JsonInput(document, place + "[" + i + "]", a.get(i)));
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

    private String named(String somePlace) {
        return document.names().apply(somePlace);
    }

    /**
     * {@code text} in quotes, what would break a message's one line escaped ({@link #printable}), cut to a few dozen
     * characters; "nothing" for null.
     */
    public static String quote(String text) {
        return text == null ? "nothing" : "'" + escaped(text, MAX_QUOTED_CHARS) + "'";
    }

    /** Whether {@code text} has no control characters and no line or paragraph separators. */
    public static boolean printable(String text) {
        return text.codePoints().allMatch(c -> !unprintable(c));
    }

    private static boolean unprintable(int c) {
        int type = Character.getType(c);
        return Character.isISOControl(c) || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR;
    }

    /** {@code text} with unprintable characters escaped, cut after {@code max} characters. */
    private static String escaped(String text, int max) {
        StringBuilder sb = new StringBuilder();
        text.codePoints().limit(max).forEach(c -> sb.append(unprintable(c) ? String.format("\\u%04x", c)
                : Character.toString(c)));
        return text.codePointCount(0, text.length()) > max ? sb.append("...").toString() : sb.toString();
    }

    /** The first line of a parser's message without the exception class Gson puts in front (or the type), escaped. */
    private static String firstLine(Exception e) {
        String m = e.getMessage();
        if (m == null || m.isBlank()) {
            return e.getClass().getSimpleName();
        }
        String line = m.strip().lines().findFirst().orElse(m).replaceFirst("^[\\w.$]+(Exception|Error): ", "");
        return escaped(line, MAX_CAUSE_CHARS);
    }
}

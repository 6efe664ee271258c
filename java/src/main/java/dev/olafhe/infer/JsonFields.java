package dev.olafhe.infer;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;

import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * Bounded, strict reading of the small JSON files of a key folder ({@link SessionFile}, {@link LogitsReadout}): at
 * most {@value #MAX_BYTES} bytes of UTF-8, strict JSON, one object, known fields only, each of its JSON type. The
 * field getters throw IllegalArgumentException naming the field; the caller adds the file. Every value quoted in a
 * message is escaped and cut ({@link #quote}), so a damaged file always gives one readable line.
 */
final class JsonFields {
    /** Bounds the bytes read (these files have a few hundred, a readout a few kilobytes). */
    static final int MAX_BYTES = 64 * 1024;
    /** Bounds a value quoted in a message. */
    private static final int MAX_QUOTED_CHARS = 64;
    private static final Gson GSON = new Gson();

    private JsonFields() {
    }

    /**
     * The JSON object in {@code file}, which holds {@code what} (e.g. "an OLA-FHE session"): bounded in size, UTF-8,
     * strict JSON, nothing after it, only {@code fields}. A missing file is a {@link NoSuchFileException}; anything
     * else wrong an IOException of one line naming the file.
     */
    static JsonObject read(Path file, String what, List<String> fields) throws IOException {
        JsonObject o = parse(file, what, readBounded(file, what));
        for (String field : o.keySet()) {
            if (!fields.contains(field)) {
                throw new IOException(file + ": unknown field " + quote(field) + " (not " + what + "?)");
            }
        }
        return o;
    }

    private static byte[] readBounded(Path file, String what) throws IOException {
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new IOException(file + " is not " + what + ": more than " + MAX_BYTES + " bytes");
            }
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw e;
        } catch (IOException e) {
            String m = e.getMessage();
            throw m != null && m.startsWith(file.toString()) ? e
                    : new IOException(file + ": cannot read it (" + firstLine(e) + ")", e);
        }
    }

    private static JsonObject parse(Path file, String what, byte[] bytes) throws IOException {
        try {
            String text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
            JsonReader reader = new JsonReader(new StringReader(text));
            reader.setStrictness(Strictness.STRICT);
            JsonElement root = GSON.getAdapter(JsonElement.class).read(reader);
            if (reader.peek() != JsonToken.END_DOCUMENT) {
                throw new IOException("data after the JSON object");
            }
            if (!root.isJsonObject()) {
                throw new IOException("a JSON object was expected");
            }
            return root.getAsJsonObject();
        } catch (CharacterCodingException e) {
            throw new IOException(file + " is not " + what + ": not UTF-8 text", e);
        } catch (IOException | RuntimeException e) {
            throw new IOException(file + " is not " + what + ": invalid JSON (" + firstLine(e) + ")", e);
        }
    }

    /** A string field; null when absent (or JSON null) and not {@code required}. */
    static String string(JsonObject o, String field, boolean required) {
        JsonPrimitive p = primitive(o.get(field), field, required);
        if (p == null) {
            return null;
        }
        if (!p.isString()) {
            throw new IllegalArgumentException("field " + field + " must be a string");
        }
        return p.getAsString();
    }

    /** A required int field; its range is the caller's to check. */
    static int integer(JsonObject o, String field) {
        return intValue(o.get(field), field);
    }

    /** A required finite number field. */
    static double decimal(JsonObject o, String field) {
        double v = number(o.get(field), field).getAsDouble();
        if (!Double.isFinite(v)) {
            throw new IllegalArgumentException("field " + field + " must be a finite number");
        }
        return v;
    }

    /** A boolean field; {@code absent} is its value when missing (null: required). */
    static boolean bool(JsonObject o, String field, Boolean absent) {
        JsonPrimitive p = primitive(o.get(field), field, absent == null);
        if (p == null) {
            return absent;
        }
        if (!p.isBoolean()) {
            throw new IllegalArgumentException("field " + field + " must be true or false");
        }
        return p.getAsBoolean();
    }

    /** A required array of 1 to {@code maxLength} ints, each in [min, max). */
    static int[] integers(JsonObject o, String field, int maxLength, int min, int max) {
        JsonElement e = o.get(field);
        if (!(e instanceof JsonArray a)) {
            throw new IllegalArgumentException("field " + field + (e == null ? " is missing" : " must be an array"));
        }
        if (a.isEmpty() || a.size() > maxLength) {
            throw new IllegalArgumentException("field " + field + " must hold 1 to " + maxLength + " values, holds "
                    + a.size());
        }
        int[] values = new int[a.size()];
        for (int i = 0; i < values.length; i++) {
            String name = field + "[" + i + "]";
            values[i] = intValue(a.get(i), name);
            if (values[i] < min || values[i] >= max) {
                throw new IllegalArgumentException("field " + name + " must be in [" + min + ", " + max + "), got "
                        + values[i]);
            }
        }
        return values;
    }

    private static int intValue(JsonElement e, String name) {
        JsonPrimitive p = number(e, name);
        try {
            return p.getAsBigDecimal().intValueExact();
        } catch (ArithmeticException | NumberFormatException ex) {
            throw new IllegalArgumentException("field " + name + " must be an integer of at most 10 digits, got "
                    + quote(p.getAsString()));
        }
    }

    private static JsonPrimitive number(JsonElement e, String name) {
        JsonPrimitive p = primitive(e, name, true);
        if (!p.isNumber()) {
            throw new IllegalArgumentException("field " + name + " must be a number");
        }
        return p;
    }

    private static JsonPrimitive primitive(JsonElement e, String name, boolean required) {
        if (e == null || e.isJsonNull()) {
            if (required) {
                throw new IllegalArgumentException("field " + name + " is missing");
            }
            return null;
        }
        if (!(e instanceof JsonPrimitive p)) {
            throw new IllegalArgumentException("field " + name + " must be a single value");
        }
        return p;
    }

    /** A value from a file quoted in a message: control characters escaped, cut to a readable length. */
    static String quote(String value) {
        return value == null ? "nothing" : "'" + escaped(value, MAX_QUOTED_CHARS) + "'";
    }

    /** Control characters and line or paragraph separators: what would break a message's one line. */
    static boolean unprintable(int c) {
        int type = Character.getType(c);
        return Character.isISOControl(c) || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR;
    }

    /** {@code text} with unprintable characters escaped, cut after {@code max} characters. */
    private static String escaped(String text, int max) {
        StringBuilder sb = new StringBuilder();
        text.codePoints().limit(max).forEach(c -> sb.append(unprintable(c) ? String.format("\\u%04x", c)
                : Character.toString(c)));
        return text.codePointCount(0, text.length()) > max ? sb.append('…').toString() : sb.toString();
    }

    /** The first line of an exception's message, escaped (Gson's messages add a second line). */
    private static String firstLine(Exception e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int nl = m.indexOf('\n');
        return escaped(nl < 0 ? m : m.substring(0, nl), 200);
    }
}

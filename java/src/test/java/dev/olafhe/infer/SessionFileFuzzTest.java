package dev.olafhe.infer;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.olafhe.nn.ModelFiles;
import dev.olafhe.util.FuzzBudget;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.statistics.Statistics;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fuzzing of session.json: a damaged file (a field replaced by another JSON value or removed, truncated, bytes
 * flipped, random bytes) is either refused with one IOException line that names the file, or loaded as a session
 * whose every field is in range; never another exception, an OutOfMemoryError or a hang. Loading reads no model, so
 * each try takes milliseconds; the tries are bounded with a fixed seed ({@link FuzzBudget}).
 */
@AddLifecycleHook(FuzzBudget.class)
class SessionFileFuzzTest {
    private static final Duration TRY_LIMIT = Duration.ofSeconds(10);
    private static final String SEED = "20261203";
    private static final int TRIES = 200;
    private static final List<String> FIELDS = List.of("model", "modelSha256", "plan", "planSha256", "degree",
            "calibration", "data", "logN", "logScale", "insecure", "bootstrapping", "composite", "deterministicKeys",
            "unknown");

    private static Path dir;
    private static Path file;
    private static byte[] valid;

    @BeforeContainer
    static void writeAValidSession() throws IOException {
        dir = Files.createTempDirectory("session-fuzz");
        Path model = ModelFiles.onnx("tiny_resnet");
        InferenceSession.create(model, model.resolveSibling("tiny_resnet.plan.json"), 3, 100, false, "fashion-mnist",
                11, 40, true, "logn11-insecure", true).save(dir);
        file = dir.resolve(InferenceSession.FILE);
        valid = Files.readAllBytes(file);
    }

    @AfterContainer
    static void cleanUp() throws IOException {
        Files.deleteIfExists(file);
        Files.deleteIfExists(dir);
    }

    /** Loads {@code bytes} as session.json: a one-line refusal naming the file, or a session with valid fields. */
    private static void assertRefusedOrValid(byte[] bytes) throws IOException {
        Files.write(file, bytes);
        String outcome = assertTimeoutPreemptively(TRY_LIMIT, () -> {
            InferenceSession s;
            try {
                s = InferenceSession.load(dir);
            } catch (IOException e) {
                String m = e.getMessage();
                assertTrue(m != null && m.startsWith(file.toString()), "names the file: " + m);
                assertFalse(m.contains("\n") || m.contains("\r") || m.contains("\u2028"), "one line: " + m);
                assertTrue(m.length() < 1000, "short: " + m);
                return "refused";
            }
            s.validate(field -> field); // what was loaded keeps every rule
            return "loaded";
        });
        Statistics.collect(outcome);
    }

    @Property(tries = TRIES, seed = SEED)
    void aFieldReplacedOrRemoved(@ForAll("fields") String field, @ForAll("jsonValues") String value)
            throws IOException {
        JsonObject o = JsonParser.parseString(new String(valid, StandardCharsets.UTF_8)).getAsJsonObject();
        if (value.isEmpty()) {
            o.remove(field);
        } else {
            o.add(field, JsonParser.parseString(value));
        }
        assertRefusedOrValid(o.toString().getBytes(StandardCharsets.UTF_8));
    }

    @Property(tries = TRIES, seed = SEED)
    void truncations(@ForAll("anywhere") int cut) throws IOException {
        assertRefusedOrValid(Arrays.copyOf(valid, cut % valid.length));
    }

    @Property(tries = TRIES, seed = SEED)
    void bytesChanged(@ForAll("anywhere") int position, @ForAll byte value) throws IOException {
        byte[] bytes = valid.clone();
        bytes[position % bytes.length] = value;
        assertRefusedOrValid(bytes);
    }

    @Property(tries = TRIES, seed = SEED)
    void randomBytes(@ForAll @Size(max = 700) byte[] bytes) throws IOException {
        assertRefusedOrValid(bytes);
    }

    @Provide
    Arbitrary<String> fields() {
        return Arbitraries.of(FIELDS);
    }

    /** JSON values around the boundaries, of every type; "" removes the field. */
    @Provide
    Arbitrary<String> jsonValues() {
        Arbitrary<String> numbers = Arbitraries.of("0", "-1", "1", "3", "11", "17", "18", "40", "60", "61", "255", "256",
                "1000000", "1000001", "1000000000", "2147483647", "2147483648", "-2147483649", "1e40", "1e-40", "1.5",
                "-0", "1E+999999999", "12345678901234567890123456789");
        Arbitrary<String> strings = Arbitraries.strings().all().ofMaxLength(80).map(SessionFileFuzzTest::jsonString);
        Arbitrary<String> known = Arbitraries.of("\"none\"", "\"n16-resnet\"", "\"n16-h192\"", "\"logn11-insecure\"",
                "\"fashion-mnist\"", "\"" + "0".repeat(64) + "\"", "\"" + "A".repeat(64) + "\"", "\"\"", "\"/\"",
                "\"../../x\"", "\"" + "x".repeat(5000) + "\"");
        Arbitrary<String> other = Arbitraries.of("", "null", "true", "false", "[]", "{}", "[1, 2]", "{\"a\": 1}",
                "[".repeat(200) + "]".repeat(200));
        return Arbitraries.oneOf(numbers, strings, known, other);
    }

    private static String jsonString(String s) {
        return new com.google.gson.JsonPrimitive(s).toString();
    }

    @Provide
    Arbitrary<Integer> anywhere() {
        return Arbitraries.integers().greaterOrEqual(0).withDistribution(RandomDistribution.uniform());
    }
}

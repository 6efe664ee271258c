package dev.olafhe.plan;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import dev.olafhe.approx.ChebyshevSeries;
import dev.olafhe.nn.ModelFiles;
import dev.olafhe.nn.Network;
import dev.olafhe.nn.onnx.OnnxImporter;
import dev.olafhe.util.FileDigest;
import dev.olafhe.util.FuzzBudget;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fuzzing of plan files: the committed plans with bit flips, truncations, numbers replaced by huge, NaN, negative or
 * fractional values, values of the wrong type and dropped fields must be either refused with a one-line
 * IOException naming the file, or read as a plan the runtime can use (every layer a finite, bounded Chebyshev
 * series on an interval a < b, in activation order) that is checked against its model without a crash. Never a
 * RuntimeException, an OutOfMemoryError or a hang. Tries are bounded for CI with a fixed seed ({@link FuzzBudget}:
 * {@code -Dolafhe.fuzz.tries=N}, {@code -Dolafhe.fuzz.seed=S}).
 */
@AddLifecycleHook(FuzzBudget.class)
class PlanFileFuzzTest {
    private static final Duration TRY_LIMIT = Duration.ofSeconds(20);
    private static final String SEED = "20261203";
    private static final int TRIES = 150;
    private static final String[] MODELS = {"tiny_resnet", "resnet20", "resnet32", "convnext_tiny32"};

    private static final List<byte[]> BYTES = new ArrayList<>();
    private static final List<JsonObject> TREES = new ArrayList<>();
    private static final List<Network> NETS = new ArrayList<>();
    private static final List<String> SHAS = new ArrayList<>();
    private static Path file;

    @BeforeContainer
    static void readCommittedPlans() throws IOException {
        for (String model : MODELS) {
            byte[] bytes = Files.readAllBytes(ModelFiles.dir().resolve(model + ".plan.json"));
            BYTES.add(bytes);
            TREES.add(JsonParser.parseString(new String(bytes, StandardCharsets.UTF_8)).getAsJsonObject());
            NETS.add(OnnxImporter.load(ModelFiles.onnx(model)));
            SHAS.add(FileDigest.sha256(ModelFiles.onnx(model)));
        }
        file = Files.createTempFile("plan-fuzz", ".plan.json");
    }

    @AfterContainer
    static void removeFile() throws IOException {
        Files.deleteIfExists(file);
    }

    // ---- mutations ------------------------------------------------------------------------------------

    @Property(tries = TRIES, seed = SEED)
    void bitFlips(@ForAll @IntRange(min = 0, max = 3) int plan, @ForAll @Size(min = 1, max = 8) List<@IntRange(min = 0)
            Integer> bits) throws IOException {
        byte[] b = BYTES.get(plan).clone();
        for (int bit : bits) {
            int at = bit % (8 * b.length);
            b[at / 8] ^= (byte) (1 << (at % 8));
        }
        assertRefusedOrUsable(plan, b);
    }

    @Property(tries = TRIES, seed = SEED)
    void truncations(@ForAll @IntRange(min = 0, max = 3) int plan, @ForAll @IntRange(min = 0) int cut)
            throws IOException {
        byte[] b = BYTES.get(plan);
        assertRefusedOrUsable(plan, Arrays.copyOf(b, cut % b.length));
    }

    /** One number anywhere in the plan replaced by an extreme, non-finite, negative or fractional value. */
    @Property(tries = TRIES, seed = SEED)
    void numbersReplaced(@ForAll @IntRange(min = 0, max = 3) int plan, @ForAll @IntRange(min = 0) int slot,
                         @ForAll("extremeNumbers") String number) throws IOException {
        JsonObject tree = TREES.get(plan).deepCopy();
        List<Slot> numbers = slots(tree, true);
        numbers.get(slot % numbers.size()).set(JsonParser.parseString(number));
        assertRefusedOrUsable(plan, tree.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** One value anywhere (object, array, string, number) replaced by a value of another type. */
    @Property(tries = TRIES, seed = SEED)
    void wrongTypes(@ForAll @IntRange(min = 0, max = 3) int plan, @ForAll @IntRange(min = 0) int slot,
                    @ForAll("otherValues") String value) throws IOException {
        JsonObject tree = TREES.get(plan).deepCopy();
        List<Slot> all = slots(tree, false);
        all.get(slot % all.size()).set(JsonParser.parseString(value));
        assertRefusedOrUsable(plan, tree.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** One field of any object, or one element of any array, dropped. */
    @Property(tries = TRIES, seed = SEED)
    void droppedFields(@ForAll @IntRange(min = 0, max = 3) int plan, @ForAll @IntRange(min = 0) int slot)
            throws IOException {
        JsonObject tree = TREES.get(plan).deepCopy();
        List<Slot> all = slots(tree, false);
        all.get(slot % all.size()).remove();
        assertRefusedOrUsable(plan, tree.toString().getBytes(StandardCharsets.UTF_8));
    }

    @Provide
    Arbitrary<String> extremeNumbers() {
        return Arbitraries.of("1e300", "-1e300", "1e20", "NaN", "Infinity", "-Infinity", "-1", "-2147483649",
                "2147483648", "9223372036854775808", "0", "1.5", "-0.5", "1e-320", "123456789012");
    }

    @Provide
    Arbitrary<String> otherValues() {
        return Arbitraries.of("\"x\"", "\"\"", "true", "null", "[]", "{}", "[1, 2, 3]", "{\"a\": 1}", "3",
                "\"RELU\"", "\"chebyshev\"", "\"\\u0000\\n\"");
    }

    // ---- the outcome every try must have ----------------------------------------------------------------

    private static void assertRefusedOrUsable(int plan, byte[] bytes) throws IOException {
        Files.write(file, bytes);
        String outcome = assertTimeoutPreemptively(TRY_LIMIT, () -> {
            Plan p;
            try {
                p = PlanFile.read(file);
            } catch (IOException e) {
                assertCleanRefusal(e);
                return "refused";
            }
            assertUsable(p);
            try {
                PlanFile.checkModel(p, file, NETS.get(plan), SHAS.get(plan));
            } catch (IOException e) {
                assertCleanRefusal(e);
                return "read, refused for its model";
            }
            return "read and usable";
        });
        Statistics.collect(outcome);
    }

    private static void assertCleanRefusal(IOException e) {
        String m = e.getMessage();
        assertTrue(m != null && m.contains(file.toString()) && m.lines().count() == 1 && m.length() < 1000, m);
    }

    /** What the runtime relies on: one finite, bounded Chebyshev series per layer, in activation order. */
    private static void assertUsable(Plan p) {
        assertTrue(p.model() != null && p.data() != null && p.solver() != null && p.baselines() != null);
        for (int i = 0; i < p.layers().size(); i++) {
            Plan.Layer l = p.layers().get(i);
            assertEquals(i, l.index());
            assertEquals(l.degree() + 1, l.coefficients().length);
            assertTrue(l.interval()[0] < l.interval()[1]);
            ChebyshevSeries s = new ChebyshevSeries(l.interval()[0], l.interval()[1], l.coefficients());
            double mid = (l.interval()[0] + l.interval()[1]) / 2;
            assertTrue(Double.isFinite(s.evaluate(mid)) && Double.isFinite(s.evaluate(l.interval()[1])));
        }
        assertEquals(p.model().activations(), p.layers().size());
    }

    // ---- where in the JSON tree a mutation goes ---------------------------------------------------------

    /** A place in the tree: a field of an object or an element of an array. */
    private record Slot(JsonElement parent, String field, int index) {
        void set(JsonElement value) {
            if (field != null) {
                parent.getAsJsonObject().add(field, value);
            } else {
                parent.getAsJsonArray().set(index, value);
            }
        }

        void remove() {
            if (field != null) {
                parent.getAsJsonObject().remove(field);
            } else {
                parent.getAsJsonArray().remove(index);
            }
        }
    }

    /** Every place in the tree (depth first), or only those holding a number. */
    private static List<Slot> slots(JsonElement root, boolean numbersOnly) {
        List<Slot> out = new ArrayList<>();
        collect(root, numbersOnly, out);
        return out;
    }

    private static void collect(JsonElement e, boolean numbersOnly, List<Slot> out) {
        if (e.isJsonObject()) {
            for (var entry : e.getAsJsonObject().entrySet()) {
                add(new Slot(e, entry.getKey(), -1), entry.getValue(), numbersOnly, out);
                collect(entry.getValue(), numbersOnly, out);
            }
        } else if (e.isJsonArray()) {
            JsonArray a = e.getAsJsonArray();
            for (int i = 0; i < a.size(); i++) {
                add(new Slot(e, null, i), a.get(i), numbersOnly, out);
                collect(a.get(i), numbersOnly, out);
            }
        }
    }

    private static void add(Slot slot, JsonElement value, boolean numbersOnly, List<Slot> out) {
        boolean number = value instanceof JsonPrimitive p && p.isNumber();
        if (!numbersOnly || number) {
            out.add(slot);
        }
    }
}

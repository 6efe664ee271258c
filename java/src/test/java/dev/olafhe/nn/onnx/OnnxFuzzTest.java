package dev.olafhe.nn.onnx;

import ai.onnx.proto.OnnxMl;
import dev.olafhe.nn.ModelFiles;
import dev.olafhe.util.FuzzBudget;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fuzzes the ONNX importer with mutated copies of the small committed models (tiny_resnet: option-A shortcuts
 * with folded Slice/Pad arithmetic; convnext_tiny32: decomposed LayerNorm, GELU, depthwise convolutions): bit
 * flips, byte overwrites, truncations, and structural mutations that craft huge or negative dims, short raw data,
 * wrong data types, missing or dangling inputs, extreme attribute values, swapped operator types and reordered
 * nodes. Every try must either import or be refused with an {@link IOException} whose one-line message names the
 * file, within {@link #LIMIT}; any other Throwable (a RuntimeException, an OutOfMemoryError) fails the test.
 *
 * <p>CI runs a small fixed corpus (the tries below, a fixed seed; a few seconds). For a longer run, or another
 * corpus: {@code mvn -pl java -Dolafhe.cuda=OFF test -Dtest=OnnxFuzzTest -Dolafhe.fuzz.tries=10000
 * -Dolafhe.fuzz.seed=7} (see {@link FuzzBudget}).
 */
@AddLifecycleHook(FuzzBudget.class)
class OnnxFuzzTest {
    /** The seed of the CI corpus. */
    private static final String SEED = "20261202";
    private static final Duration LIMIT = Duration.ofSeconds(20);
    private static final Map<String, byte[]> MODELS = new ConcurrentHashMap<>();
    private static Path file;

    @BeforeContainer
    static void createFile() throws IOException {
        file = Files.createTempFile("olafhe-fuzz-", ".onnx");
    }

    @AfterContainer
    static void deleteFile() throws IOException {
        Files.deleteIfExists(file);
    }

    private static byte[] model(String name) {
        return MODELS.computeIfAbsent(name, m -> {
            try {
                return Files.readAllBytes(ModelFiles.onnx(m));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).clone();
    }

    @Provide
    Arbitrary<String> models() {
        return Arbitraries.of("tiny_resnet", "convnext_tiny32");
    }

    /** Imports the bytes from a file: they import, or the refusal is an IOException naming the file in one line. */
    private static void importsOrIsRefused(byte[] bytes) throws IOException {
        Files.write(file, bytes);
        assertTimeoutPreemptively(LIMIT, () -> {
            try {
                OnnxImporter.load(file);
            } catch (IOException e) {
                String m = String.valueOf(e.getMessage());
                assertTrue(m.contains(file.toString()), m);
                assertFalse(m.contains("\n"), m);
            }
        });
    }

    @Property(tries = 120, seed = SEED)
    void bitFlips(@ForAll("models") String model,
                  @ForAll @Size(min = 1, max = 8) List<@IntRange(min = 0, max = Integer.MAX_VALUE) Integer> bits)
            throws IOException {
        byte[] b = model(model);
        for (int bit : bits) {
            long at = bit % (8L * b.length);
            b[(int) (at / 8)] ^= (byte) (1 << (at % 8));
        }
        importsOrIsRefused(b);
    }

    @Property(tries = 80, seed = SEED)
    void byteOverwrites(@ForAll("models") String model,
                        @ForAll @Size(min = 1, max = 6) List<@IntRange(min = 0, max = Integer.MAX_VALUE) Integer> at,
                        @ForAll byte value) throws IOException {
        byte[] b = model(model);
        for (int i : at) {
            b[i % b.length] = value;
        }
        importsOrIsRefused(b);
    }

    @Property(tries = 40, seed = SEED)
    void truncations(@ForAll("models") String model, @ForAll @IntRange(min = 0, max = 999_999) int permille)
            throws IOException {
        byte[] b = model(model);
        importsOrIsRefused(java.util.Arrays.copyOf(b, (int) ((long) b.length * permille / 1_000_000)));
    }

    @Property(tries = 250, seed = SEED)
    void structuralMutations(@ForAll("models") String model,
                             @ForAll @Size(min = 1, max = 4) List<@From("mutations") ModelMutation> mutations)
            throws IOException {
        OnnxMl.ModelProto.Builder m = OnnxMl.ModelProto.parseFrom(model(model)).toBuilder();
        for (ModelMutation mutation : mutations) {
            mutation.applyTo(m.getGraphBuilder());
        }
        importsOrIsRefused(m.build().toByteArray());
    }

    @Provide
    Arbitrary<ModelMutation> mutations() {
        Arbitrary<Long> values = Arbitraries.oneOf(
                Arbitraries.of(0L, 1L, -1L, 2L, 3L, 7L, 1L << 16, 1L << 24, (1L << 24) + 1, (long) Integer.MAX_VALUE,
                        1L << 31, 1L << 40, Long.MAX_VALUE, Long.MIN_VALUE),
                Arbitraries.longs().between(-64, 64),
                Arbitraries.longs());
        return Combinators.combine(Arbitraries.of(ModelMutation.Kind.values()),
                Arbitraries.integers().between(0, Integer.MAX_VALUE),
                Arbitraries.integers().between(0, Integer.MAX_VALUE), values).as(ModelMutation::new);
    }
}

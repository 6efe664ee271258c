package dev.olafhe.cli;

import dev.olafhe.backend.BackendUnavailableException;
import dev.olafhe.backend.Backends;
import dev.olafhe.cli.OlaCli.Outcome;
import dev.olafhe.nn.ModelFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Bad input to eval, profile, plan and bench ends in one line on stderr ("ola CMD: error: ...") and exit code 2,
 * found before any expensive work (each case here returns within seconds although the same commands with good
 * input run for minutes or hours).
 */
class CliInputErrorsTest {
    private static final String MODEL = ModelFiles.onnx("tiny_resnet").toString();
    private static final String PLAN = ModelFiles.dir().resolve("tiny_resnet.plan.json").toString();
    private static final Duration CHEAP = Duration.ofSeconds(60);

    /** Every command here must be refused cheaply: one that runs past {@link #CHEAP} fails the test. */
    private static Outcome ola(String... args) {
        return OlaCli.olaWithin(CHEAP, args);
    }

    /** Exit code 2 and exactly one line on stderr, of the command, containing {@code expected}. */
    static void assertOneLineError(Outcome o, String command, String expected) {
        String err = o.err().strip();
        assertEquals(2, o.exitCode(), err);
        assertTrue(err.startsWith("ola " + command + ": error: ") && err.contains(expected)
                && err.lines().count() == 1, err);
    }

    @Test
    void anUnavailableBackendIsOneLineThatNamesTheWayOut() {
        assumeTrue(unavailable("cuda"), "a CUDA backend is available here");
        assertOneLineError(ola("demo", "--backend", "cuda", "--logn", "13"), "demo",
                "backend 'cuda' was requested but is not available: ");
        assertOneLineError(ola("demo", "--backend", "cuda", "--logn", "13"), "demo", "--backend");
    }

    private static boolean unavailable(String backend) {
        try {
            Backends.decide(backend);
            return false;
        } catch (BackendUnavailableException e) {
            return true;
        }
    }

    @Test
    void noCommandPrintsTheUsageOnStderrAndFails() {
        Outcome o = ola();
        assertEquals(2, o.exitCode());
        assertTrue(o.err().contains("Usage: ola") && o.out().isEmpty(), o.err());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "eval --batch 0|--batch must be between 1 and 4096, got 0; see `ola eval --help`",
            "eval --limit -5|--limit must be at least 1, got -5",
            "eval --threads 100000|--threads must be between 1 and 1024, got 100000",
            "eval --batch abc|'abc' is not an int",
            "eval --bogus 1|Unknown options: '--bogus', '1'",
            "profile --bins 0 --out p.json|--bins must be between 1 and 1000000, got 0",
            "profile --calibration-size 0 --out p.json|--calibration-size must be at least 1, got 0",
            "plan --bins 0|--bins must be between 1 and 100000, got 0",
            "plan --replans -1|--replans must be between 0 and 100, got -1",
            "plan --margin NaN|--margin must be a number between 0 and 10, got NaN",
            "plan --scaled 0|--scaled must be a number between",
            "plan --calibration 0|--calibration must be at least 1",
            "plan --degrees 3..1000000000:1|--degrees must be a list like 3,5,7",
            "plan --budget 150%|--budget must be a percentage",
            "plan --confidence 1|--confidence must be a number strictly between 0 and 1, got 1.0",
            "plan --confidence NaN|--confidence must be a number strictly between 0 and 1, got NaN",
            "plan --tail -1|--tail must be a number between 0 and 1000, got -1.0",
            "plan --impact-images 0|--impact-images must be at least 1, got 0"})
    void numericOptionsAreRangeCheckedFirst(String arguments, String expected) {
        String[] words = arguments.split(" ");
        String command = words[0];
        String[] args = new String[words.length + 2];
        args[0] = command;
        args[1] = "--model";
        args[2] = MODEL;
        System.arraycopy(words, 1, args, 3, words.length - 1);
        assertOneLineError(ola(args), command, expected);
    }

    @Test
    void benchOptionsAreRangeCheckedFirst(@TempDir Path dir) throws IOException {
        assertOneLineError(ola("bench", "--model", MODEL, "--plan", PLAN, "--images", "0"), "bench",
                "--images must be at least 1, got 0");
        assertOneLineError(ola("bench", "--model", MODEL, "--plan", PLAN, "--index", "-1"), "bench",
                "--index must be at least 0");
        assertOneLineError(ola("bench", "--model", MODEL, "--plan", PLAN, "--uniform-degree", "999"), "bench",
                "--uniform-degree must be between 1 and 255, got 999");
        Path file = Files.writeString(dir.resolve("file"), "x");
        assertOneLineError(ola("bench", "--model", MODEL, "--plan", PLAN, "--out", file.toString()), "bench",
                file + " is not a folder");
    }

    /** A plan for another model is refused before anything is compiled. */
    @Test
    void benchRefusesAPlanForAnotherModel() {
        assertOneLineError(ola("bench", "--model", ModelFiles.onnx("resnet20").toString(), "--plan", PLAN), "bench",
                "was made for the model tiny_resnet");
    }

    /**
     * Issue 15: a plan with one coefficient set to 1e300 ran to the end ("logits error NaN", exit 0); a plan for
     * another model was accepted. Both are refused before any key is made.
     */
    @Test
    void runAndKeygenRefuseDamagedPlansAndPlansForAnotherModel(@TempDir Path dir) throws IOException {
        Path bad = Files.writeString(dir.resolve("bad.plan.json"), dev.olafhe.plan.PlanFileTest.mutate(p -> p
                .getAsJsonArray("layers").get(1).getAsJsonObject().getAsJsonArray("coefficients").set(2,
                        new com.google.gson.JsonPrimitive(1e300))));
        assertOneLineError(ola("run", "--model", MODEL, "--plan", bad.toString(), "--logn", "15"), "run",
                bad + ": layers[1].coefficients[2] is 1.0E300, outside");
        Path keys = dir.resolve("keys");
        assertOneLineError(ola("keygen", "--model", MODEL, "--plan", ModelFiles.dir().resolve("resnet20.plan.json")
                .toString(), "--logn", "15", "--out", keys.toString()), "keygen", "was made for the model resnet20");
        assertFalse(Files.exists(keys));
    }

    /** Outputs that cannot be written are refused before profiling or planning starts. */
    @Test
    void unwritableOutputsAreRefusedBeforeTheWork(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("file"), "x");
        Outcome o = ola("plan", "--model", MODEL, "--out", "/dev/full");
        assertOneLineError(o, "plan", "refusing to write /dev/full: it exists and is not a regular file");
        assertFalse(o.out().contains("validation top-1"), o.out());
        assertOneLineError(ola("plan", "--model", MODEL, "--out", file.resolve("p.plan.json").toString()), "plan",
                file + " is not a folder");
        assertOneLineError(ola("profile", "--model", MODEL, "--out", "/dev/full"), "profile",
                "refusing to write /dev/full");
        assertOneLineError(ola("profile", "--model", MODEL, "--out", dir.toString()), "profile",
                "it exists and is not a regular file (a directory)");
    }

    @Test
    void corruptCostTablesAreOneLine(@TempDir Path dir) throws IOException {
        Path costs = Files.writeString(dir.resolve("costs.json"), "{\"device\": \"x\",\n \"slots\": ");
        assertOneLineError(ola("plan", "--model", MODEL, "--costs", costs.toString(), "--out",
                dir.resolve("p.plan.json").toString()), "plan", costs + " is not valid JSON");
        Files.writeString(costs, "{\"device\": \"x\", \"slots\": \"many\"}");
        assertOneLineError(ola("plan", "--model", MODEL, "--costs", costs.toString(), "--out",
                dir.resolve("p.plan.json").toString()), "plan", costs + ": slots must be an integer");
    }

    /** bench --render reads its JSON as untrusted input: corrupt, truncated, binary or foreign files are one line. */
    @Test
    void benchRenderRefusesCorruptReportsInOneLine(@TempDir Path dir) throws IOException {
        Path committed = Path.of("..", "bench", "results", "2026-11-30-cpu-epyc2-e2e", "resnet20-bench.json");
        String json = Files.readString(committed);
        Path truncated = Files.writeString(dir.resolve("truncated.json"), json.substring(0, json.length() / 2));
        assertOneLineError(ola("bench", "--render", truncated.toString()), "bench", truncated + " is not valid JSON");
        Path binary = Files.write(dir.resolve("binary.json"), new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1});
        assertOneLineError(ola("bench", "--render", binary.toString()), "bench", binary + " is not a text file");
        Path plan = Files.copy(Path.of(PLAN), dir.resolve("plan.json"));
        assertOneLineError(ola("bench", "--render", plan.toString()), "bench", "is not an ola bench report");
        Path wrongType = Files.writeString(dir.resolve("wrong.json"), json.replaceAll("\"bootstraps\": \\d+",
                "\"bootstraps\": \"none\""));
        assertOneLineError(ola("bench", "--render", wrongType.toString()), "bench", "configs[0].bootstraps must be an"
                + " integer");
        assertOneLineError(ola("bench", "--render", dir.toString()), "bench", dir + " is a directory");
    }

    /** A committed report renders to the committed Markdown table, byte for byte, and a chart. */
    @Test
    void benchRenderReproducesTheCommittedMarkdown(@TempDir Path dir) throws IOException {
        Path results = Path.of("..", "bench", "results", "2026-11-30-cpu-epyc2-e2e");
        Path json = Files.copy(results.resolve("resnet20-bench.json"), dir.resolve("resnet20-bench.json"));
        Outcome o = ola("bench", "--render", json.toString());
        assertEquals(0, o.exitCode(), o.err());
        assertEquals(Files.readString(results.resolve("resnet20-bench.md")),
                Files.readString(dir.resolve("resnet20-bench.md")));
        assertTrue(Files.size(dir.resolve("resnet20-bench.png")) > 1000);
    }

    /** File-system exceptions name their file; coding errors say "not a text file"; no message gives the type. */
    @Test
    void errorMessagesNameTheFileAndStayOnOneLine() {
        assertEquals("permission denied: /x/y", Main.describe(new AccessDeniedException("/x/y")));
        assertEquals("file not found: /x (no plan)", Main.describe(new NoSuchFileException("/x", null, "no plan")));
        assertEquals("Is a directory: /d", Main.describe(new FileSystemException("/d", null, "Is a directory")));
        assertEquals("cannot use the file: /d", Main.describe(new FileSystemException("/d")));
        assertEquals("not a text file (MalformedInputException)", Main.describe(new MalformedInputException(1)));
        assertEquals("IOException", Main.describe(new IOException((String) null)));
        assertEquals("IllegalArgumentException", Main.describe(new IllegalArgumentException("")));
        assertEquals("a b c", Main.oneLine("a\nb\r\n\tc\n"));
        assertEquals(600, Main.oneLine("x".repeat(5000)).length());
    }
}

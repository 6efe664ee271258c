package dev.olafhe.cli;

import dev.olafhe.ckks.PrecisionStats;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static dev.olafhe.cli.OlaCli.ola;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DemoCommandTest {
    @Test
    void demoReportsBackendParametersPrecisionAndTimes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DemoCommand demo = new DemoCommand();
        new CommandLine(demo).parseArgs("--logn", "11", "--seed", "3", "--insecure", "--backend", "cpu");
        PrecisionStats stats = demo.run(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("backend    : cpu — requested explicitly"), text);
        assertTrue(text.contains("INSECURE/test-only"), text);
        assertTrue(text.contains("rotate x·y by 1 slot"), text);
        assertTrue(text.matches("(?s).*precision  : mean \\d+\\.\\d bits.*"), text);
        // depth-2 circuit at scale 2^35, logN 11: Lattigo's single-op criterion minus 2 bits for the depth
        double want = 35 - (11 + 2) - 2;
        assertTrue(stats.real().mean() >= want, stats.toString());
    }

    /** --seed and the INSECURE presets need --insecure; a seeded run is never labelled secure. */
    @Test
    void insecureChoicesNeedTheFlagAndAreReportedAsInsecure() {
        OlaCli.Outcome seeded = ola("demo", "--seed", "1", "--logn", "13", "--backend", "cpu");
        assertEquals(2, seeded.exitCode());
        assertTrue(seeded.err().startsWith("ola demo: error: --seed makes keys and encryption deterministic"),
                seeded.err());
        assertTrue(seeded.err().strip().endsWith("add --insecure to use it anyway"), seeded.err());
        OlaCli.Outcome smallRing = ola("demo", "--logn", "11", "--backend", "cpu");
        assertEquals(2, smallRing.exitCode());
        assertTrue(smallRing.err().startsWith("ola demo: error: --logn 11 is INSECURE"), smallRing.err());

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DemoCommand demo = new DemoCommand();
        new CommandLine(demo).parseArgs("--logn", "13", "--seed", "1", "--insecure", "--backend", "cpu");
        demo.run(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains(" [INSECURE: deterministic keys and encryption (--seed)]"), text);
        assertTrue(text.contains("randomness : deterministic seed 1 (INSECURE, reproducible)"), text);
        assertFalse(text.contains("128-bit secure"), text);
    }

    @Test
    void demoIsRegisteredInTheCommandLine() {
        assertEquals(0, ola("demo", "--help").exitCode());
        assertTrue(Main.commandLine().getSubcommands().containsKey("demo"));
    }
}

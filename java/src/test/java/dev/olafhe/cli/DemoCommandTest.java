package dev.olafhe.cli;

import dev.olafhe.ckks.PrecisionStats;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DemoCommandTest {
    @Test
    void demoReportsBackendParametersPrecisionAndTimes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DemoCommand demo = new DemoCommand();
        new CommandLine(demo).parseArgs("--logn", "11", "--seed", "3", "--backend", "cpu");
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

    @Test
    void demoIsRegisteredInTheCommandLine() {
        assertEquals(0, Main.commandLine().execute("demo", "--help"));
        assertTrue(Main.commandLine().getSubcommands().containsKey("demo"));
    }
}

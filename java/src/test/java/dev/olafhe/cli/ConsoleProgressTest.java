package dev.olafhe.cli;

import dev.olafhe.util.ProgressListener;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConsoleProgressTest {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    private String text() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void onAPipeALineAtMostEveryTenPercent() {
        try (ProgressListener.Task task = new ConsoleProgress(out, false).start("work", 20)) {
            for (int i = 0; i < 20; i++) {
                task.step();
            }
        }
        List<String> lines = text().lines().toList();
        // the first step opens the 0% tenth, then one line per further tenth up to 10/10
        assertEquals(11, lines.size(), text());
        assertTrue(lines.get(0).startsWith("work [" + "#".repeat(2) + ".".repeat(28) + "] 1/20   5.0%"), lines.get(0));
        assertTrue(lines.get(10).startsWith("work [" + "#".repeat(30) + "] 20/20 100.0%"), lines.get(10));
        assertFalse(text().contains("\r"), "no redraws on a pipe");
    }

    @Test
    void onATerminalTheBarIsRedrawnInPlaceAndEndsWithANewline() {
        try (ProgressListener.Task task = new ConsoleProgress(out, true).start("keys", 3)) {
            task.step(3);
        }
        assertTrue(text().startsWith("\rkeys [" + "#".repeat(30) + "] 3/3 100.0%"), text());
        assertTrue(text().endsWith(System.lineSeparator()), text());
    }

    @Test
    void stepsFromSeveralThreadsAllCountAndNeverPassTheTotal() throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try (ProgressListener.Task task = new ConsoleProgress(out, false).start("parallel", 1000)) {
            for (int i = 0; i < 1200; i++) {
                pool.execute(task::step);
            }
            pool.shutdown();
            assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS));
        }
        List<String> lines = text().lines().toList();
        assertTrue(lines.get(lines.size() - 1).contains("1000/1000 100.0%"), text());
    }

    @Test
    void negativeTotalsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new ConsoleProgress(out, false).start("x", -1));
    }
}

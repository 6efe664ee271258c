package dev.olafhe.perf;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HistoryTest {
    private static BenchRecord run(String date, String runner, double ms) {
        BenchRecord r = Records.of(date, List.of(Metric.timed("time.rotate", "ms", Records.spread(6, ms, 0.1)),
                Metric.exact("calls.rotate", "calls", Better.LOWER, 20)));
        return r.withRunner(runner);
    }

    @Test
    void oneRunnersRecordsOldestFirstAsChartsAndTable(@TempDir Path dir) throws IOException {
        List<BenchRecord> records = List.of(run("2026-12-03T10:00:00Z", "r", 12), run("2026-12-01T10:00:00Z", "r", 10),
                run("2026-12-02T10:00:00Z", "other", 99), run("2026-12-02T10:00:00Z", "r", 11));
        History h = History.of(records, "r");
        assertEquals(List.of("2026-12-01T10:00:00Z", "2026-12-02T10:00:00Z", "2026-12-03T10:00:00Z"),
                h.runs().stream().map(BenchRecord::date).toList());
        List<Path> files = h.write(dir, null);
        assertEquals(List.of(dir.resolve("history.md"), dir.resolve("history-time.rotate.png"),
                dir.resolve("history-calls.rotate.png")), files);
        for (Path png : files.subList(1, files.size())) {
            BufferedImage img = ImageIO.read(png.toFile());
            assertTrue(img.getWidth() >= 800 && img.getHeight() >= 400, png.toString());
        }
        String md = Files.readString(dir.resolve("history.md"));
        assertTrue(md.contains("| `time.rotate` | ms | lower | 3 | 10.50 | 12.60 | 1.200x | 10.50 | 12.60 |"), md);
        assertTrue(md.contains("3 runs, 2026-12-01T10:00:00Z to 2026-12-03T10:00:00Z"), md);
        assertEquals(List.of("calls.rotate"), h.metricNames(Pattern.compile("^calls\\.")));
    }

    @Test
    void severalRunnersNeedAChoice() {
        List<BenchRecord> records = new ArrayList<>(List.of(run("1", "a", 1), run("2", "b", 1)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> History.of(records, null));
        assertTrue(e.getMessage().contains("[a, b]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> History.of(records, "c"));
        assertEquals(1, History.of(records.subList(0, 1), null).runs().size());
    }

    @Test
    void metricNamesBecomeSafeFileNames() {
        assertEquals("BootstrappingBenchmark.bootstrap_logN_13_slotsBelowMax_0_",
                History.fileName("BootstrappingBenchmark.bootstrap[logN=13,slotsBelowMax=0]"));
    }
}

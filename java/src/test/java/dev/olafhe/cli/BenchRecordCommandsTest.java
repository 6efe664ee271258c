package dev.olafhe.cli;

import dev.olafhe.cli.OlaCli.Outcome;
import dev.olafhe.perf.BenchRecord;
import dev.olafhe.perf.Better;
import dev.olafhe.perf.Machine;
import dev.olafhe.perf.Metric;
import dev.olafhe.perf.RecordFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static dev.olafhe.cli.OlaCli.ola;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** ola bench compare and ola bench history on record files. */
class BenchRecordCommandsTest {
    private static Path record(Path dir, String name, String cpu, double slowdown) throws IOException {
        double[] base = {10, 10.5, 11, 11.5, 12, 12.5, 13, 13.5};
        double[] times = base.clone();
        for (int i = 0; i < times.length; i++) {
            times[i] *= slowdown;
        }
        BenchRecord r = new BenchRecord("quick", "2026-12-02T10:00:0" + name.length() + "Z", "runner-1", null,
                new Machine("h", cpu, 2, 0, null, null), new BenchRecord.BackendInfo("cpu", "test"),
                new BenchRecord.Software("v", "abc" + name, "jdk"), Map.of("logN", "13"), Map.of(), null,
                List.of(Metric.timed("time.rotate", "ms", times), Metric.exact("calls.rotate", "calls", Better.LOWER, 20)));
        Path f = dir.resolve(name + ".json");
        RecordFormat.write(r, f);
        return f;
    }

    @Test
    void compareExitsZeroWithoutAndOneWithARegression(@TempDir Path dir) throws IOException {
        Path base = record(dir, "base", "CPU", 1);
        Path same = record(dir, "same", "CPU", 1.02);
        Path slow = record(dir, "slow", "CPU", 1.6);
        Outcome ok = ola("bench", "compare", base.toString(), same.toString(), "--out", dir.resolve("ok").toString());
        assertEquals(0, ok.exitCode(), ok.out() + ok.err());
        assertTrue(ok.out().contains("0 regressed"), ok.out());
        assertTrue(Files.readString(dir.resolve("ok/comparison.md")).contains("| unchanged | `time.rotate`"));
        Outcome bad = ola("bench", "compare", base.toString(), slow.toString(), "--out", dir.resolve("bad").toString());
        assertEquals(1, bad.exitCode(), bad.out() + bad.err());
        assertTrue(bad.out().contains("REGRESSED         time.rotate"), bad.out());
        assertTrue(Files.readString(dir.resolve("bad/comparison.json")).contains("\"regressed\": true"));
        Outcome loose = ola("bench", "compare", base.toString(), slow.toString(), "--threshold", "0.8", "--out",
                dir.resolve("loose").toString());
        assertEquals(0, loose.exitCode(), loose.out());
    }

    @Test
    void compareRefusesAnotherMachineUnlessAllowed(@TempDir Path dir) throws IOException {
        Path base = record(dir, "base", "CPU", 1);
        Path other = record(dir, "other", "Other CPU", 1);
        Outcome refused = ola("bench", "compare", base.toString(), other.toString());
        assertEquals(2, refused.exitCode());
        assertTrue(refused.err().contains("--allow-different-machine"), refused.err());
        Outcome allowed = ola("bench", "compare", base.toString(), other.toString(), "--allow-different-machine");
        assertEquals(0, allowed.exitCode(), allowed.err());
        assertTrue(Files.exists(dir.resolve("comparison.md")), "written next to the candidate by default");
        Outcome missing = ola("bench", "compare", base.toString(), dir.resolve("none.json").toString());
        assertEquals(2, missing.exitCode());
    }

    @Test
    void historyWritesTableAndCharts(@TempDir Path dir) throws IOException {
        Path runs = Files.createDirectories(dir.resolve("runs"));
        record(runs, "a", "CPU", 1);
        record(runs, "bb", "CPU", 1.1);
        Outcome h = ola("bench", "history", runs.toString(), "--runner", "runner-1", "--out", dir.resolve("h").toString());
        assertEquals(0, h.exitCode(), h.out() + h.err());
        assertTrue(h.out().contains("runs       : 2"), h.out());
        assertTrue(Files.exists(dir.resolve("h/history-time.rotate.png")));
        assertTrue(Files.readString(dir.resolve("h/history.md")).contains("`calls.rotate`"));
    }
}

package dev.olafhe.bench;

import dev.olafhe.perf.BenchRecord;
import dev.olafhe.perf.Comparison;
import dev.olafhe.perf.ComparisonReport;
import dev.olafhe.perf.Metric;
import dev.olafhe.perf.RecordFormat;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The quick suite at logN 12 with the smallest budget (its minimum rounds), on the CPU backend. */
class QuickSuiteTest {
    private static BenchRecord plain;

    private static QuickSuite.Options options(Path out) {
        return new QuickSuite.Options(2, out, "test-runner", "0123abc", 12, 1, null);
    }

    @BeforeAll
    static void runOnce() throws IOException {
        System.setProperty("olafhe.backend", "cpu");
        plain = QuickRun.run(options(Path.of("unused.json")), null);
    }

    @Test
    void recordsEveryOperationTimedCountedAndItsPrecision(@TempDir Path dir) throws IOException {
        assertEquals("quick", plain.suite());
        assertEquals("cpu", plain.backend().name());
        assertEquals(QuickRun.CALIBRATION, plain.calibration());
        assertEquals("test-runner", plain.runner());
        assertEquals("0123abc", plain.software().gitCommit());
        for (String op : List.of("ntt.forward", "ntt.inverse", "encode", "encrypt", "decrypt", "multiplyRelinearize",
                "rescale", "rotate", "rotateHoisted8", "polynomial.degree15")) {
            Metric t = plain.metric("time." + op).orElseThrow(() -> new AssertionError("time." + op));
            assertFalse(t.deterministic());
            assertTrue(t.count() >= RoundRobinSampler.MIN_ROUNDS, op + ": " + t.count() + " samples");
            assertTrue(plain.metric("calls." + op).orElseThrow().median() >= 1, op);
            assertTrue(plain.metric("allocations." + op).isPresent(), op);
        }
        for (String p : List.of("encryptDecrypt", "multiplyRelinearize", "rotate", "polynomial.degree15")) {
            double mean = plain.metric("precision." + p + ".meanBits").orElseThrow().median();
            double min = plain.metric("precision." + p + ".minBits").orElseThrow().median();
            assertTrue(min > 10 && min <= mean, p + ": mean " + mean + ", min " + min);
        }
        assertTrue(plain.parameters().get("ckks").contains("logN=12"), plain.parameters().toString());
        Path f = dir.resolve("r.json");
        RecordFormat.write(plain, f);
        assertEquals(plain, RecordFormat.read(f));
    }

    /**
     * Two runs of the same code: every deterministic metric identical, so the comparison has nothing to say about
     * them; and a run with the test fixture's delay on rescaleNtt (10 ms a call, several times a rescale's own
     * time at logN 12) is flagged as a regression of the rescale.
     */
    @Test
    void deterministicMetricsRepeatAndADeliberatelySlowerPrimitiveRegresses() throws IOException {
        BenchRecord slow = QuickRun.run(options(Path.of("unused.json")), "rescaleNtt:10");
        for (Metric m : plain.metrics()) {
            if (m.deterministic()) {
                assertArrayEquals(m.samples(), slow.metric(m.name()).orElseThrow().samples(), m.name());
            }
        }
        assertTrue(slow.conditions().get("injectedDelay").startsWith("rescaleNtt:10.0"), slow.conditions().toString());
        Comparison.Result c = Comparison.compare(plain, slow, Comparison.Options.defaults());
        Comparison.Row rescale = c.rows().stream().filter(r -> r.metric().equals("time.rescale")).findFirst()
                .orElseThrow();
        assertEquals(Comparison.Verdict.REGRESSED, rescale.verdict(), ComparisonReport.text(c));
        assertTrue(c.rows().stream().filter(Comparison.Row::deterministic)
                .allMatch(r -> r.verdict() == Comparison.Verdict.UNCHANGED), ComparisonReport.text(c));
    }

    @Test
    void parsesItsCommandLine() {
        QuickSuite.Options o = QuickSuite.parse(new String[] {"--budget", "30", "--out", "x.json", "--runner", "r",
                "--forks", "3", "--logn", "12"});
        assertEquals(30, o.budgetSeconds(), 0);
        assertEquals(3, o.forks());
        assertEquals(12, o.logN());
        assertEquals("r", o.runner());
        assertEquals(o, QuickSuite.parse(o.args().toArray(new String[0])));
        assertThrows(IllegalArgumentException.class, () -> QuickSuite.parse(new String[] {"--budget", "30"}));
        assertThrows(IllegalArgumentException.class, () -> QuickSuite.parse(new String[] {"--budget", "1", "--out",
                "x", "--bogus", "1"}));
        assertThrows(IllegalArgumentException.class, () -> QuickFixture.literal(16));
        QuickSuite.Options withFile = QuickSuite.parse(new String[] {"--budget", "30", "--out", "x.json", "--params",
                "p.json"});
        assertEquals(Path.of("p.json"), withFile.params());
        assertEquals(withFile, QuickSuite.parse(withFile.args().toArray(new String[0])));
        assertThrows(IllegalArgumentException.class, () -> QuickSuite.parse(new String[] {"--budget", "1", "--out",
                "x", "--logn", "12", "--params", "p.json"}));
    }

    /** The operations at a parameter file's set: the file's name and chain in the record's parameters. */
    @Test
    void runsAtTheParameterSetOfAFile(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("small.json");
        java.nio.file.Files.writeString(file, "{\"name\": \"small-test\", \"logN\": 12, \"logQ\": [50, 40, 40, 40, 40, 40, 40],"
                + " \"logP\": [55, 55], \"logScale\": 40, \"secret\": {\"hammingWeight\": 64}, \"dnum\": 0,"
                + " \"testOnly\": true}");
        BenchRecord r = QuickRun.run(new QuickSuite.Options(2, dir.resolve("r.json"), null, null, 13, 1, file), null);
        assertEquals("small-test", r.parameters().get("parameterFile"));
        assertTrue(r.parameters().get("ckks").contains("logN=12"), r.parameters().toString());
        assertTrue(r.parameters().get("ckks").contains("ternary(h=64)"), r.parameters().toString());
        assertTrue(r.metric("time.multiplyRelinearize").isPresent());
    }
}

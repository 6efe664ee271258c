package dev.olafhe.perf;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The readers of the project's committed result files, tried on the files themselves. */
class BenchRecordsTest {
    private static Metric metric(BenchRecord r, String name) {
        return r.metric(name).orElseThrow(() -> new AssertionError(name + " not in " + r.metrics()));
    }

    @Test
    void jmhWithMachineTxt() throws IOException {
        BenchRecord r = BenchRecords.read(Records.results().resolve("2026-11-30-cpu-2core-epyc-vm/jmh.json"));
        assertEquals("jmh", r.suite());
        assertEquals("cpu", r.backend().name());
        assertEquals("AMD EPYC", r.machine().cpuModel());
        assertEquals(2, r.machine().cores());
        assertEquals("7b133df", r.software().gitCommit());
        assertEquals("2026-11-30T09:30:13Z", r.date());
        assertEquals(8, r.metrics().size());
        Metric mul = metric(r, "EvaluatorBenchmark.multiplyRelinearize");
        assertArrayEquals(new double[] {1033.0328143333334, 1601.39511125, 1134.7292022}, mul.samples());
        assertEquals(1134.7292022, mul.median(), 0); // JMH's own 50th percentile
        assertEquals("ms/op", mul.unit());
        assertEquals(Better.LOWER, mul.better());
        assertFalse(mul.deterministic());
    }

    @Test
    void singleShotJmhMergesItsPrecisionLines() throws IOException {
        BenchRecord r = BenchRecords.read(Records.results().resolve(
                "2026-11-30-cpu-epyc2-shared/bootstrapping-logn13.json"));
        Metric boot = metric(r, "BootstrappingBenchmark.bootstrap[logN=13,slotsBelowMax=0]");
        assertArrayEquals(new double[] {16597.729429, 17535.463436}, boot.samples());
        Metric bits = metric(r, "BootstrappingBenchmark.meanBits[logN=13,slots=4096]");
        assertEquals(21.47, bits.median(), 0);
        assertTrue(bits.deterministic());
        assertEquals(Better.HIGHER, bits.better());
        assertEquals(26, metric(r, "BootstrappingBenchmark.rotationKeys[logN=13,slots=4096]").median(), 0);
        assertFalse(metric(r, "BootstrappingBenchmark.keygenSeconds[logN=13,slots=4096]").deterministic());
        assertEquals("2026-11-30", r.date());
        assertEquals(Machine.UNKNOWN, r.machine().cpuModel()); // no machine.txt in that folder
    }

    @Test
    void polynomialPrecisionLinesAlone() throws IOException {
        BenchRecord r = BenchRecords.read(Records.results().resolve(
                "2026-11-30-cpu-epyc2-shared/polynomial-logn16-precision.jsonl"));
        assertEquals("precision", r.suite());
        assertEquals(19.57, metric(r, "PolynomialBenchmark.meanBits[polynomial=relu-15-15-27,logN=16,slots=32768]")
                .median(), 0);
        assertEquals(10, metric(r, "PolynomialBenchmark.stage3.nonScalar[polynomial=relu-15-15-27,logN=16,"
                + "slots=32768]").median(), 0);
    }

    @Test
    void olaBenchReport() throws IOException {
        BenchRecord r = BenchRecords.read(Records.results().resolve("2026-11-30-cpu-epyc2-e2e/resnet20-bench.json"));
        assertEquals("ola-bench", r.suite());
        assertEquals("resnet20", r.parameters().get("model"));
        assertTrue(r.parameters().get("ckks").contains("logN=16"));
        assertEquals(664.0371681, metric(r, "ola.latency").median(), 0);
        Metric boots = metric(r, "composite.bootstraps");
        assertEquals(18, boots.median(), 0);
        assertTrue(boots.deterministic());
        assertEquals(0.918, metric(r, "ola.plaintextTop1").median(), 0);
        assertEquals(11457789952.0, metric(r, "memory.keyBytesInMemory").median(), 0);
        assertEquals("vm", r.machine().host());
    }

    @Test
    void jmhThroughputIsBetterHigher() throws IOException {
        BenchRecord r = BenchRecords.read(Records.results().resolve("executor-resnet20.json"));
        Metric m = metric(r, "ExecutorBenchmark.forward[model=resnet20,threads=2]");
        assertEquals(Better.HIGHER, m.better());
        assertEquals(5, m.count());
        assertNull(r.date());
    }

    /** Every JSON under bench/results/ is either read or skipped with a reason; no precision file is read twice. */
    @Test
    void everyCommittedResultIsReadable() throws IOException {
        List<String> skipped = new ArrayList<>();
        List<BenchRecord> all = BenchRecords.readAll(Records.results(), skipped);
        // converted: 2 JMH + 5 single-shot JMH (their precision lines merged) + 2 ola bench reports + 3 JMH
        // (2026-12-03-cpu-epyc2-kernels: before/after x JDK 17/25; 2026-12-03-cpu-epyc2-e2e: ResNet-20, ola only;
        // 2026-12-03-cpu-epyc2-e2e-shared: ResNet-20, ola, composite and uniform; 2026-12-03-cpu-epyc2-e2e-pool:
        // ResNet-20, ola only) + 2 JMH (2026-12-03-cpu-epyc2-kernels-quiet: main and 1f5f8ab) + 8 JMH
        // (2026-12-03-cpu-epyc2-vector-ntt: NttBenchmark scalar/vector x 2, run1-forward and run2) + 2 JMH
        // (2026-12-03-cpu-epyc2-kernels-vector: vector and scalar NTT, evaluator operations) + 2 ola bench reports
        // (2026-12-04-cpu-epyc2-resnet20-ab: ResNet-20 at 280b628 and be4a8e7) + 2 more (its run2: 05dcfce, 280b628)
        // + 4 JMH
        // (2026-12-04-cpu-epyc2-keyswitch-vector: evaluator operations, vector and scalar kernels, run1 and final)
        // + 2 ola bench reports (2026-12-05-cpu-epyc2-e2e: ResNet-20 and ResNet-32, ola, composite and uniform)
        List<BenchRecord> converted = all.stream().filter(r -> r.source() != null).toList();
        assertEquals(40, converted.size(), converted.stream().map(BenchRecord::source).toList() + ", skipped "
                + skipped);
        assertTrue(all.stream().noneMatch(r -> r.suite().equals("precision")), "each .jsonl has its .json twin");
        // the rest are native records (the regression runner's, OperationCounts'); only comparisons are not records
        assertTrue(all.stream().filter(r -> r.source() == null)
                .allMatch(r -> r.suite().equals("quick") || r.suite().equals("counts")));
        // skipped: comparisons, ola calibrate's per-level cost files (inputs of --level-costs) and plans a result
        // made (ola plan's output), none of them records
        for (String s : skipped) {
            assertTrue((s.contains("comparison.json: ") || s.contains("-costs.json: ") || s.contains(".plan.json: "))
                    && s.contains("neither a benchmark record"), s);
        }
    }

    @Test
    void otherFilesAreRefusedWithTheReason(@TempDir Path dir) throws IOException {
        Path plan = dir.resolve("x.json");
        Files.writeString(plan, "{\"format\": \"dev.olafhe.ola.Plan\"}");
        IOException e = assertThrows(IOException.class, () -> BenchRecords.read(plan));
        assertTrue(e.getMessage().contains("neither a benchmark record"), e.getMessage());
        Path text = dir.resolve("y.json");
        Files.writeString(text, "not json {");
        assertThrows(IOException.class, () -> BenchRecords.read(text));
    }

    @Test
    void mergePoolsNoisySamplesAndChecksDeterministicOnes() {
        BenchRecord a = Records.of("2026-12-02T10:00:00Z", List.of(Metric.timed("t", "ms", new double[] {1, 2}),
                Metric.exact("calls", "calls", Better.LOWER, 7)));
        BenchRecord b = Records.of("2026-12-02T10:01:00Z", List.of(Metric.timed("t", "ms", new double[] {3}),
                Metric.exact("calls", "calls", Better.LOWER, 7)));
        BenchRecord m = BenchRecords.merge(List.of(a, b), "forks");
        assertArrayEquals(new double[] {1, 2, 3}, metric(m, "t").samples());
        assertArrayEquals(new double[] {7}, metric(m, "calls").samples());
        assertEquals("2", m.conditions().get("forks"));
        assertEquals("2026-12-02T10:00:00Z", m.date());
        BenchRecord c = Records.of("x", List.of(Metric.timed("t", "ms", new double[] {3}),
                Metric.exact("calls", "calls", Better.LOWER, 8)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BenchRecords.merge(List.of(a, c), "forks"));
        assertTrue(e.getMessage().contains("calls"), e.getMessage());
    }
}

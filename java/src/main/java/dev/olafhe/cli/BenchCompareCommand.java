package dev.olafhe.cli;

import dev.olafhe.perf.BenchRecord;
import dev.olafhe.perf.BenchRecords;
import dev.olafhe.perf.Comparison;
import dev.olafhe.perf.ComparisonReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code ola bench compare BASELINE CANDIDATE}: the regression check between two benchmark runs (records, or any
 * result file the project's benchmarks write). Exit code 0 without a regression, 1 with one, 2 when the files
 * cannot be read or the records are not comparable.
 */
@Command(name = "compare", mixinStandardHelpOptions = true,
        description = "Compare two benchmark records (or JMH / ola bench / precision results) metric by metric: "
                + "deterministic metrics exactly, noisy ones by a minimum change and a Mann-Whitney U test; prints "
                + "the table, writes comparison.md and comparison.json, exits 1 on a regression.")
public final class BenchCompareCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "BASELINE", description = "the reference run")
    Path baseline;

    @Parameters(index = "1", paramLabel = "CANDIDATE", description = "the run to check")
    Path candidate;

    @Option(names = "--threshold", defaultValue = "0.10", description = "smallest relative change of a noisy "
            + "metric that counts, e.g. 0.10 = 10%% slower (default: ${DEFAULT-VALUE})")
    double threshold;

    @Option(names = "--alpha", defaultValue = "0.01", description = "significance level of the rank test "
            + "(default: ${DEFAULT-VALUE})")
    double alpha;

    @Option(names = "--allow-different-machine", description = "compare records from different kinds of machine "
            + "or backends (refused by default)")
    boolean allowDifferentMachine;

    @Option(names = "--allow-different-parameters", description = "compare records of different suites or "
            + "parameters (refused by default)")
    boolean allowDifferentParameters;

    @Option(names = "--no-calibration", description = "do not correct noisy metrics by the records' calibration "
            + "workload (machine speed)")
    boolean noCalibration;

    @Option(names = "--out", description = "directory for comparison.md and comparison.json (default: the "
            + "candidate's directory)")
    Path out;

    @Override
    public Integer call() throws Exception {
        BenchRecord base = BenchRecords.read(baseline);
        BenchRecord cand = BenchRecords.read(candidate);
        Comparison.Result result = Comparison.compare(base, cand, new Comparison.Options(threshold, alpha,
                allowDifferentMachine, allowDifferentParameters, !noCalibration));
        System.out.print(ComparisonReport.text(result));
        Path dir = out != null ? out : candidate.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("comparison.md"), ComparisonReport.markdown(result));
        Files.writeString(dir.resolve("comparison.json"), ComparisonReport.json(result));
        System.out.println("wrote " + dir.resolve("comparison.{md,json}"));
        return result.regressed() ? 1 : 0;
    }
}

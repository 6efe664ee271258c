package dev.olafhe.cli;

import dev.olafhe.perf.BenchRecord;
import dev.olafhe.perf.BenchRecords;
import dev.olafhe.perf.History;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;

/** {@code ola bench history}: one runner's records over commits as a PNG chart per metric and a Markdown table. */
@Command(name = "history", mixinStandardHelpOptions = true,
        description = "Render the benchmark records of one runner over time: history.md (first, last, lowest, "
                + "highest value per metric) and one history-<metric>.png per metric.")
public final class BenchHistoryCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "RECORDS", description = "record files or directories (searched "
            + "recursively for *.json / *.jsonl)")
    List<Path> inputs;

    @Option(names = "--runner", description = "only this runner's records (required when they name several)")
    String runner;

    @Option(names = "--metric", description = "only metrics whose name contains a match of this regular expression")
    String metric;

    @Option(names = "--out", required = true, description = "directory for history.md and the charts")
    Path out;

    @Override
    public Integer call() throws Exception {
        List<BenchRecord> records = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (Path p : inputs) {
            if (Files.isDirectory(p)) {
                records.addAll(BenchRecords.readAll(p, skipped));
            } else {
                records.add(BenchRecords.read(p));
            }
        }
        skipped.forEach(s -> System.out.println("skipped    : " + s));
        History history = History.of(records, runner);
        List<Path> files = history.write(out, metric == null ? null : Pattern.compile(metric));
        System.out.println("runs       : " + history.runs().size());
        System.out.println("wrote      : " + files.get(0) + " and " + (files.size() - 1) + " charts in " + out);
        return 0;
    }
}

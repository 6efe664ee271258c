package dev.olafhe.bench;

import dev.olafhe.perf.BenchRecord;
import dev.olafhe.perf.BenchRecords;
import dev.olafhe.perf.RecordFormat;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The quick regression suite: CKKS primitives at small INSECURE parameters ({@link QuickFixture}), sized to a time
 * budget and written as one benchmark record (bench/ci/README.md): per operation its time per call (noisy
 * samples), its backend calls and allocations (deterministic); the precision of encryption, multiplication,
 * rotation and a polynomial at fixed seeds (deterministic); on the CPU backend a calibration workload
 * ({@link QuickRun}).
 *
 * <pre>java -cp bench/target/benchmarks.jar dev.olafhe.bench.QuickSuite --budget 60 --out record.json
 *     [--runner NAME] [--commit SHA] [--logn 13 | --params FILE] [--forks 2]</pre>
 *
 * {@code --params} runs the same operations at the parameter set of a file ({@link ParameterFile},
 * bench/params/README.md) instead of the small test chain: the side-by-side harness for other libraries' numbers.
 *
 * Like JMH, it measures in several JVMs one after the other (forks, each with an equal share of the budget) and
 * pools their samples: the JIT does not compile the same code the same way in every JVM, and a difference between
 * JVMs would otherwise look like a difference between commits. The deterministic metrics must agree between forks.
 * The backend is the one OLA-FHE selects ({@code -Dolafhe.backend} / {@code OLAFHE_BACKEND}, default auto: CUDA
 * when usable). {@code -Dolafhe.bench.slowPrimitive=<Backend method>:<ms>} is a test fixture that makes one
 * primitive deliberately slower ({@link SlowPrimitive}).
 */
public final class QuickSuite {
    /** What the command line asks for. */
    record Options(double budgetSeconds, Path out, String runner, String commit, int logN, int forks, Path params) {
        Options withFork(double budget, Path file) {
            return new Options(budget, file, runner, commit, logN, 1, params);
        }

        List<String> args() {
            List<String> a = new ArrayList<>(List.of("--budget", Double.toString(budgetSeconds), "--out",
                    out.toString(), "--forks", Integer.toString(forks)));
            a.addAll(params == null ? List.of("--logn", Integer.toString(logN)) : List.of("--params", params.toString()));
            if (runner != null) {
                a.addAll(List.of("--runner", runner));
            }
            if (commit != null) {
                a.addAll(List.of("--commit", commit));
            }
            return a;
        }
    }

    private QuickSuite() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        Options o;
        try {
            o = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("QuickSuite: " + e.getMessage());
            System.err.println("usage: QuickSuite --budget SECONDS --out FILE [--runner NAME] [--commit SHA] "
                    + "[--logn 12|13 | --params FILE] [--forks N]");
            System.exit(2);
            return;
        }
        BenchRecord record = o.forks() == 1 ? QuickRun.run(o, System.getProperty(SlowPrimitive.SLOW_PROPERTY))
                : forked(o);
        RecordFormat.write(record, o.out());
        System.out.println("quick suite: wrote " + o.out() + " (" + record.metrics().size() + " metrics)");
    }

    static Options parse(String[] args) {
        Map<String, String> a = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --option value pairs, got " + String.join(" ", args));
            }
            a.put(args[i].substring(2), args[i + 1]);
        }
        for (String k : a.keySet()) {
            if (!List.of("budget", "out", "runner", "commit", "logn", "forks", "params").contains(k)) {
                throw new IllegalArgumentException("unknown option --" + k);
            }
        }
        if (!a.containsKey("budget") || !a.containsKey("out")) {
            throw new IllegalArgumentException("--budget and --out are required");
        }
        String commit = a.getOrDefault("commit", firstEnv("GITHUB_SHA", "CI_COMMIT_SHA"));
        int forks = Integer.parseInt(a.getOrDefault("forks", "2"));
        if (forks < 1) {
            throw new IllegalArgumentException("--forks must be at least 1");
        }
        if (a.containsKey("logn") && a.containsKey("params")) {
            throw new IllegalArgumentException("--logn and --params exclude each other (the file sets logN)");
        }
        return new Options(Double.parseDouble(a.get("budget")), Path.of(a.get("out")), a.get("runner"), commit,
                Integer.parseInt(a.getOrDefault("logn", "13")), forks,
                a.containsKey("params") ? Path.of(a.get("params")) : null);
    }

    private static String firstEnv(String... names) {
        for (String n : names) {
            String v = System.getenv(n);
            if (v != null && !v.isBlank()) {
                return v;
            }
        }
        return null;
    }

    /**
     * Runs the suite in {@code o.forks()} JVMs one after the other (this JVM's options, class path and system
     * properties) and merges their records.
     */
    static BenchRecord forked(Options o) throws IOException, InterruptedException {
        long start = System.nanoTime();
        Path dir = Files.createTempDirectory("quick-suite");
        List<BenchRecord> parts = new ArrayList<>();
        try {
            for (int f = 0; f < o.forks(); f++) {
                double left = o.budgetSeconds() - (System.nanoTime() - start) / 1e9;
                Path part = dir.resolve("fork-" + f + ".json");
                List<String> cmd = new ArrayList<>();
                cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
                cmd.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
                cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), QuickSuite.class.getName()));
                cmd.addAll(o.withFork(left / (o.forks() - f), part).args());
                System.out.println("fork " + (f + 1) + "/" + o.forks());
                int exit = new ProcessBuilder(cmd).inheritIO().start().waitFor();
                if (exit != 0) {
                    throw new IOException("fork " + (f + 1) + " of the quick suite failed (exit code " + exit + ")");
                }
                parts.add(RecordFormat.read(part));
                Files.delete(part);
            }
        } finally {
            Files.deleteIfExists(dir);
        }
        return BenchRecords.merge(parts, "forks");
    }
}

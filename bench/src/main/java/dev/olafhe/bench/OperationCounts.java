package dev.olafhe.bench;

import dev.olafhe.backend.Backend;
import dev.olafhe.backend.Backends;
import dev.olafhe.backend.CountingBackend;
import dev.olafhe.backend.cpu.CpuBackend;
import dev.olafhe.backend.cuda.CudaBackend;
import dev.olafhe.backend.cuda.NativeCounts;
import dev.olafhe.backend.shape.ShapeBackend;
import dev.olafhe.ckks.boot.BootstrappingParameters;
import dev.olafhe.ckks.boot.BootstrappingPresets;
import dev.olafhe.cli.OlaVersion;
import dev.olafhe.perf.BenchRecord;
import dev.olafhe.perf.Better;
import dev.olafhe.perf.Machine;
import dev.olafhe.perf.Metric;
import dev.olafhe.perf.MetricCollector;
import dev.olafhe.perf.RecordFormat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The counts report: backend (SPI) calls, allocations and host/device bytes per key switch, per hoisted-rotation
 * batch, per bootstrapping and per encrypted image ({@link CountedOperations}), on the CPU backend behind a
 * {@link CountingBackend}. Writes {@code counts.json} (an {@code olafhe-bench-record} of deterministic metrics,
 * comparable with {@code ola bench compare}) and {@code counts.md} into the output folder.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar dev.olafhe.bench.OperationCounts --out DIR [--commit SHA]
 *      [--backend cpu|cuda] [--no-image] [--n16 | --resnet20 [--compact]]
 * </pre>
 * The {@value BootstrappingPresets#LOGN11_INSECURE} chain gets every operation (seconds); {@code --n16} adds the
 * key switch and the hoisted batch on the {@value BootstrappingPresets#N16_RESNET} chain (a few GiB of heap);
 * {@code --resnet20} adds those, one bootstrapping and one ResNet-20 image on that chain ({@link ResNet20Counts}),
 * counted on the {@link ShapeBackend} (no arithmetic: exactly the CPU backend's counts, in minutes and a few GiB) and
 * writes the image step by step into {@code resnet20-steps.md}; {@code --compact} adds the image with compact keys,
 * DFT factors and diagonals (what {@code ola run} chooses on a 24 GB CPU machine: uploads per image).
 * {@code --backend cuda} counts on the CUDA backend instead (a GPU, or the emulated build with
 * {@code -Dolafhe.cuda.allowEmulation=true}) and adds the native context's counts of each operation ({@link
 * NativeCounts}: native calls, kernel launches, NTTs, device allocations, copies); the shape backend launches no
 * kernels, so {@code --resnet20} is CPU-only. {@code --no-image} leaves out the tiny_resnet image, whose activation
 * plan needs the Fashion-MNIST training split (a GPU machine has only the test split).
 */
public final class OperationCounts {
    static final String SUITE = "counts";
    /** Bumped when the operations or their parameters change: records of different versions do not compare. */
    static final String SUITE_VERSION = "1";
    /** Prefix of the native counters' metric names. */
    private static final String NATIVE = "native";
    private static final String USAGE = "usage: OperationCounts --out DIR [--commit SHA] [--backend cpu|cuda] "
            + "[--no-image] [--n16 | --resnet20 [--compact]]";

    /** The command line. */
    private record Options(Path out, String commit, String backend, boolean image, boolean n16, boolean resnet20,
                           boolean compact) {
        static Options parse(String[] args) {
            Path out = null;
            String commit = null;
            String backend = "cpu";
            boolean image = true;
            boolean n16 = false;
            boolean resnet20 = false;
            boolean compact = false;
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--out" -> out = Path.of(args[++i]);
                    case "--commit" -> commit = args[++i];
                    case "--backend" -> backend = args[++i];
                    case "--no-image" -> image = false;
                    case "--n16" -> n16 = true;
                    case "--resnet20" -> resnet20 = true;
                    case "--compact" -> compact = true;
                    default -> throw new IllegalArgumentException("unknown option " + args[i] + "; " + USAGE);
                }
            }
            if (out == null || n16 && resnet20 || compact && !resnet20 || !Set.of("cpu", "cuda").contains(backend)
                    || resnet20 && !backend.equals("cpu")) {
                throw new IllegalArgumentException(USAGE + " (--resnet20 counts the n16 key switch too, on the shape "
                        + "backend, which has no native counts: cpu only; --compact adds the ResNet-20 image with "
                        + "compact keys, DFT factors and diagonals)");
            }
            return new Options(out, commit, backend, image, n16, resnet20, compact);
        }
    }

    /** What was counted on which backend. */
    private record Run(List<CountedOperations.Counted> counted, BenchRecord.BackendInfo backend,
                       ResNet20Counts.Result resnet) {
    }

    private OperationCounts() {
    }

    public static void main(String[] args) throws IOException {
        Options options = Options.parse(args);
        String date = Instant.now().toString();
        long start = System.nanoTime();
        Run run = count(options);
        Map<String, String> parameters = parameters();
        Map<String, String> conditions = new LinkedHashMap<>();
        conditions.put("n16", options.resnet20() ? "counted with ResNet-20 (--resnet20) on the shape backend, which "
                + "counts as the CPU backend does (ShapeBackendCountsTest)" : options.n16() ? "counted"
                : "not counted (no --n16)");
        conditions.put("image", options.image() ? "counted" : "not counted (--no-image)");
        if (run.resnet() != null) {
            conditions.put("resnet20", "models/" + ResNet20Counts.MODEL + ".onnx with models/" + ResNet20Counts.PLAN
                    + " (the OLA plan), test image " + ResNet20Counts.TEST_IMAGE + ", compiled as ola run does: "
                    + run.resnet().program());
        }
        conditions.put("elapsedSeconds", String.format(Locale.ROOT, "%.1f", (System.nanoTime() - start) / 1e9));
        BenchRecord record = new BenchRecord(SUITE, date, null, null, Machine.detect(), run.backend(),
                new BenchRecord.Software(OlaVersion.get(), options.commit(), System.getProperty("java.vm.name") + " "
                        + System.getProperty("java.version")), parameters, conditions, null, metrics(run.counted()));
        Files.createDirectories(options.out());
        RecordFormat.write(record, options.out().resolve("counts.json"));
        Files.writeString(options.out().resolve("counts.md"), markdown(run.counted(), parameters));
        if (run.resnet() != null) {
            Files.writeString(options.out().resolve("resnet20-steps.md"), ResNet20Counts.stepsMarkdown(run.resnet()));
        }
        System.out.print(markdown(run.counted(), parameters));
    }

    /** Counts the operations the options ask for on the backend they name. */
    private static Run count(Options options) throws IOException {
        List<CountedOperations.Counted> counted = new ArrayList<>();
        BenchRecord.BackendInfo info;
        try (Backend backend = options.backend().equals("cpu") ? new CpuBackend()
                : Backends.decide(options.backend()).chosen().create()) {
            info = new BenchRecord.BackendInfo(backend.name(), backend.description());
            Supplier<NativeCounts> natives = backend instanceof CudaBackend cuda ? cuda::nativeCounts : null;
            CountingBackend counter = new CountingBackend(backend);
            counted.addAll(fast(counter, natives, options.image()));
            if (options.n16()) {
                counted.addAll(CountedOperations.keySwitching("n16", n16(), counter, natives));
            }
        }
        ResNet20Counts.Result resnet = null;
        if (options.resnet20()) {
            try (ShapeBackend shape = new ShapeBackend()) {
                resnet = ResNet20Counts.count(new CountingBackend(shape), System.err, options.compact());
            }
            counted.addAll(resnet.counted());
        }
        return new Run(counted, info, resnet);
    }

    /** Every operation on the {@value BootstrappingPresets#LOGN11_INSECURE} chain: what the regression test pins. */
    static List<CountedOperations.Counted> fast(CountingBackend counter) throws IOException {
        return fast(counter, null, true);
    }

    /**
     * The operations on the {@value BootstrappingPresets#LOGN11_INSECURE} chain, the image only when asked, with the
     * native counts from {@code natives} (null: none).
     */
    static List<CountedOperations.Counted> fast(CountingBackend counter, Supplier<NativeCounts> natives, boolean image)
            throws IOException {
        return CountedOperations.all("logn11", BootstrappingParameters.of(BootstrappingPresets.logN11Insecure()),
                counter, natives, image);
    }

    private static BootstrappingParameters n16() {
        return BootstrappingParameters.of(BootstrappingPresets.n16ResNet());
    }

    /** Both chains, whether or not n16 was counted: a record without n16 compares with one that has it. */
    private static Map<String, String> parameters() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("suite", SUITE);
        p.put("suiteVersion", SUITE_VERSION);
        p.put("logn11", BootstrappingPresets.LOGN11_INSECURE + ": " + BootstrappingParameters.of(
                BootstrappingPresets.logN11Insecure()).ckks());
        p.put("n16", BootstrappingPresets.N16_RESNET + ": " + n16().ckks());
        p.put("model", CountedOperations.MODEL + ", degree-" + CountedOperations.DEGREE + " ReLU calibrated on "
                + CountedOperations.CALIBRATION_IMAGES + " Fashion-MNIST training images, first test image");
        return p;
    }

    /**
     * Per operation: {@code calls.<op>} (all backend calls), {@code allocations.<op>}, {@code allocatedBytes.<op>},
     * {@code uploadBytes.<op>} (host to device) and {@code downloadBytes.<op>} (device to host); with native counts,
     * also {@code native<Counter>.<op>} for each of them ({@code nativeCalls}, {@code nativeLaunches}, ...).
     */
    static Map<String, Long> totals(List<CountedOperations.Counted> counted) {
        Map<String, Long> t = new LinkedHashMap<>();
        for (CountedOperations.Counted c : counted) {
            CountingBackend.Counts n = c.counts();
            t.put("calls." + c.name(), n.totalCalls());
            t.put("allocations." + c.name(), n.allocations());
            t.put("allocatedBytes." + c.name(), n.allocatedBytes());
            t.put("uploadBytes." + c.name(), n.uploadBytes());
            t.put("downloadBytes." + c.name(), n.downloadBytes());
            if (c.nativeCounts() != null) {
                c.nativeCounts().asMap().forEach((counter, value) -> t.put(NATIVE + Character.toUpperCase(
                        counter.charAt(0)) + counter.substring(1) + "." + c.name(), value));
            }
        }
        return t;
    }

    /** The {@link #totals} and {@code calls.<op>.<method>} per backend method called; deterministic, fewer is better. */
    static List<Metric> metrics(List<CountedOperations.Counted> counted) {
        MetricCollector m = new MetricCollector();
        totals(counted).forEach((name, value) -> m.add(name, unit(name), Better.LOWER, true, value));
        for (CountedOperations.Counted c : counted) {
            c.counts().calls().forEach((method, calls) ->
                    m.add("calls." + c.name() + "." + method, "calls", Better.LOWER, true, calls));
        }
        return m.metrics();
    }

    /** calls, allocations, bytes (allocated, uploaded, downloaded, copied), launches, ...: from the total's name. */
    private static String unit(String total) {
        String quantity = total.substring(0, total.indexOf('.'));
        if (quantity.contains("Bytes")) {
            return "bytes";
        }
        if (quantity.startsWith(NATIVE)) {
            return Character.toLowerCase(quantity.charAt(NATIVE.length())) + quantity.substring(NATIVE.length() + 1);
        }
        return quantity;
    }

    static String markdown(List<CountedOperations.Counted> counted, Map<String, String> parameters) {
        StringBuilder sb = new StringBuilder("| operation | backend calls | allocations | allocated MiB | host→device "
                + "bytes | device→host bytes | calls by method |\n|---|---:|---:|---:|---:|---:|---|\n");
        for (CountedOperations.Counted c : counted) {
            CountingBackend.Counts n = c.counts();
            String methods = n.calls().entrySet().stream()
                    .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                    .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "));
            sb.append(String.format(Locale.ROOT, "| `%s` | %,d | %,d | %,.1f | %,d | %,d | %s |%n", c.name(),
                    n.totalCalls(), n.allocations(), n.allocatedBytes() / (double) (1 << 20), n.uploadBytes(),
                    n.downloadBytes(), methods));
        }
        sb.append('\n');
        nativeTable(counted, sb);
        for (CountedOperations.Counted c : counted) {
            sb.append("- `").append(c.name()).append("`: ").append(c.what()).append('\n');
        }
        parameters.forEach((k, v) -> sb.append("- ").append(k).append(": ").append(v).append('\n'));
        return sb.toString();
    }

    /** The native counts of the operations that have them, as a second table (nothing when none has). */
    private static void nativeTable(List<CountedOperations.Counted> counted, StringBuilder sb) {
        if (counted.stream().allMatch(c -> c.nativeCounts() == null)) {
            return;
        }
        sb.append("Native counts (the CUDA backend's context, counted where the native library queues the work):\n\n"
                + "| operation | native calls | kernel launches | NTTs | device allocations | pool reuses | "
                + "host→device copies | host→device bytes | device→host copies | device→host bytes | "
                + "device copies | memsets |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (CountedOperations.Counted c : counted) {
            if (c.nativeCounts() != null) {
                sb.append("| `").append(c.name()).append('`');
                c.nativeCounts().asMap().values().forEach(v -> sb.append(String.format(Locale.ROOT, " | %,d", v)));
                sb.append(" |\n");
            }
        }
        sb.append('\n');
    }
}

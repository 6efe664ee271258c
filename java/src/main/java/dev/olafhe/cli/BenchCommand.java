package dev.olafhe.cli;

import dev.olafhe.ckks.CkksParameters;
import dev.olafhe.ckks.SecurityPolicy;
import dev.olafhe.infer.BenchReport;
import dev.olafhe.infer.CkksRuntime;
import dev.olafhe.infer.CompiledSession;
import dev.olafhe.infer.EncryptedBenchmark;
import dev.olafhe.infer.EncryptedInference;
import dev.olafhe.ola.PlanRefit;
import dev.olafhe.plan.PlanFile;
import dev.olafhe.util.SafeFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code ola bench}: the OLA plan against uniform-degree baselines, encrypted, on one backend with the same
 * parameters, keys and test images ({@link EncryptedBenchmark}); writes bench.json, bench.md and bench.png.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, subcommands = {BenchCompareCommand.class, BenchHistoryCommand.class},
        description = "Encrypted inference benchmark: the OLA plan against uniform-degree baselines on the same "
                + "backend, parameters, keys and images; latency and its breakdown, bootstraps, memory, encrypted "
                + "top-1; writes bench.json, bench.md and bench.png.")
public final class BenchCommand implements Callable<Integer> {
    @Option(names = "--model", description = "ONNX model file (required unless --render)")
    Path model;

    @Option(names = "--plan", description = "the OLA plan (from `ola plan`) for --model (required unless --render)")
    Path planFile;

    @Option(names = "--render", description = "only write the Markdown table and the chart again from a bench JSON "
            + "(next to it)")
    Path render;

    @Option(names = "--configs", defaultValue = "ola,uniform,composite", split = ",",
            description = "configurations to run, in order: ola (the plan), uniform (every layer the planner's fit "
                    + "of --uniform-degree), composite (every ReLU the composite minimax ReLU, alpha 13, degrees "
                    + "15/15/27, on the plan's layer bounds) (default: ${DEFAULT-VALUE})")
    List<String> configs;

    @Option(names = "--uniform-degree", description = "degree of the uniform baseline, 1 to " + PlanFile.MAX_DEGREE
            + " (default: the lowest uniform degree the plan records as meeting its accuracy budget)")
    Integer uniformDegree;

    @Mixin
    TestImagesOption testImages;

    @Option(names = "--accuracy-images", defaultValue = "10000", description = "test images for the plaintext "
            + "top-1 of each configuration's polynomials; 0 to skip (default: ${DEFAULT-VALUE})")
    int accuracyImages;

    @Mixin
    ChainOptions chain;

    @Option(names = "--out", description = "result directory, checked before the benchmark starts (default: "
            + "bench/results/<date>-<backend>-<host>)")
    Path out;

    @Option(names = "--level-costs", description = "a cost file of `ola calibrate` for this machine, backend and "
            + "--bootstrapping preset: bootstraps are placed and each configuration's time is predicted from its "
            + "measured per-level costs (default: the analytic model places, and the plan's predictions are shown)")
    Path levelCosts;

    @Mixin
    SeedOption seed;

    @Mixin
    BackendOption backend;

    @Mixin
    KeyResidencyOption residency;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (render != null) {
            return render();
        }
        if (model == null || planFile == null) {
            throw new IllegalArgumentException("--model and --plan are required (or --render a bench JSON)");
        }
        checkOptions();
        System.out.print(chain.levelBudgetReport());
        EncryptedBenchmark.Options o = new EncryptedBenchmark.Options(model, planFile, configs, uniformDegree,
                testImages.index, testImages.images, accuracyImages, chain.preset(), chain.logN,
                chain.logScale, chain.insecure, residency.residency(), seed.random(),
                "ola " + String.join(" ", spec.commandLine().getParseResult().originalArgs()), levelCosts);
        int threads = Runtime.getRuntime().availableProcessors();
        ConsoleProgress progress = new ConsoleProgress();
        BenchReport report = EncryptedBenchmark.run(o, backend.decide(),
                (plan, net) -> PlanRefit.of(plan, net, threads, progress), new Printer(), progress);
        System.out.println();
        System.out.print(report.markdown());
        return 0;
    }

    /** Writes the Markdown table and the chart of a bench JSON again, next to it. */
    private int render() throws IOException {
        if (render.getFileName() == null) {
            throw new IllegalArgumentException("--render needs a bench JSON file, not " + render);
        }
        String stem = render.getFileName().toString().replaceFirst("\\.json$", "");
        Path markdown = render.resolveSibling(stem + ".md");
        Path chart = render.resolveSibling(stem + ".png");
        SafeFiles.checkWritable(markdown);
        SafeFiles.checkWritable(chart);
        BenchReport r = BenchReport.readJson(render);
        SafeFiles.writeString(markdown, r.markdown());
        BenchChart.write(r, chart);
        System.out.println("wrote " + render.resolveSibling(stem + ".{md,png}"));
        return 0;
    }

    /**
     * The numeric options in range and the result folder writable, before the model is even loaded: a benchmark
     * runs for hours, and its results are written after every configuration.
     */
    private void checkOptions() throws IOException {
        OptionBounds.check(spec, "--index", testImages.index, 0, Integer.MAX_VALUE);
        OptionBounds.check(spec, "--images", testImages.images, 1, Integer.MAX_VALUE);
        OptionBounds.check(spec, "--accuracy-images", accuracyImages, 0, Integer.MAX_VALUE);
        if (uniformDegree != null) {
            OptionBounds.check(spec, "--uniform-degree", uniformDegree, 1, PlanFile.MAX_DEGREE);
        }
        // the files go into --out, or into a new folder under bench/results
        SafeFiles.checkWritable((out != null ? out : Path.of("bench", "results", "new")).resolve("bench.json"));
    }

    /** Prints the benchmark's progress and writes {model}-bench.{json,md,png} after every configuration. */
    private final class Printer implements EncryptedBenchmark.Listener {
        @Override
        public void compiled(String configuration, CompiledSession compiled) {
            System.out.println("config     : " + configuration + ": " + compiled.summary());
        }

        @Override
        public void plaintextAccuracy(String configuration, double top1, int images) {
            System.out.printf(Locale.ROOT, "plaintext  : %s top-1 %.2f%% on %d test images%n", configuration,
                    100 * top1, images);
        }

        @Override
        public void runtime(CkksRuntime runtime, CkksParameters params, String keyMemory) {
            System.out.println("backend    : " + runtime.backend().name() + " — " + runtime.why());
            System.out.println("parameters : " + SecurityPolicy.describe(params, seed.deterministic()));
            System.out.println("key memory : " + keyMemory);
        }

        @Override
        public void keys(long keyBytes, double seconds) {
            System.out.printf(Locale.ROOT, "keys       : %.2f GiB in memory, generated in %.1f s%n",
                    keyBytes / 1073741824.0, seconds);
        }

        @Override
        public void image(String configuration, BenchReport.Image i, EncryptedInference.Timing timing) {
            System.out.printf(Locale.ROOT, "%-10s : image %d label %d encrypted %d plaintext %d exact %d, logit error "
                            + "%.2e, %s%n", configuration, i.index(), i.label(), i.encryptedTop1(), i.plaintextTop1(),
                    i.exactTop1(), i.maxAbsLogitError(), timing);
        }

        @Override
        public void measured(BenchReport report) throws IOException {
            Path stem = report.write(out != null ? out : report.defaultDirectory());
            BenchChart.write(report, stem.resolveSibling(stem.getFileName() + ".png"));
            int n = report.configs().size();
            BenchReport.Config last = report.configs().get(n - 1);
            if (last.predictedStageSeconds() != null) {
                System.out.printf(Locale.ROOT, "%-10s : predicted %.2f s %s, measured median %.2f s (%s)%n",
                        last.name(), last.predictedSeconds(), last.predictedStageSeconds(), last.medianSeconds(),
                        last.predictionSource());
            }
            System.out.println("wrote " + stem + ".{json,md,png} (" + n + " configuration" + (n == 1 ? ")" : "s)"));
        }
    }
}

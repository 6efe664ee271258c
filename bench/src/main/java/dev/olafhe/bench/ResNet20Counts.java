package dev.olafhe.bench;

import dev.olafhe.backend.CountingBackend;
import dev.olafhe.ckks.Ciphertext;
import dev.olafhe.ckks.CkksContext;
import dev.olafhe.ckks.ComplexVector;
import dev.olafhe.ckks.Encoder;
import dev.olafhe.ckks.Encryptor;
import dev.olafhe.ckks.EvaluationKeySet;
import dev.olafhe.ckks.Evaluator;
import dev.olafhe.ckks.Plaintext;
import dev.olafhe.ckks.RandomSources;
import dev.olafhe.ckks.boot.Bootstrapper;
import dev.olafhe.ckks.boot.BootstrappingKeys;
import dev.olafhe.ckks.boot.BootstrappingPresets;
import dev.olafhe.infer.CompiledSession;
import dev.olafhe.infer.EncryptedInference;
import dev.olafhe.infer.HeProgram;
import dev.olafhe.infer.HeStep;
import dev.olafhe.infer.InferenceClient;
import dev.olafhe.infer.InferenceSession;
import dev.olafhe.util.ProgressListener;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;

/**
 * The counts of issue 14's table at logN 16: on the {@value BootstrappingPresets#N16_RESNET} chain a key switch and a
 * hoisted batch ({@link CountedOperations#keySwitching}), one bootstrapping at the ResNet-20 program's slot count, and
 * one ResNet-20 image with the committed OLA plan as {@code ola run --model models/resnet20.onnx --plan
 * models/resnet20.plan.json --bootstrapping n16-resnet} compiles it (bootstraps placed by the analytic cost model):
 * the client's encryption, the server's work ({@link EncryptedInference#run}, keys, DFT factors and diagonals
 * resident, as on a GPU: nothing is encoded or uploaded per image), split by step kind and by step, and the client's
 * decryption. Meant to run on a {@link dev.olafhe.backend.shape.ShapeBackend} behind the counter (the CPU backend
 * would need ~20 GiB of heap and hours). Each operation is counted on its second call, after one that fills the pools
 * (as {@link CountedOperations}); the image is also counted on its first call ({@code imageFirst}). Keys and inputs
 * come from fixed seeds.
 */
final class ResNet20Counts {
    static final String CHAIN = "n16";
    static final String MODEL = "resnet20";
    static final String PLAN = "resnet20.plan.json";
    static final int TEST_IMAGE = 0;

    /** The counts in record order, and the server's warm image step by step. */
    record Result(List<CountedOperations.Counted> counted, List<StepCounts> steps, String program) {
    }

    /** One step of the program: its index, kind, description and read/written levels, and its backend work. */
    record StepCounts(int index, String kind, String what, int readLevel, int level, CountingBackend.Counts counts) {
    }

    private final CountingBackend counter;
    private final List<CountedOperations.Counted> out = new ArrayList<>();
    private final List<StepCounts> steps = new ArrayList<>();
    private HeProgram program;
    /** The counts at the end of the previous step of the counted run (null before its first step). */
    private CountingBackend.Counts lastStep;

    private ResNet20Counts(CountingBackend counter) {
        this.counter = counter;
    }

    /** The session {@code ola run} makes for the committed ResNet-20 plan on n16-resnet (seeded keys: counts only). */
    static InferenceSession session() throws IOException {
        Path models = ExecutorBenchmark.modelsDir();
        return InferenceSession.create(models.resolve(MODEL + ".onnx"), models.resolve(PLAN), 63, 500, false,
                "fashion-mnist", 16, 40, true, BootstrappingPresets.N16_RESNET, true);
    }

    /**
     * Everything above, through {@code counter}; with {@code compact} also the image in the memory-saving
     * configuration ({@link #compactImage}). Progress lines (what runs, seconds) go to {@code log}.
     */
    static Result count(CountingBackend counter, PrintStream log, boolean compact) throws IOException {
        ResNet20Counts c = new ResNet20Counts(counter);
        CompiledSession compiled = timed(log, "compile the session", () -> {
            try {
                return session().compile();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        c.out.addAll(timed(log, "n16 key switch and hoisted batch", () -> CountedOperations.keySwitching(CHAIN,
                compiled.bootstrapping(), counter, null)));
        float[] image = session().testImage(TEST_IMAGE).pixels();
        try (CkksContext context = new CkksContext(compiled.params(), counter.backend())) {
            c.resnet(log, context, compiled, image);
        }
        if (compact) {
            try (CkksContext context = new CkksContext(compiled.params(), counter.backend())) {
                c.compactImage(log, context, compiled, image);
            }
        }
        return new Result(c.out, c.steps, summary(compiled));
    }

    /** The program's one-line summary, with the models folder written as {@code models/} (no machine's path). */
    static String summary(CompiledSession compiled) {
        return compiled.summary().replace(ExecutorBenchmark.modelsDir().toString() + java.io.File.separator, "models/");
    }

    // long: the set-up of a ResNet-20 run (keys, bootstrapper, server) and its counted operations, in the order they run
    private void resnet(PrintStream log, CkksContext context, CompiledSession compiled, float[] image) {
        program = compiled.program();
        timed(log, "compile linear layers to diagonals", program::compileTransforms);
        try (InferenceClient client = timed(log, "client keys", () -> new InferenceClient(context,
                     RandomSources.deterministic(8), false));
             EvaluationKeySet keys = timed(log, "evaluation keys (" + program.rotationSteps().length + " rotations)",
                     () -> client.evaluationKeys(program));
             Bootstrapper bootstrapper = timed(log, "bootstrapper (DFT factors resident)",
                     () -> compiled.bootstrapper(context, false));
             BootstrappingKeys bootKeys = timed(log, "bootstrapping keys",
                     () -> client.bootstrappingKeys(bootstrapper, ProgressListener.NONE))) {
            String name = CHAIN + "." + MODEL + ".";
            count(log, name + "encryptImage", "the client's encryption of ResNet-20 test image " + TEST_IMAGE
                    + " (encode, public key)", () -> client.encrypt(program, image).close());
            Evaluator evaluator = new Evaluator(context, keys);
            try (Ciphertext ct = client.encrypt(program, image);
                 EncryptedInference server = timed(log, "server: encode the diagonals (resident)",
                         () -> EncryptedInference.onCkks(program, evaluator, bootstrapper, bootKeys, false))) {
                String what = "the server's work on one encrypted image (" + summary(compiled) + "; keys, DFT factors "
                        + "and diagonals resident)";
                counter.start();
                timed(log, "image, first run", () -> server.run(ct, null).logits()).close();
                out.add(new CountedOperations.Counted(name + "imageFirst", "first run: " + what, counter.stop()));
                counter.start();
                try (Ciphertext logits = timed(log, "image, counted run", () -> server.run(ct, this::step).logits())) {
                    CountingBackend.Counts work = counter.stop();
                    out.add(new CountedOperations.Counted(name + "image", what, work));
                    addStages(name + "image", work);
                    count(log, name + "decryptLogits", "the client's decryption of the logits (decrypt, decode)",
                            () -> client.decryptLogits(program, logits));
                }
            }
            bootstrap(log, context, client, bootstrapper, bootKeys, program.slots());
        }
    }

    /**
     * The image in the configuration {@code ola run} chooses when the resident keys would take more than half of the
     * backend's memory ({@code --compact auto} on a 24 GB CPU machine): evaluation keys keep only the seed of their
     * uniform halves, bootstrapping's DFT factors and the linear layers' diagonals are encoded at each use; so the
     * server encodes and uploads per image. Counted warm (on its second run), as {@code <chain>.resnet20Compact.image}.
     */
    private void compactImage(PrintStream log, CkksContext context, CompiledSession compiled, float[] image) {
        HeProgram p = compiled.program();
        try (InferenceClient client = timed(log, "compact: client keys", () -> new InferenceClient(context,
                     RandomSources.deterministic(8), true));
             EvaluationKeySet keys = timed(log, "compact: evaluation keys", () -> client.evaluationKeys(p));
             Bootstrapper bootstrapper = timed(log, "compact: bootstrapper (DFT factors compact)",
                     () -> compiled.bootstrapper(context, true));
             BootstrappingKeys bootKeys = timed(log, "compact: bootstrapping keys",
                     () -> client.bootstrappingKeys(bootstrapper, ProgressListener.NONE));
             Ciphertext ct = client.encrypt(p, image);
             EncryptedInference server = timed(log, "compact: server (diagonals compact)",
                     () -> EncryptedInference.onCkks(p, new Evaluator(context, keys), bootstrapper, bootKeys, true))) {
            count(log, CHAIN + "." + MODEL + "Compact.image", "the server's work on one encrypted image, keys, DFT "
                    + "factors and diagonals compact (--compact yes, what auto chooses on a 24 GB CPU machine)",
                    () -> server.run(ct, null).logits().close());
        }
    }

    /** One bootstrapping of a level-0 input of the program's slot count, to the top level (as the logn11 row). */
    private void bootstrap(PrintStream log, CkksContext context, InferenceClient client,
                           Bootstrapper bootstrapper, BootstrappingKeys bootKeys, int slots) {
        Random random = new Random(5);
        double[] re = new double[slots];
        double[] im = new double[slots];
        for (int j = 0; j < slots; j++) {
            re[j] = 2 * random.nextDouble() - 1;
            im[j] = 2 * random.nextDouble() - 1;
        }
        Encoder encoder = new Encoder(context);
        Ciphertext input;
        try (Plaintext pt = encoder.encodeNew(new ComplexVector(re, im), 0, context.params().defaultScale())) {
            input = Encryptor.withPublicKey(context, client.publicKey(), RandomSources.deterministic(5)).encryptNew(pt);
        }
        try (input) {
            Evaluator evaluator = new Evaluator(context, bootKeys.evaluationKeys());
            count(log, CHAIN + ".bootstrap", "one bootstrapping, " + slots + " slots (ResNet-20's), input at level 0",
                    () -> bootstrapper.bootstrap(evaluator, bootKeys, input).close());
        }
    }

    /** After each step of the counted run: the work since the previous step. */
    private void step(int k, HeStep step, Ciphertext value) {
        CountingBackend.Counts now = counter.snapshot();
        CountingBackend.Counts work = lastStep == null ? now : now.minus(lastStep);
        lastStep = now;
        String what = step.describe();
        steps.add(new StepCounts(k, kindOf(step), what.length() > 100 ? what.substring(0, 100) + "…" : what,
                program.readLevel(k), value.level(), work));
    }

    static String kindOf(HeStep step) {
        if (step instanceof HeStep.Linear) {
            return "linear";
        } else if (step instanceof HeStep.Activation) {
            return "activation";
        } else if (step instanceof HeStep.Add) {
            return "add";
        }
        return "bootstrap";
    }

    /**
     * The counted image's work summed by step kind, as {@code <name><Kind>} rows (e.g. {@code imageLinear}: not
     * {@code image.linear}, whose metric {@code calls.<row>} would be the per-method metric of {@code image}'s calls of a
     * backend method of that name, such as {@code add}), and {@code <name>Other}: what ran
     * after the last step (freeing the values left, returning the logits), when anything did.
     */
    private void addStages(String name, CountingBackend.Counts total) {
        Map<String, CountingBackend.Counts> byKind = new LinkedHashMap<>();
        for (StepCounts s : steps) {
            byKind.merge(s.kind(), s.counts(), ResNet20Counts::plus);
        }
        Map<String, Long> stepsOfKind = new LinkedHashMap<>();
        steps.forEach(s -> stepsOfKind.merge(s.kind(), 1L, Long::sum));
        byKind.forEach((kind, counts) -> out.add(new CountedOperations.Counted(name + capitalized(kind), "the image's "
                + stepsOfKind.get(kind) + " " + kind + " steps (of the counted run)", counts)));
        CountingBackend.Counts rest = total.minus(steps.isEmpty() ? empty() : lastStep);
        if (rest.totalCalls() != 0 || rest.allocatedBytes() != 0 || rest.uploadBytes() != 0
                || rest.downloadBytes() != 0) {
            out.add(new CountedOperations.Counted(name + "Other", "the image's work after its last step", rest));
        }
    }

    private static String capitalized(String kind) {
        return Character.toUpperCase(kind.charAt(0)) + kind.substring(1);
    }

    private static CountingBackend.Counts empty() {
        return new CountingBackend.Counts(new java.util.TreeMap<>(), 0, 0, 0);
    }

    static CountingBackend.Counts plus(CountingBackend.Counts a, CountingBackend.Counts b) {
        Map<String, Long> calls = new java.util.TreeMap<>(a.calls());
        b.calls().forEach((m, n) -> calls.merge(m, n, Long::sum));
        return new CountingBackend.Counts(new java.util.TreeMap<>(calls), a.allocatedBytes() + b.allocatedBytes(),
                a.uploadBytes() + b.uploadBytes(), a.downloadBytes() + b.downloadBytes());
    }

    /** Runs {@code op} once to fill caches, then once counted (as {@link CountedOperations}). */
    private void count(PrintStream log, String name, String what, Runnable op) {
        timed(log, name + ", warm-up", () -> {
            op.run();
            return null;
        });
        counter.start();
        timed(log, name + ", counted", () -> {
            op.run();
            return null;
        });
        out.add(new CountedOperations.Counted(name, what, counter.stop()));
    }

    private static <T> T timed(PrintStream log, String what, Supplier<T> work) {
        long t0 = System.nanoTime();
        T result = work.get();
        log.printf(Locale.ROOT, "  %-60s %8.1f s  (heap used %.2f GiB)%n", what, (System.nanoTime() - t0) / 1e9,
                (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) / 1073741824.0);
        return result;
    }

    /** The counted image step by step (Markdown). */
    static String stepsMarkdown(Result r) {
        StringBuilder sb = new StringBuilder("| step | kind | level read → written | backend calls | allocations | "
                + "calls by method | step |\n|---:|---|---|---:|---:|---|---|\n");
        for (StepCounts s : r.steps()) {
            String methods = s.counts().calls().entrySet().stream()
                    .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                    .map(e -> e.getKey() + " " + e.getValue()).collect(java.util.stream.Collectors.joining(", "));
            sb.append(String.format(Locale.ROOT, "| %d | %s | %s | %,d | %,d | %s | %s |%n", s.index(), s.kind(),
                    s.readLevel() + " → " + s.level(), s.counts().totalCalls(), s.counts().allocations(), methods,
                    s.what().replace("|", "\\|")));
        }
        return sb.toString();
    }
}

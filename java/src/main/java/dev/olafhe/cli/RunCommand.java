package dev.olafhe.cli;

import dev.olafhe.ckks.SecurityPolicy;
import dev.olafhe.infer.CkksRuntime;
import dev.olafhe.infer.CompiledSession;
import dev.olafhe.infer.EncryptedInference;
import dev.olafhe.infer.EncryptedRun;
import dev.olafhe.infer.HeProgram;
import dev.olafhe.infer.KeyEstimate;
import dev.olafhe.infer.PlaintextComparison;
import dev.olafhe.nn.data.Dataset;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code ola run}: client and server in one process ({@link EncryptedRun}). Keygen, encrypt a test image, encrypted
 * inference (server side, evaluation keys only), decrypt the logits; compare with the plaintext model running the
 * same polynomials and with the exact model; time every stage.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Encrypted inference demo: keygen, encrypt an image, infer on the ciphertext, decrypt; "
                + "report the class, the comparison with plaintext and the time of each stage.")
public final class RunCommand implements Callable<Integer> {
    @Mixin
    SessionOptions options;

    @Mixin
    TestImagesOption testImages;

    @Mixin
    BackendOption backend;

    @Mixin
    KeyResidencyOption residency;

    @Option(names = "--layer-errors", description = "decrypt every step's output and report its max abs error against "
            + "the plaintext model with the same polynomials (float64 slot simulation); adds decryption time")
    boolean layerErrors;

    @Option(names = "--level-costs", description = "a cost file of `ola calibrate` for this machine, backend and "
            + "--bootstrapping preset: bootstraps are placed by its measured per-level costs, and the time per image "
            + "it predicts is printed (default: the analytic model places them)")
    Path levelCosts;

    @Mixin
    SeedOption seed;

    @Override
    public Integer call() throws Exception {
        return run(System.out);
    }

    int run(PrintStream out) throws Exception {
        EncryptedRun.Options o = new EncryptedRun.Options(testImages.index, testImages.images, layerErrors,
                residency.residency(), seed.random(), levelCosts);
        EncryptedRun.Summary s = EncryptedRun.run(options.session(seed.deterministic()), backend.decide(), o,
                new Printer(out, seed), new ConsoleProgress());
        out.printf(Locale.ROOT, "summary    : %d/%d correct, %d/%d agree with the plaintext model%n", s.correct(),
                s.images(), s.agree(), s.images());
        return 0;
    }

    /** Prints the run's report as it goes: one line per stage, the set-up, and every image's result. */
    private record Printer(PrintStream out, SeedOption seed) implements EncryptedRun.Listener {
        @Override
        public void begin(CompiledSession compiled, Dataset test, int from, int to) {
            out.printf(Locale.ROOT, "OLA-FHE run: %s, %s test images [%d, %d)%n", compiled.network().name(),
                    test.name(), from, to);
        }

        @Override
        public void stage(String what, double seconds) {
            out.printf(Locale.ROOT, "  %-58s %9.2f s%n", what, seconds);
        }

        @Override
        public void predicted(double seconds, String source) {
            out.printf(Locale.ROOT, "predicted  : %.2f s per image (server inference), from %s%n", seconds, source);
        }

        @Override
        public void runtime(CkksRuntime runtime, CompiledSession compiled, KeyEstimate estimate, String keyMemory) {
            out.println("backend    : " + runtime.backend().name() + " — " + runtime.why());
            out.println("parameters : " + SecurityPolicy.describe(compiled.params(), seed.deterministic()));
            out.println("randomness : " + seed.describe());
            out.println("program    : " + compiled.summary());
            out.println("keys       : " + estimate.describe() + " (estimate)");
            out.println("key memory : " + keyMemory);
        }

        @Override
        public void keys(long keyBytes, boolean bootstrapping, long dftBytes) {
            out.printf(Locale.ROOT, "keys       : %s in memory (program%s)%n", mib(keyBytes),
                    bootstrapping ? " + bootstrapping" : "");
            if (dftBytes >= 0) {
                out.printf(Locale.ROOT, "DFT factors: %s in memory (encoded CoeffToSlot and SlotToCoeff diagonals)%n",
                        mib(dftBytes));
            }
        }

        @Override
        public void inferred(int image, EncryptedInference.Timing timing, HeProgram program, double[] layerErrors) {
            out.printf(Locale.ROOT, "  %-58s %9.2f s  (%s)%n", "server: infer image " + image, timing.totalSeconds(),
                    timing);
            if (layerErrors != null) {
                out.println("layer errors (max abs, true values, vs float64 with the same polynomials):");
                for (int k = 0; k < program.steps().size(); k++) {
                    out.printf(Locale.ROOT, "  %3d  %-84s level %2d -> %2d  %.2e%n", k,
                            program.steps().get(k).describe(), program.readLevel(k), program.stepLevel(k),
                            layerErrors[k]);
                }
            }
        }

        @Override
        public void classified(int image, int label, PlaintextComparison c) {
            out.printf(Locale.ROOT, "result     : image %d label %d, encrypted top-1 %d, plaintext with the same "
                            + "polynomials %d, exact model %d; logits max abs error vs plaintext %.2e%n", image, label,
                    c.encryptedTop1(), c.plaintextTop1(), c.exactTop1(), c.maxAbsLogitError());
        }

        private static String mib(long bytes) {
            return String.format(Locale.ROOT, "%.0f MiB", bytes / 1048576.0);
        }
    }
}

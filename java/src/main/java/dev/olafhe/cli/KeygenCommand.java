package dev.olafhe.cli;

import dev.olafhe.ckks.SecurityPolicy;
import dev.olafhe.infer.CkksRuntime;
import dev.olafhe.infer.CompiledSession;
import dev.olafhe.infer.InferenceClient;
import dev.olafhe.infer.InferenceSession;
import dev.olafhe.infer.KeyEstimate;
import dev.olafhe.infer.KeyFolder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code ola keygen}: client side; compiles the model + plan, generates the keys and writes the key directory. */
@Command(name = "keygen", mixinStandardHelpOptions = true,
        description = "Client: generate CKKS keys for encrypted inference of a model with a plan; writes the key folder "
                + "--out as a whole: session.json, params.ckks, eval.keys and the boot* keys (for the server), "
                + "readout.json, public.key (enough to encrypt) and secret.key (keep it). An existing key folder there "
                + "is replaced only once the new one is complete; any other existing folder is refused.")
public final class KeygenCommand implements Callable<Integer> {
    @Mixin
    SessionOptions options;

    @Option(names = "--out", required = true, description = "key folder to write (missing, empty or a key folder)")
    Path dir;

    @Mixin
    BackendOption backend;

    @Mixin
    KeyResidencyOption residency;

    @Option(names = "--dry-run", description = "print the program, parameters and key memory; generate nothing")
    boolean dryRun;

    @Mixin
    SeedOption seed;

    @Override
    public Integer call() throws Exception {
        InferenceSession session = options.session(seed.deterministic());
        KeyFolder.checkTarget(dir);
        CompiledSession c = session.compile();
        System.out.println("program    : " + c.summary());
        System.out.println("parameters : " + SecurityPolicy.describe(c.params(), seed.deterministic()));
        System.out.println("randomness : " + seed.describe());
        KeyEstimate estimate = c.keyEstimate();
        System.out.println("keys       : " + estimate.describe());
        if (dryRun) {
            return 0;
        }
        KeyFolder folder;
        try (CkksRuntime rt = backend.open(c.params())) {
            System.out.println("key memory : " + residency.residency().describe(estimate.total(), rt.backend()));
            folder = KeyFolder.create(dir, session, c, rt.context(), seed.random(),
                    residency.residency().compact(estimate.total(), rt.backend()), new ConsoleProgress());
        }
        for (Path f : folder.existingFiles()) {
            System.out.printf(Locale.ROOT, "  %-14s %10.1f MiB%n", f.getFileName(), Files.size(f) / 1048576.0);
        }
        System.out.println("server needs: " + InferenceSession.FILE + ", " + KeyFolder.PARAMETERS_FILE + ", "
                + KeyFolder.EVALUATION_KEYS_FILE + ", the boot* keys when bootstrapping (and the model/plan); "
                + "encrypting needs " + InferenceClient.PUBLIC_KEY_FILE + ", not " + InferenceClient.SECRET_KEY_FILE
                + ", which stays with the client");
        return 0;
    }
}

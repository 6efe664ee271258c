package dev.olafhe.cli;

import dev.olafhe.ckks.CkksSerializer;
import dev.olafhe.ckks.EvaluationKeySet;
import dev.olafhe.ckks.RandomSources;
import dev.olafhe.ckks.boot.Bootstrapper;
import dev.olafhe.ckks.boot.BootstrappingKeys;
import dev.olafhe.infer.InferenceClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code ola keygen}: client side; compiles the model + plan, generates the keys and writes the key directory. */
@Command(name = "keygen", mixinStandardHelpOptions = true,
        description = "Client: generate CKKS keys for encrypted inference of a model with a plan; writes session.json, "
                + "params.ckks, eval.keys (for the server) and secret.key, public.key (keep these).")
public final class KeygenCommand implements Callable<Integer> {
    @Mixin
    InferenceSession.Options options;

    @Option(names = "--out", required = true, description = "key directory to write")
    Path dir;

    @Mixin
    BackendOption backend;

    @Mixin
    KeyResidencyOption residency;

    @Option(names = "--dry-run", description = "print the program, parameters and key memory; generate nothing")
    boolean dryRun;

    @Option(names = "--seed", description = "deterministic randomness (INSECURE, reproducible); default SecureRandom")
    Long seed;

    @Override
    public Integer call() throws Exception {
        InferenceSession session = options.session();
        InferenceSession.Compiled c = session.compile();
        System.out.println("program    : " + summary(c));
        System.out.println("parameters : " + c.params());
        KeyEstimate estimate = KeyEstimate.of(c);
        System.out.println("keys       : " + estimate.describe());
        long resident = estimate.total();
        if (dryRun) {
            return 0;
        }
        try (InferenceSession.Runtime rt = backend.open(c.params())) {
            System.out.println("key memory : " + residency.describe(resident, rt.backend()));
            try (InferenceClient client = new InferenceClient(rt.context(),
                         seed == null ? RandomSources.secure() : RandomSources.deterministic(seed),
                         residency.compact(resident, rt.backend()));
                 EvaluationKeySet keys = client.evaluationKeys(c.program())) {
                session.save(dir);
                CkksSerializer.saveParameters(c.params(), dir.resolve(InferenceSession.PARAMETERS_FILE));
                client.save(dir);
                CkksSerializer serializer = new CkksSerializer(rt.context()).withProgress(ProgressBarAdapter.stderrBar())
                        .forKeySet(client.keySetId(), "the keys in " + dir);
                serializer.save(keys, dir.resolve(InferenceSession.EVALUATION_KEYS_FILE));
                // the client needs only the bootstrapper's key plan: compact DFT factors spare encoding ~5 GiB at logN 16
                try (Bootstrapper bootstrapper = InferenceSession.bootstrapper(c, rt.context(), true)) {
                    if (bootstrapper != null) {
                        try (BootstrappingKeys bootKeys = client.bootstrappingKeys(bootstrapper, ProgressBarAdapter.stderrBar())) {
                            InferenceSession.saveBootstrappingKeys(bootKeys, serializer, dir);
                        }
                    }
                }
            }
        }
        for (String f : new String[] {InferenceSession.FILE, InferenceSession.PARAMETERS_FILE,
                InferenceSession.EVALUATION_KEYS_FILE, InferenceSession.BOOTSTRAPPING_KEYS_FILE,
                InferenceSession.DENSE_TO_SPARSE_FILE, InferenceSession.SPARSE_TO_DENSE_FILE,
                InferenceClient.PUBLIC_KEY_FILE, InferenceClient.SECRET_KEY_FILE}) {
            if (!Files.exists(dir.resolve(f))) {
                continue;
            }
            System.out.printf(Locale.ROOT, "  %-14s %10.1f MiB%n", f, Files.size(dir.resolve(f)) / 1048576.0);
        }
        System.out.println("server needs: " + InferenceSession.FILE + ", " + InferenceSession.PARAMETERS_FILE + ", "
                + InferenceSession.EVALUATION_KEYS_FILE + ", the boot* keys when bootstrapping (and the model/plan); "
                + InferenceClient.SECRET_KEY_FILE + " stays with the client");
        return 0;
    }

    static String summary(InferenceSession.Compiled c) {
        return String.format(Locale.ROOT, "%s with %s: %d slots, %d levels, %d bootstraps, %d rotation keys",
                c.network().name(), c.planDescription(), c.program().slots(), c.program().inputLevel(),
                c.program().bootstrapCount(), c.program().rotationSteps().length);
    }
}

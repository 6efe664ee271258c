package dev.olafhe.cli;

import dev.olafhe.ckks.Ciphertext;
import dev.olafhe.ckks.CkksSerializer;
import dev.olafhe.ckks.EvaluationKeySet;
import dev.olafhe.ckks.Evaluator;
import dev.olafhe.ckks.boot.Bootstrapper;
import dev.olafhe.ckks.boot.BootstrappingKeys;
import dev.olafhe.infer.EncryptedInference;
import dev.olafhe.util.Progress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code ola infer}: server side; evaluates the model on an encrypted image with the evaluation keys only
 * (it reads session.json, params.ckks, eval.keys and the bootstrapping keys, never secret.key).
 */
@Command(name = "infer", mixinStandardHelpOptions = true,
        description = "Server: run the model on an encrypted image with the evaluation keys; writes encrypted logits.")
public final class InferCommand implements Callable<Integer> {
    @Option(names = "--keys", required = true, description = "directory with session.json, params.ckks, eval.keys")
    Path dir;

    @Option(names = "--in", required = true, description = "encrypted image (from `ola encrypt`)")
    Path in;

    @Option(names = "--out", required = true, description = "encrypted logits to write")
    Path out;

    @Mixin
    BackendOption backend;

    @Mixin
    KeyResidencyOption residency;

    @Override
    public Integer call() throws Exception {
        InferenceSession.Compiled c = InferenceSession.load(dir).compile();
        try (InferenceSession.Runtime rt = backend.openStored(dir, c.params())) {
            long resident = KeyEstimate.of(c).total();
            CkksSerializer serializer = residency.compact(resident, rt.backend()) ? new CkksSerializer(rt.context()).withCompactKeys()
                    : new CkksSerializer(rt.context());
            serializer = serializer.withProgress(ProgressBarAdapter.stderrBar())
                    .forKeySetOf(dir.resolve(InferenceSession.EVALUATION_KEYS_FILE), "the keys in " + dir);
            System.out.println("backend    : " + rt.backend().name() + " — " + rt.why());
            System.out.println("key memory : " + residency.describe(resident, rt.backend()));
            try (EvaluationKeySet keys = serializer.load(dir.resolve(InferenceSession.EVALUATION_KEYS_FILE),
                    EvaluationKeySet.class);
                 Bootstrapper bootstrapper = InferenceSession.bootstrapper(c, rt.context(), residency.compact(resident, rt.backend()));
                 BootstrappingKeys bootKeys = bootstrapper == null ? null
                         : InferenceSession.loadBootstrappingKeys(serializer, dir);
                 Ciphertext ct = serializer.load(in, Ciphertext.class)) {
                Evaluator evaluator = new Evaluator(rt.context(), keys);
                EncryptedInference server = EncryptedInference.onCkks(c.program(), evaluator, bootstrapper, bootKeys);
                EncryptedInference.Result r;
                try (Progress progress = new Progress("infer", c.program().steps().size())) {
                    r = server.run(ct, (k, step, value) -> progress.step());
                }
                try (Ciphertext logits = r.logits()) {
                    serializer.save(logits, out);
                }
                System.out.println("inference  : " + r.timing() + " -> " + out);
            }
        }
        return 0;
    }
}

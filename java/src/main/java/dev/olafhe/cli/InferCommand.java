package dev.olafhe.cli;

import dev.olafhe.ckks.CkksParameters;
import dev.olafhe.ckks.SecurityPolicy;
import dev.olafhe.infer.CkksRuntime;
import dev.olafhe.infer.EncryptedInference;
import dev.olafhe.infer.KeyFolder;
import dev.olafhe.infer.KeyResidency;
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
        description = "Server: run the model on an encrypted image with the evaluation keys; writes encrypted logits. "
                + "Needs the key folder's session.json, params.ckks, eval.keys (and boot* keys when bootstrapping), the "
                + "model and the plan it names; --in and --out are checked before the keys are loaded.")
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
        KeyFolder keys = KeyFolder.open(dir);
        keys.checkInfer(in, out);
        CkksParameters params = keys.storedParameters();
        try (CkksRuntime rt = backend.open(params)) {
            long resident = keys.compiled().keyEstimate().total();
            KeyResidency r = residency.residency();
            System.out.println("backend    : " + rt.backend().name() + " — " + rt.why());
            System.out.println("parameters : " + SecurityPolicy.describe(params, keys.session().deterministicKeys()));
            System.out.println("key memory : " + r.describe(resident, rt.backend()));
            EncryptedInference.Timing timing = keys.infer(rt.context(), r.compact(resident, rt.backend()), in, out,
                    new ConsoleProgress());
            System.out.println("inference  : " + timing + " -> " + out);
        }
        return 0;
    }
}

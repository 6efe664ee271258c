package dev.olafhe.cli;

import dev.olafhe.ckks.CkksParameters;
import dev.olafhe.ckks.SecurityPolicy;
import dev.olafhe.infer.CkksRuntime;
import dev.olafhe.infer.KeyFolder;
import dev.olafhe.nn.Logits;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code ola decrypt}: client side; decrypts encrypted logits and prints the class. */
@Command(name = "decrypt", mixinStandardHelpOptions = true,
        description = "Client: decrypt the encrypted logits from `ola infer` and print the predicted class. Needs the "
                + "key folder written by `ola keygen`: secret.key, params.ckks, session.json and readout.json (where "
                + "the logits sit in the slots); not the model, the plan or the data set.")
public final class DecryptCommand implements Callable<Integer> {
    @Option(names = "--keys", required = true, description = "key directory written by `ola keygen`")
    Path dir;

    @Option(names = "--in", required = true, description = "encrypted logits (from `ola infer`)")
    Path in;

    @Mixin
    BackendOption backend;

    @Override
    public Integer call() throws Exception {
        KeyFolder keys = KeyFolder.open(dir);
        keys.checkDecrypt(in);
        CkksParameters params = keys.parameters();
        System.out.println("parameters : " + SecurityPolicy.describe(params, keys.session().deterministicKeys()));
        double[] logits;
        try (CkksRuntime rt = backend.open(params)) {
            logits = keys.decryptLogits(rt.context(), in);
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < logits.length; i++) {
            sb.append(String.format(Locale.ROOT, "%s%.4f", i == 0 ? "" : ", ", logits[i]));
        }
        System.out.println("logits     : [" + sb + "]");
        System.out.println("top-1      : class " + Logits.argmax(logits));
        return 0;
    }
}

package dev.olafhe.cli;

import dev.olafhe.ckks.Ciphertext;
import dev.olafhe.ckks.CkksSerializer;
import dev.olafhe.ckks.RandomSources;
import dev.olafhe.infer.InferenceClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code ola decrypt}: client side; decrypts encrypted logits and prints the class. */
@Command(name = "decrypt", mixinStandardHelpOptions = true,
        description = "Client: decrypt the encrypted logits from `ola infer` and print the predicted class.")
public final class DecryptCommand implements Callable<Integer> {
    @Option(names = "--keys", required = true, description = "key directory written by `ola keygen`")
    Path dir;

    @Option(names = "--in", required = true, description = "encrypted logits (from `ola infer`)")
    Path in;

    @Mixin
    BackendOption backend;

    @Override
    public Integer call() throws Exception {
        InferenceSession.Compiled c = InferenceSession.load(dir).compile();
        double[] logits;
        try (InferenceSession.Runtime rt = backend.openStored(dir, c.params());
             InferenceClient client = InferenceClient.load(rt.context(), dir, RandomSources.secure());
             Ciphertext ct = new CkksSerializer(rt.context()).forKeySet(client.keySetId(), "the keys in " + dir)
                     .load(in, Ciphertext.class)) {
            logits = client.decryptLogits(c.program(), ct);
        }
        int best = 0;
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < logits.length; i++) {
            best = logits[i] > logits[best] ? i : best;
            sb.append(String.format(Locale.ROOT, "%s%.4f", i == 0 ? "" : ", ", logits[i]));
        }
        System.out.println("logits     : [" + sb + "]");
        System.out.println("top-1      : class " + best);
        return 0;
    }
}

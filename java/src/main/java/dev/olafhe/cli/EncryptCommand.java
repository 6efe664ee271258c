package dev.olafhe.cli;

import dev.olafhe.ckks.Ciphertext;
import dev.olafhe.ckks.CkksSerializer;
import dev.olafhe.ckks.RandomSources;
import dev.olafhe.infer.InferenceClient;
import dev.olafhe.nn.data.Dataset;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code ola encrypt}: client side; encrypts a test image in the program's slot layout. */
@Command(name = "encrypt", mixinStandardHelpOptions = true,
        description = "Client: encrypt a test image for encrypted inference (key directory from `ola keygen`).")
public final class EncryptCommand implements Callable<Integer> {
    @Option(names = "--keys", required = true, description = "key directory written by `ola keygen`")
    Path dir;

    @Option(names = "--index", defaultValue = "0", description = "test image index (default: ${DEFAULT-VALUE})")
    int index;

    @Option(names = "--out", required = true, description = "ciphertext file to write")
    Path out;

    @Mixin
    BackendOption backend;

    @Override
    public Integer call() throws Exception {
        InferenceSession session = InferenceSession.load(dir);
        InferenceSession.Compiled c = session.compile();
        Dataset test = session.testSet();
        if (index < 0 || index >= test.size()) {
            throw new IllegalArgumentException("--index " + index + " outside the test set [0, " + test.size() + ")");
        }
        try (InferenceSession.Runtime rt = backend.openStored(dir, c.params());
             InferenceClient client = InferenceClient.load(rt.context(), dir, RandomSources.secure());
             Ciphertext ct = client.encrypt(c.program(), test.images().sample(index))) {
            new CkksSerializer(rt.context()).forKeySet(client.keySetId(), "the keys in " + dir).save(ct, out);
        }
        System.out.printf("encrypted test image %d (label %d) of %s -> %s%n", index, test.labels()[index], test.name(),
                out);
        return 0;
    }
}

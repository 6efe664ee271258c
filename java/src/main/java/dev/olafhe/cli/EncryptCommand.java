package dev.olafhe.cli;

import dev.olafhe.ckks.CkksParameters;
import dev.olafhe.ckks.SecurityPolicy;
import dev.olafhe.infer.CkksRuntime;
import dev.olafhe.infer.InferenceSession;
import dev.olafhe.infer.KeyFolder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code ola encrypt}: client side; encrypts a test image in the program's slot layout. */
@Command(name = "encrypt", mixinStandardHelpOptions = true,
        description = "Client or data owner: encrypt a test image for encrypted inference with the key folder's public "
                + "key (from `ola keygen`; secret.key is not needed). Needs the folder's session.json and params.ckks, "
                + "the model, the plan and the data set it names.")
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
        KeyFolder keys = KeyFolder.open(dir);
        keys.checkEncrypt(out);
        InferenceSession.TestImage image = keys.session().testImage(index);
        CkksParameters params = keys.storedParameters();
        System.out.println("parameters : " + SecurityPolicy.describe(params, keys.session().deterministicKeys()));
        try (CkksRuntime rt = backend.open(params)) {
            keys.encrypt(rt.context(), image.pixels(), out);
        }
        System.out.printf("encrypted test image %d (label %d) of %s -> %s%n", index, image.label(), image.dataset(),
                out);
        return 0;
    }
}

package dev.olafhe.cli;

import dev.olafhe.cli.OlaCli.Outcome;
import dev.olafhe.ckks.CkksSerializer;
import dev.olafhe.ckks.KeySetId;
import dev.olafhe.ckks.io.ContainerLayout;
import dev.olafhe.nn.ModelFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

import static dev.olafhe.cli.OlaCli.ola;
import static dev.olafhe.cli.OlaCli.with;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Key-set identity through the commands (tiny ResNet, logN 11, INSECURE): keygen stamps every file with its key
 * set; a ciphertext of another key directory is refused by infer and decrypt with one line naming both key sets
 * and the file; a ciphertext with fewer slots than the program reads is refused instead of crashing.
 */
class KeySetCommandsTest {
    private static final String[] SESSION = {"--degree", "3", "--calibration", "100", "--logn", "11", "--insecure"};

    private static Path keygen(Path dir, String seed) {
        Outcome keygen = ola(with(new String[] {"keygen", "--model", ModelFiles.onnx("tiny_resnet").toString(),
                "--seed", seed, "--out", dir.toString()}, SESSION));
        assertEquals(0, keygen.exitCode(), keygen.err());
        return dir;
    }

    @Test
    void ciphertextsOfAnotherKeySetAreRefusedAndTooFewSlotsDoNotCrash(@TempDir Path tmp) throws Exception {
        Path alice = keygen(tmp.resolve("alice"), "5");
        Path bob = keygen(tmp.resolve("bob"), "6");
        KeySetId aliceSet = CkksSerializer.readKeySetId(alice.resolve("secret.key"));
        KeySetId bobSet = CkksSerializer.readKeySetId(bob.resolve("eval.keys"));
        assertNotEquals(aliceSet, bobSet);
        for (String f : new String[] {"public.key", "eval.keys"}) {
            assertEquals(aliceSet, CkksSerializer.readKeySetId(alice.resolve(f)), f + " carries the key set");
        }
        Path image = tmp.resolve("image.ct");
        assertEquals(0, ola("encrypt", "--keys", alice.toString(), "--index", "1", "--out", image.toString()).exitCode());
        assertEquals(aliceSet, CkksSerializer.readKeySetId(image));

        String expected = image + ": the ciphertext belongs to key set " + aliceSet + ", but the keys in ";
        Outcome infer = ola("infer", "--keys", bob.toString(), "--in", image.toString(), "--out",
                tmp.resolve("logits.ct").toString());
        assertEquals(2, infer.exitCode(), infer.err());
        assertEquals("ola infer: error: " + expected + bob + " are key set " + bobSet, infer.err().strip());
        Outcome decrypt = ola("decrypt", "--keys", bob.toString(), "--in", image.toString());
        assertEquals(2, decrypt.exitCode(), decrypt.err());
        assertEquals("ola decrypt: error: " + expected + bob + " are key set " + bobSet, decrypt.err().strip());

        // the same ciphertext claiming one slot (checksum recomputed): refused by decrypt, not an exception
        byte[] bytes = Files.readAllBytes(image);
        ContainerLayout layout = ContainerLayout.of(bytes, 1 << 11);
        ByteBuffer.wrap(bytes).putInt(layout.headers().get(0).metadataOffset() + 8, 0); // parts, level, logSlots
        layout.rechecksum(bytes);
        Path oneSlot = Files.write(tmp.resolve("one-slot.ct"), bytes);
        Outcome crafted = ola("decrypt", "--keys", alice.toString(), "--in", oneSlot.toString());
        assertEquals(2, crafted.exitCode(), crafted.err());
        assertTrue(crafted.err().contains("cannot decrypt: the ciphertext holds 1 slots but the program's values need"),
                crafted.err());
    }
}

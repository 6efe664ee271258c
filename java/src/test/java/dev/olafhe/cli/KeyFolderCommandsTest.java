package dev.olafhe.cli;

import dev.olafhe.cli.OlaCli.Outcome;
import dev.olafhe.nn.ModelFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static dev.olafhe.cli.OlaCli.ola;
import static dev.olafhe.cli.OlaCli.with;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Key folders through the commands (tiny ResNet, logN 11): INSECURE choices need --insecure; keygen replaces a key
 * folder as a whole and refuses any other folder; encrypt, infer and decrypt check their files before compiling or
 * loading keys (shown by a model that is gone: the file problem is reported, not the model).
 */
class KeyFolderCommandsTest {
    private static final String[] SESSION = {"--degree", "3", "--calibration", "100", "--logn", "11", "--insecure"};

    private static String tinyModel() {
        return ModelFiles.onnx("tiny_resnet").toString();
    }

    @Test
    void insecureChoicesAreRefusedWithoutTheFlag(@TempDir Path tmp) {
        Path keys = tmp.resolve("keys");
        Outcome seeded = ola("keygen", "--model", tinyModel(), "--seed", "1", "--out", keys.toString());
        assertEquals(2, seeded.exitCode(), seeded.out());
        assertTrue(seeded.err().startsWith("ola keygen: error: --seed makes keys and encryption deterministic"),
                seeded.err());
        assertTrue(seeded.err().strip().endsWith("add --insecure to use it anyway"), seeded.err());
        assertEquals("", seeded.out(), "refused before compiling anything");
        assertFalse(Files.exists(keys));

        Outcome preset = ola("run", "--model", tinyModel(), "--bootstrapping", "logn11-insecure");
        assertEquals(2, preset.exitCode(), preset.out());
        assertTrue(preset.err().startsWith("ola run: error: --bootstrapping logn11-insecure is INSECURE"),
                preset.err());
        Outcome bench = ola("bench", "--model", tinyModel(), "--plan", ModelFiles.onnx("tiny_resnet")
                .resolveSibling("tiny_resnet.plan.json").toString(), "--bootstrapping", "logn11-insecure",
                "--out", tmp.toString());
        assertEquals(2, bench.exitCode(), bench.out());
        assertTrue(bench.err().startsWith("ola bench: error: --bootstrapping logn11-insecure is INSECURE"),
                bench.err());
        Outcome benchSeed = ola("bench", "--model", tinyModel(), "--plan", ModelFiles.onnx("tiny_resnet")
                .resolveSibling("tiny_resnet.plan.json").toString(), "--seed", "3", "--out", tmp.toString());
        assertEquals(2, benchSeed.exitCode(), benchSeed.out());
        assertTrue(benchSeed.err().contains("--seed makes keys and encryption deterministic"), benchSeed.err());
    }

    @Test
    void keygenReplacesAKeyFolderAsAWholeAndNeverAnotherFolder(@TempDir Path tmp) throws IOException {
        Path photos = Files.createDirectories(tmp.resolve("photos"));
        Files.writeString(photos.resolve("holiday.jpg"), "precious");
        Outcome refused = ola(with(new String[] {"keygen", "--model", tinyModel(), "--out", photos.toString()},
                SESSION));
        assertEquals(2, refused.exitCode(), refused.out());
        assertEquals("ola keygen: error: refusing to replace " + photos + ": it holds holiday.jpg, which is not part of"
                + " an OLA-FHE key folder; choose a new or empty folder", refused.err().strip());
        assertEquals(List.of("holiday.jpg"), list(photos));

        // an earlier key folder with a file this session does not write, a half-written file, and the leftover of
        // a keygen killed midway beside it
        Path keys = Files.createDirectories(tmp.resolve("keys"));
        Files.writeString(keys.resolve("boot.keys"), "stale bootstrapping keys");
        Files.writeString(keys.resolve(".secret.key.0123456789ab.partial"), "half");
        Path killed = Files.createDirectories(tmp.resolve(".keys.new-0123456789ab"));
        Files.writeString(killed.resolve("secret.key"), "a secret key nobody uses");
        Outcome keygen = ola(with(new String[] {"keygen", "--model", tinyModel(), "--out", keys.toString()},
                SESSION));
        assertEquals(0, keygen.exitCode(), keygen.err());
        assertEquals(List.of("eval.keys", "params.ckks", "public.key", "readout.json", "secret.key", "session.json"),
                list(keys));
        assertEquals(List.of("keys", "photos"), list(tmp), "the leftover of the killed keygen is gone");
        assertTrue(keygen.out().contains("randomness : SecureRandom (CSPRNG)"), keygen.out());
    }

    @Test
    void encryptInferAndDecryptCheckTheirFilesBeforeAnyWork(@TempDir Path tmp) throws IOException {
        Path model = Files.copy(ModelFiles.onnx("tiny_resnet"), tmp.resolve("m.onnx"));
        Path keys = tmp.resolve("keys");
        assertEquals(0, ola(with(new String[] {"keygen", "--model", model.toString(), "--out", keys.toString()},
                SESSION)).exitCode());
        Path image = tmp.resolve("image.ct");
        assertEquals(0, ola("encrypt", "--keys", keys.toString(), "--out", image.toString()).exitCode());
        Files.delete(model); // whatever needs the program would now fail on the model: the checks come first

        Outcome wrongKind = ola("infer", "--keys", keys.toString(), "--in", keys.resolve("eval.keys").toString(),
                "--out", tmp.resolve("logits.ct").toString());
        assertEquals("ola infer: error: " + keys.resolve("eval.keys") + ": holds a evaluation key set, not the "
                + "ciphertext that was asked for", wrongKind.err().strip());
        Outcome outIsAFolder = ola("infer", "--keys", keys.toString(), "--in", image.toString(), "--out",
                tmp.toString());
        assertEquals("ola infer: error: refusing to write " + tmp + ": it exists and is not a regular file (a "
                + "directory); choose a file path", outIsAFolder.err().strip());
        Outcome encryptOut = ola("encrypt", "--keys", keys.toString(), "--out", image.resolve("x.ct").toString());
        assertEquals("ola encrypt: error: cannot write " + image.resolve("x.ct") + ": " + image + " is not a folder",
                encryptOut.err().strip());
        Outcome notACiphertext = ola("decrypt", "--keys", keys.toString(), "--in", keys.resolve("session.json")
                .toString());
        assertTrue(notACiphertext.err().startsWith("ola decrypt: error: " + keys.resolve("session.json")
                + ": not an OLA-FHE file"), notACiphertext.err());
        Outcome missing = ola("infer", "--keys", keys.toString(), "--in", tmp.resolve("nothing.ct").toString(),
                "--out", tmp.resolve("logits.ct").toString());
        assertEquals("ola infer: error: file not found: " + tmp.resolve("nothing.ct"), missing.err().strip());
        Outcome modelGone = ola("infer", "--keys", keys.toString(), "--in", image.toString(), "--out",
                tmp.resolve("logits.ct").toString());
        assertEquals("ola infer: error: file not found: " + model, modelGone.err().strip(),
                "with good files the model is the first problem");
    }

    private static List<String> list(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}

package dev.olafhe.cli;

import dev.olafhe.cli.OlaCli.Outcome;
import dev.olafhe.infer.LayerPolynomials;
import dev.olafhe.infer.UniformReluPlan;
import dev.olafhe.nn.Executor;
import dev.olafhe.nn.ModelFiles;
import dev.olafhe.nn.Network;
import dev.olafhe.nn.Tensor;
import dev.olafhe.nn.data.Dataset;
import dev.olafhe.nn.data.FashionMnist;
import dev.olafhe.nn.onnx.OnnxImporter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.olafhe.cli.OlaCli.ola;
import static dev.olafhe.cli.OlaCli.with;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The client/server commands on the tiny ResNet at logN 11 (INSECURE, --insecure): keygen, encrypt, infer on a
 * server directory without the secret key, decrypt; corrupt and mismatched files are refused; ola run.
 */
class InferenceCommandsTest {
    private static final String[] SESSION = {"--degree", "3", "--calibration", "100", "--logn", "11", "--insecure"};

    /**
     * The server gets session, parameters and evaluation keys; a data owner session, parameters and the public key
     * (encrypting needs no secret key); the client decrypts with its secret key and the readout, without the model.
     */
    @Test
    void clientAndServerFilesRoundTripAndBadFilesAreRefused(@TempDir Path tmp) throws Exception {
        Path model = Files.copy(ModelFiles.onnx("tiny_resnet"), tmp.resolve("tiny_resnet.onnx"));
        Path client = tmp.resolve("client");
        Outcome keygen = ola(with(new String[] {"keygen", "--model", model.toString(), "--seed", "5", "--out",
                client.toString()}, SESSION));
        assertEquals(0, keygen.exitCode(), keygen.err());
        assertTrue(keygen.out().contains("randomness : deterministic seed 5 (INSECURE, reproducible)"), keygen.out());
        assertTrue(keygen.out().contains("; deterministic keys and encryption (--seed)]"), keygen.out());
        Path server = copy(client, tmp.resolve("server"), "session.json", "params.ckks", "eval.keys");
        Path owner = copy(client, tmp.resolve("owner"), "session.json", "params.ckks", "public.key");
        int index = 4;
        Path image = tmp.resolve("image.ct");
        Path logits = tmp.resolve("logits.ct");
        Outcome encrypt = ola("encrypt", "--keys", owner.toString(), "--index", "" + index, "--out", image.toString());
        assertEquals(0, encrypt.exitCode(), encrypt.err());
        Outcome infer = ola("infer", "--keys", server.toString(), "--in", image.toString(), "--out", logits.toString());
        assertEquals(0, infer.exitCode(), infer.err());
        Files.delete(model); // decrypting reads the logits' slots from readout.json, not from the model
        Outcome decrypt = ola("decrypt", "--keys", client.toString(), "--in", logits.toString());
        assertEquals(0, decrypt.exitCode(), decrypt.err());
        Matcher m = Pattern.compile("top-1\\s+: class (\\d+)").matcher(decrypt.out());
        assertTrue(m.find(), decrypt.out());
        assertEquals(plaintextTopOne(ModelFiles.onnx("tiny_resnet"), index), Integer.parseInt(m.group(1)),
                decrypt.out());

        // one flipped byte in the ciphertext: refused, not decrypted
        byte[] bytes = Files.readAllBytes(logits);
        bytes[bytes.length / 2] ^= 0x10;
        Path corrupt = tmp.resolve("corrupt.ct");
        Files.write(corrupt, bytes);
        Outcome bad = ola("decrypt", "--keys", client.toString(), "--in", corrupt.toString());
        assertEquals(2, bad.exitCode());
        assertTrue(bad.err().contains("corrupt"), bad.err());
        // the server and the data owner have no secret key to decrypt with
        for (Path noSecret : new Path[] {server, owner}) {
            Outcome noKey = ola("decrypt", "--keys", noSecret.toString(), "--in", logits.toString());
            assertEquals(2, noKey.exitCode());
            assertEquals("ola decrypt: error: " + noSecret + " has no secret.key: decrypting needs the client's "
                    + "secret key, which only the key folder written by `ola keygen` holds (a server's copy has none)",
                    noKey.err().strip());
        }
    }

    private static Path copy(Path from, Path to, String... files) throws java.io.IOException {
        Files.createDirectories(to);
        for (String f : files) {
            Files.copy(from.resolve(f), to.resolve(f));
        }
        return to;
    }

    /** Top-1 of the plaintext model with the session's polynomials (same calibration, same degree). */
    private static int plaintextTopOne(Path model, int index) throws Exception {
        Network net = OnnxImporter.load(model);
        LayerPolynomials plan = UniformReluPlan.calibrate(net, FashionMnist.train().head(100).images(), 3, 0.1);
        Dataset test = FashionMnist.test();
        try (Executor ex = new Executor(net, 1)) {
            return ex.forward(new Tensor(1, net.inputShape(), test.images().sample(index)), plan.hooks()).argmax(0);
        }
    }

    @Test
    void dryRunEstimatesKeyMemoryAndWritesNothing(@TempDir Path tmp) {
        Path dir = tmp.resolve("keys");
        Outcome dry = ola(with(new String[] {"keygen", "--model", ModelFiles.onnx("tiny_resnet").toString(), "--dry-run",
                "--out", dir.toString()}, SESSION));
        assertEquals(0, dry.exitCode(), dry.err());
        assertTrue(dry.out().matches("(?s).*keys {7}: \\d+\\.\\d\\d GiB in memory.*66 rotation keys.*"), dry.out());
        assertTrue(!Files.exists(dir), "a dry run must not write the key directory");
    }

    /** --composite: the composite minimax ReLU baseline (14 levels per ReLU) on calibrated ranges; not with --plan. */
    @Test
    void compositeBaselineCompilesAndIsRefusedWithAPlan(@TempDir Path tmp) {
        String model = ModelFiles.onnx("tiny_resnet").toString();
        String dir = tmp.resolve("keys").toString();
        Outcome dry = ola(with(new String[] {"keygen", "--model", model, "--composite", "--dry-run", "--out", dir},
                SESSION));
        assertEquals(0, dry.exitCode(), dry.err());
        assertTrue(dry.out().contains("with composite minimax ReLU (alpha 13, degrees 15/15/27) on ranges from 100 "
                + "training images: 1024 slots, 46 levels, 0 bootstraps"), dry.out());
        Outcome both = ola(with(new String[] {"keygen", "--model", model, "--composite", "--plan",
                tmp.resolve("plan.json").toString(), "--dry-run", "--out", dir}, SESSION));
        assertEquals(2, both.exitCode(), both.out());
        assertTrue(both.err().contains("--composite and --plan exclude each other"), both.err());
    }

    @Test
    void runDoesAllFourStagesInOneProcess() {
        Outcome run = ola(with(new String[] {"run", "--model", ModelFiles.onnx("tiny_resnet").toString(), "--seed", "3",
                "--layer-errors"}, SESSION));
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("1/1 agree with the plaintext model"), run.out());
        assertTrue(run.out().contains("randomness : deterministic seed 3 (INSECURE, reproducible)"), run.out());
        assertTrue(run.out().matches("(?s).*parameters : CKKS logN=11.*\\[INSECURE/test-only: .*; deterministic keys "
                + "and encryption \\(--seed\\)].*"), run.out());
        // one line per step: index, step, levels read -> written, max abs error; every error small against the
        // plaintext model
        Matcher layer = Pattern.compile(
                "(?m)^\\s+\\d+\\s+(linear|activate|add|bootstrap).*level\\s+\\d+\\s+->\\s+\\d+\\s+(\\S+)$")
                .matcher(run.out());
        int layers = 0;
        while (layer.find()) {
            layers++;
            assertTrue(Double.parseDouble(layer.group(2)) < 1e-2, layer.group());
        }
        assertTrue(layers >= 9, "expected a line per step in\n" + run.out());
        for (String stage : new String[] {"client: keygen", "client: evaluation keys", "client: encrypt image 0",
                "server: infer image 0", "client: decrypt logits"}) {
            assertTrue(run.out().contains(stage), "missing stage " + stage + " in\n" + run.out());
        }
    }

    /**
     * ola bench on the tiny ResNet with real (INSECURE, logN 11) bootstrapping: the OLA plan and the planner's uniform
     * baseline, re-created exactly from the plan file, run encrypted on one key set; the reports agree with the run.
     */
    @Test
    void benchRunsThePlanAndItsUniformBaselineEncrypted(@TempDir Path tmp) throws Exception {
        Path model = ModelFiles.onnx("tiny_resnet");
        Path plan = model.resolveSibling("tiny_resnet.plan.json");
        Outcome bench = ola("bench", "--model", model.toString(), "--plan", plan.toString(), "--configs", "ola,uniform",
                "--bootstrapping", "logn11-insecure", "--images", "1", "--accuracy-images", "200", "--seed", "3",
                "--insecure", "--out", tmp.toString());
        assertEquals(0, bench.exitCode(), bench.err());
        assertTrue(bench.out().contains("; deterministic keys and encryption (--seed)]"), bench.out());
        com.google.gson.JsonObject json = com.google.gson.JsonParser.parseString(
                Files.readString(tmp.resolve("tiny_resnet-bench.json"))).getAsJsonObject();
        assertEquals(0.0, json.getAsJsonObject("inputs").get("refitMaxRelativeDifference").getAsDouble());
        assertTrue(json.get("parameters").getAsString().endsWith("; deterministic keys and encryption (--seed)]"),
                json.get("parameters").getAsString());
        var configs = json.getAsJsonArray("configs");
        assertEquals(2, configs.size());
        assertEquals("ola", configs.get(0).getAsJsonObject().get("name").getAsString());
        assertTrue(configs.get(1).getAsJsonObject().get("name").getAsString().startsWith("uniform-"));
        for (var c : configs) {
            var o = c.getAsJsonObject();
            assertEquals(1, o.get("agreeWithPlaintext").getAsInt(), o.toString());
            assertTrue(o.get("maxAbsLogitError").getAsDouble() < 1e-2, o.toString());
            assertTrue(o.get("bootstraps").getAsInt() > 0, o.toString());
            var image = o.getAsJsonArray("images").get(0).getAsJsonObject();
            assertEquals(o.get("medianSeconds").getAsDouble(), image.get("seconds").getAsDouble());
        }
        assertEquals(1.0, configs.get(0).getAsJsonObject().get("speedupOfOla").getAsDouble());
        // each configuration carries the plan's own prediction for it beside the measured median
        com.google.gson.JsonObject planJson = com.google.gson.JsonParser.parseString(Files.readString(plan))
                .getAsJsonObject();
        assertEquals(planJson.get("predictedSeconds").getAsDouble(),
                configs.get(0).getAsJsonObject().get("predictedSeconds").getAsDouble());
        String uniformName = configs.get(1).getAsJsonObject().get("name").getAsString();
        double uniformPredicted = java.util.stream.StreamSupport.stream(planJson.getAsJsonArray("baselines")
                        .spliterator(), false).map(b -> b.getAsJsonObject())
                .filter(b -> b.get("name").getAsString().equals(uniformName))
                .mapToDouble(b -> b.get("predictedSeconds").getAsDouble()).findFirst().orElseThrow();
        assertEquals(uniformPredicted, configs.get(1).getAsJsonObject().get("predictedSeconds").getAsDouble());
        // without --level-costs the prediction is the plan's, and the report says so
        assertTrue(configs.get(0).getAsJsonObject().get("predictionSource").getAsString()
                .startsWith("the plan's own prediction (its cost model: analytic"), configs.get(0).toString());
        assertTrue(Files.readString(tmp.resolve("tiny_resnet-bench.md")).contains("| ola |"));
        assertTrue(javax.imageio.ImageIO.read(tmp.resolve("tiny_resnet-bench.png").toFile()).getWidth() > 100);
        // --render writes the same table again from the JSON alone
        String table = Files.readString(tmp.resolve("tiny_resnet-bench.md"));
        Files.delete(tmp.resolve("tiny_resnet-bench.md"));
        Outcome render = ola("bench", "--render", tmp.resolve("tiny_resnet-bench.json").toString());
        assertEquals(0, render.exitCode(), render.err());
        assertEquals(table, Files.readString(tmp.resolve("tiny_resnet-bench.md")));
        // the composite needs 14 levels per ReLU; logN 11's 5 levels after bootstrapping are refused with the reason
        Outcome composite = ola("bench", "--model", model.toString(), "--plan", plan.toString(), "--configs",
                "composite", "--bootstrapping", "logn11-insecure", "--insecure", "--out", tmp.toString());
        assertEquals(2, composite.exitCode(), composite.out());
        assertTrue(composite.err().contains("bootstrapping leaves only 5"), composite.err());
    }
}

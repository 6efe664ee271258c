package dev.olafhe.cli;

import static dev.olafhe.cli.OlaCli.olaOutput;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.olafhe.approx.ChebyshevSeries;
import dev.olafhe.nn.Executor;
import dev.olafhe.nn.Hooks;
import dev.olafhe.nn.ModelFiles;
import dev.olafhe.nn.Network;
import dev.olafhe.nn.data.DataSpec;
import dev.olafhe.nn.data.Dataset;
import dev.olafhe.nn.onnx.OnnxImporter;
import dev.olafhe.ola.LinearDepth;
import dev.olafhe.plan.Plan;
import dev.olafhe.plan.PlanFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

class PlanCommandTest {
    @Test
    void resnetActivationsEachFollowOneLinearLevel() throws IOException {
        Network net = OnnxImporter.load(ModelFiles.onnx("resnet20"));
        int[] lin = LinearDepth.beforeActivations(net);
        assertEquals(19, lin.length);
        assertTrue(Arrays.stream(lin).allMatch(v -> v == 1), Arrays.toString(lin));
    }

    /**
     * End to end on ResNet-20 with tiny splits: the plan file reads back, its coefficients reproduce the measured
     * validation accuracy exactly, the prediction is the exact accuracy minus the chosen layers' drops, and the
     * chart is a PNG.
     */
    @Test
    void planEndToEndIsReproducibleFromTheFile(@TempDir Path dir) throws IOException {
        Path model = ModelFiles.onnx("resnet20");
        Path out = dir.resolve("r20.plan.json");
        String text = olaOutput("plan", "--model", model.toString(), "--calibration", "32", "--validation", "32",
                "--degrees", "7,31", "--budget", "10%", "--bins", "50", "--replans", "1", "--test", "40",
                "--impact-images", "16", "--out", out.toString());
        assertTrue(text.contains("validation top-1") && text.contains("test set (held out)"), text);
        Plan p = PlanFile.read(out);
        assertEquals(19, p.layers().size());
        assertEquals(PlanFile.VERSION, p.version());
        int[] chosen = p.layers().stream().mapToInt(Plan.Layer::degree).toArray();
        Plan.Attempt a = p.attempts().stream().filter(t -> Arrays.equals(t.degrees(), chosen)).findFirst().orElseThrow();
        assertEquals(p.accuracy().plaintextValidation() - a.predictedDrop(), p.accuracy().predictedValidation(), 1e-12);
        assertEquals(p.accuracy().plaintextValidation() - a.measuredDrop(), p.accuracy().measuredValidation(), 1e-12);
        double proxy = p.layers().stream()
                .mapToDouble(l -> Math.max(0, Math.max(l.deltaTop1(), a.logitMseScale() * l.deltaLogitMse()))).sum();
        assertEquals(a.predictedDrop(), proxy, 1e-12);
        if (!p.provenance().containsKey("planIsBaseline")) { // a DP solution: within its budget
            assertTrue(a.predictedDrop() <= a.dpBudget() + 1e-12);
        }

        Network net = OnnxImporter.load(model);
        Dataset train = DataSpec.resolve(p.data().spec(), "train", p.data().seed(), 0, 0);
        Dataset val = train.split(p.data().seed(), p.data().calibrationImages(), p.data().validationImages())
                .validation();
        Hooks h = Hooks.create();
        for (Plan.Layer l : p.layers()) {
            ChebyshevSeries s = new ChebyshevSeries(l.interval()[0], l.interval()[1], l.coefficients());
            h.replace(l.index(), s::evaluate);
        }
        try (Executor ex = new Executor(net)) {
            assertEquals(p.accuracy().measuredValidation(),
                    ex.evaluate(val, 250, h, "validation", dev.olafhe.util.ProgressListener.NONE).accuracy(), 1e-15);
        }
        // the held-out report: paired with the exact model on the same 40 test images
        Plan.HeldOut held = p.accuracy().test();
        assertEquals(40, held.images());
        assertEquals(p.accuracy().plaintextTest() - p.accuracy().measuredTest(), held.drop(), 1e-12);
        assertTrue(held.dropUpperBound() >= held.drop() && held.nonFiniteLogits() >= 0
                && held.outOfIntervalShare() >= 0 && held.outOfIntervalShare() <= 1, held.toString());
        assertEquals(16, p.data().impactImages());
        assertEquals(16, p.impact().images());
        assertEquals(a.margin(), p.accuracy().acceptanceMargin(), 1e-15);
        BufferedImage png = ImageIO.read(dir.resolve("r20.plan.png").toFile());
        assertTrue(png.getWidth() > 100 && png.getHeight() > 100);
        assertTrue(Files.readString(dir.resolve("r20.plan.md")).contains("ola plan --model " + model));
    }

    /** The plan is never worse than a verified uniform baseline: not slower than one within the budget, nor over it. */
    @Test
    void planIsNoWorseThanAVerifiedUniformBaseline(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("tiny.plan.json");
        olaOutput("plan", "--model", ModelFiles.onnx("tiny_resnet").toString(), "--calibration", "300",
                "--validation", "200", "--degrees", "3,5,7,11,15", "--budget", "3%", "--threads", "1", "--out",
                out.toString());
        Plan p = PlanFile.read(out);
        boolean someBaselineMeets = false;
        for (Plan.Baseline b : p.baselines()) {
            if (b.name().startsWith("uniform-") && b.meetsBudget()) {
                someBaselineMeets = true;
                assertTrue(p.predictedSeconds() <= b.predictedSeconds() + 1e-9, b + " is cheaper than the plan");
            }
        }
        assertTrue(someBaselineMeets, "the test needs a baseline within the budget");
        double drop = p.accuracy().plaintextValidation() - p.accuracy().measuredValidation();
        // accepted as the planner accepts: measured drop plus its statistical margin, every logit finite
        assertTrue(drop + p.accuracy().acceptanceMargin() <= p.budget().value() + 1e-12, "measured drop " + drop
                + " + margin " + p.accuracy().acceptanceMargin());
        assertEquals(0, p.accuracy().validationNonFinite());
    }

    /**
     * With --level-costs the DP prices every step at the level it runs at: the plan says so, its layers' seconds
     * (linear steps, polynomial, bootstrap) add up to its prediction less the tail, its bootstraps leave every segment
     * within the levels a bootstrap leaves, and the compiled program placed and priced by the same costs has its
     * bootstraps and its seconds.
     */
    @Test
    void levelCostsPriceTheDpAtTheLevelsTheRuntimeUses(@TempDir Path dir) throws IOException {
        Path costs = dir.resolve("costs.json");
        dev.olafhe.infer.CalibrationTest.handMade(true).write(costs);
        Path out = dir.resolve("tiny.plan.json");
        olaOutput("plan", "--model", ModelFiles.onnx("tiny_resnet").toString(), "--calibration", "300",
                "--validation", "200", "--degrees", "3,5,7,11,15", "--budget", "3%", "--threads", "1",
                "--level-costs", costs.toString(), "--out", out.toString());
        Plan p = PlanFile.read(out);
        assertTrue(p.solver().kind().startsWith("level-priced DP"), p.solver().kind());
        assertTrue(p.costModel().description().startsWith("measured level costs " + costs), p.costModel().description());
        assertEquals(5, p.costModel().levelsAfterBootstrap(), "logn11-insecure leaves 5 levels");
        double layers = p.layers().stream().mapToDouble(Plan.Layer::seconds).sum();
        assertTrue(layers > 0 && layers < p.predictedSeconds(), layers + " vs " + p.predictedSeconds());
        int need = 0;
        for (int l = p.layers().size() - 1; l >= 0; l--) {
            Plan.Layer layer = p.layers().get(l);
            need += layer.linearDepthBefore() + layer.depth();
            assertTrue(need <= 5, "segment before layer " + l + " needs " + need + " levels");
            need = layer.bootstrapBefore() ? 0 : need;
        }
        // the DP is the runtime's placement over the compiled program: same bootstraps, same seconds
        double program = (Double) p.provenance().get("measuredPredictedSeconds");
        long bootstraps = p.layers().stream().filter(Plan.Layer::bootstrapBefore).count();
        assertEquals(bootstraps, ((Number) p.provenance().get("measuredBootstraps")).longValue(), "bootstraps");
        assertEquals(1, program / p.predictedSeconds(), 1e-9, "program " + program + " vs DP " + p.predictedSeconds());
    }
}

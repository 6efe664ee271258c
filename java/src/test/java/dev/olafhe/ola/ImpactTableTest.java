package dev.olafhe.ola;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.olafhe.nn.Executor;
import dev.olafhe.nn.Hooks;
import dev.olafhe.nn.ModelFiles;
import dev.olafhe.nn.Network;
import dev.olafhe.nn.Tensor;
import dev.olafhe.nn.data.DataSpec;
import dev.olafhe.nn.data.Dataset;
import dev.olafhe.nn.onnx.OnnxImporter;
import dev.olafhe.util.ProgressListener;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;

/** The impact table's suffix recomputation agrees with full forward passes, and profiles cover the inputs. */
class ImpactTableTest {
    @Test
    void suffixRecomputationMatchesFullForwardPasses() throws IOException {
        Network net = OnnxImporter.load(ModelFiles.onnx("resnet20"));
        Dataset.Split split = DataSpec.resolve("fashion-mnist", "train", 5, 0, 0).split(5, 48, 40);
        int[] degrees = {3, 15};
        try (Executor ex = new Executor(net)) {
            List<ActivationProfile> profiles = Profiler.profile(ex, split.calibration(), 24, 64, 0.05, 2,
                    ProgressListener.NONE);
            assertEquals(net.numActivations(), profiles.size());
            for (ActivationProfile p : profiles) {
                assertTrue(p.a() < p.min() && p.b() > p.max(), "interval covers the calibration range");
                assertEquals(p.count(), java.util.Arrays.stream(p.histogram()).sum());
            }
            Candidate[][] cands = CandidateFitter.fit(profiles, degrees, ActivationProfile.WeightKind.HISTOGRAM, 1,
                    CandidateFitter.DEFAULT_FLOOR);
            ImpactTable t = ImpactTable.measure(ex, split.validation(), profiles, cands, degrees,
                    ProgressListener.NONE);
            Tensor images = split.validation().images();
            Tensor exact = ex.forward(images);
            int exactCorrect = ImpactTable.correct(exact, split.validation().labels());
            assertEquals(exactCorrect / 40.0, t.exactAccuracy(), 1e-15);
            for (int l : new int[] {0, 7, profiles.size() - 1}) {
                for (int k = 0; k < degrees.length; k++) {
                    Tensor full = ex.forward(images, Hooks.create().replace(l, cands[l][k].series()::evaluate));
                    double drop = (exactCorrect - ImpactTable.correct(full, split.validation().labels())) / 40.0;
                    assertEquals(drop, t.top1Drop()[l][k], 1e-15, "layer " + l + " degree " + degrees[k]);
                    assertEquals(ImpactTable.meanSquaredError(full, exact), t.logitMse()[l][k],
                            1e-9 * (1 + t.logitMse()[l][k]), "logit MSE, layer " + l);
                }
            }
        }
    }
}

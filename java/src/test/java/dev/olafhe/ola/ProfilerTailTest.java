package dev.olafhe.ola;

import dev.olafhe.nn.Executor;
import dev.olafhe.nn.Hooks;
import dev.olafhe.nn.ModelFiles;
import dev.olafhe.nn.Network;
import dev.olafhe.nn.data.DataSpec;
import dev.olafhe.nn.data.Dataset;
import dev.olafhe.nn.onnx.OnnxImporter;
import dev.olafhe.util.ProgressListener;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Intervals are the calibration range + margin x width + tail x the spread of the 10 most extreme inputs. */
class ProfilerTailTest {
    @Test
    void intervalsWidenByTheTailSpreadOnEachSide() throws IOException {
        Network net = OnnxImporter.load(ModelFiles.onnx("resnet20"));
        Dataset calibration = DataSpec.resolve("fashion-mnist", "train", 5, 0, 0).split(5, 40, 0).calibration();
        try (Executor ex = new Executor(net)) {
            List<ActivationProfile> plain = Profiler.profile(ex, calibration, 20, 32, 0.05, 0, ProgressListener.NONE);
            List<ActivationProfile> tailed = Profiler.profile(ex, calibration, 20, 32, 0.05, 2, ProgressListener.NONE);
            TailObserver[] tails = new TailObserver[net.numActivations()];
            Hooks h = Hooks.create();
            for (int i = 0; i < tails.length; i++) {
                tails[i] = new TailObserver(TailObserver.DEFAULT_K);
                h.observe(i, tails[i]);
            }
            ex.forward(calibration.images(), h);
            for (int i = 0; i < tails.length; i++) {
                ActivationProfile p = plain.get(i);
                ActivationProfile t = tailed.get(i);
                double w = p.max() - p.min();
                assertEquals(p.min() - 0.05 * w, p.a(), 1e-12 * (1 + w));
                assertEquals(p.max() + 0.05 * w, p.b(), 1e-12 * (1 + w));
                assertEquals(p.min(), tails[i].lowest()[0], 0, "layer " + i);
                assertEquals(p.max(), tails[i].highest()[0], 0, "layer " + i);
                assertEquals(p.a() - 2 * tails[i].lowSpread(), t.a(), 1e-12 * (1 + w), "layer " + i);
                assertEquals(p.b() + 2 * tails[i].highSpread(), t.b(), 1e-12 * (1 + w), "layer " + i);
                assertTrue(tails[i].lowSpread() > 0 && tails[i].highSpread() > 0, "layer " + i);
            }
        }
    }
}

package dev.olafhe.ola;

import dev.olafhe.nn.ActivationStats;
import dev.olafhe.nn.Executor;
import dev.olafhe.nn.Hooks;
import dev.olafhe.nn.Network;
import dev.olafhe.nn.Node;
import dev.olafhe.nn.Op;
import dev.olafhe.nn.data.Dataset;
import dev.olafhe.util.Progress;

import java.util.ArrayList;
import java.util.List;

/**
 * Step 1 of the method: two exact passes over the calibration split, the first for each activation layer's range,
 * the second for its histogram over exactly that range.
 */
public final class Profiler {
    private Profiler() {
    }

    public static List<ActivationProfile> profile(Executor ex, Dataset calibration, int batch, int bins, double margin) {
        Network net = ex.network();
        int layers = net.numActivations();
        if (layers == 0) {
            throw new IllegalArgumentException(net.name() + " has no activation layers to approximate");
        }
        ActivationStats[] range = new ActivationStats[layers];
        Hooks pass1 = Hooks.create();
        for (int i = 0; i < layers; i++) {
            range[i] = ActivationStats.minMaxOnly();
            pass1.observe(i, range[i]);
        }
        ex.evaluate(calibration, batch, pass1, "profile 1/2 (range)", Progress::new);
        ActivationStats[] hist = new ActivationStats[layers];
        Hooks pass2 = Hooks.create();
        for (int i = 0; i < layers; i++) {
            double lo = range[i].min();
            double hi = range[i].max();
            if (range[i].count() == 0 || !(hi > lo)) {
                throw new IllegalStateException("activation " + i + " (" + net.activation(i).name() + ") saw no"
                        + " spread of finite inputs on the calibration split; cannot fit a polynomial to it");
            }
            hist[i] = new ActivationStats(lo, hi, bins);
            pass2.observe(i, hist[i]);
        }
        ex.evaluate(calibration, batch, pass2, "profile 2/2 (histograms)", Progress::new);
        List<ActivationProfile> out = new ArrayList<>();
        for (int i = 0; i < layers; i++) {
            Node node = net.activation(i);
            ActivationStats s = hist[i];
            double w = s.max() - s.min();
            out.add(new ActivationProfile(i, node.name(), ((Op.Activation) node.op()).kind(), node.shape().size(),
                    s.count(), s.min(), s.max(), s.mean(), s.std(), s.lo(), s.hi(), s.histogram(),
                    s.min() - margin * w, s.max() + margin * w));
        }
        return out;
    }
}

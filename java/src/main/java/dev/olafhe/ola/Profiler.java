package dev.olafhe.ola;

import dev.olafhe.nn.ActivationStats;
import dev.olafhe.nn.Executor;
import dev.olafhe.nn.Hooks;
import dev.olafhe.nn.Network;
import dev.olafhe.nn.Node;
import dev.olafhe.nn.Op;
import dev.olafhe.nn.data.Dataset;
import dev.olafhe.util.ProgressListener;

import java.util.ArrayList;
import java.util.List;

/**
 * Step 1 of the method: two exact passes over a split, the first for each activation layer's range, the second for
 * its histogram over exactly that range. {@link #profile} turns them into the planner's {@link ActivationProfile}s;
 * {@link #histograms} is the raw statistics `ola profile` writes.
 */
public final class Profiler {
    /** Width given to a layer whose inputs never spread (a histogram needs lo < hi). */
    static final double NO_SPREAD_WIDTH = 1e-6;

    private Profiler() {
    }

    /** Each activation layer's input statistics (histogram over its observed range) and the top-1 accuracy. */
    public record Histograms(List<ActivationStats> layers, Executor.EvalResult evaluation) {
    }

    /**
     * The planner's profiles: each layer's histogram and its interval, the observed range widened by
     * {@code margin} of its width on both sides and, on each side, by {@code tail} times the spread of the
     * {@value TailObserver#DEFAULT_K} most extreme inputs on that side ({@link TailObserver}): a layer with thin,
     * long tails gets more room where held-out inputs are likely to fall outside the calibration range.
     *
     * @throws IllegalStateException when a layer saw no spread of finite inputs (no polynomial can be fitted)
     */
    public static List<ActivationProfile> profile(Executor ex, Dataset calibration, int batch, int bins, double margin,
                                                  double tail, ProgressListener progress) {
        Network net = ex.network();
        int layers = net.numActivations();
        if (layers == 0) {
            throw new IllegalArgumentException(net.name() + " has no activation layers to approximate");
        }
        TailObserver[] tails = new TailObserver[layers];
        for (int i = 0; i < layers; i++) {
            tails[i] = new TailObserver(TailObserver.DEFAULT_K);
        }
        ActivationStats[] range = ranges(ex, calibration, batch, tails, progress);
        for (int i = 0; i < layers; i++) {
            if (range[i].count() == 0 || !(range[i].max() > range[i].min())) {
                throw new IllegalStateException("activation " + i + " (" + net.activation(i).name() + ") saw no"
                        + " spread of finite inputs on the calibration split; cannot fit a polynomial to it");
            }
        }
        List<ActivationStats> hist = histograms(ex, calibration, batch, range, bins, progress).layers();
        List<ActivationProfile> out = new ArrayList<>();
        for (int i = 0; i < layers; i++) {
            Node node = net.activation(i);
            ActivationStats s = hist.get(i);
            double w = s.max() - s.min();
            out.add(new ActivationProfile(i, node.name(), ((Op.Activation) node.op()).kind(), node.shape().size(),
                    s.count(), s.min(), s.max(), s.mean(), s.std(), s.lo(), s.hi(), s.histogram(),
                    s.min() - margin * w - tail * tails[i].lowSpread(),
                    s.max() + margin * w + tail * tails[i].highSpread()));
        }
        return out;
    }

    /** Both passes; a layer whose inputs never spread is histogrammed over [v, v + {@value #NO_SPREAD_WIDTH}]. */
    public static Histograms histograms(Executor ex, Dataset data, int batch, int bins, ProgressListener progress) {
        return histograms(ex, data, batch, ranges(ex, data, batch, null, progress), bins, progress);
    }

    /** Pass 1: each layer's observed input range (and its extreme inputs, when {@code tails} is not null). */
    private static ActivationStats[] ranges(Executor ex, Dataset data, int batch, TailObserver[] tails,
                                            ProgressListener progress) {
        int layers = ex.network().numActivations();
        ActivationStats[] range = new ActivationStats[layers];
        Hooks pass1 = Hooks.create();
        for (int i = 0; i < layers; i++) {
            range[i] = ActivationStats.minMaxOnly();
            pass1.observe(i, range[i]);
            if (tails != null) {
                pass1.observe(i, tails[i]);
            }
        }
        ex.evaluate(data, batch, pass1, "profile 1/2 (range)", progress);
        return range;
    }

    /** Pass 2: each layer's histogram of {@code bins} bins over its range from pass 1. */
    private static Histograms histograms(Executor ex, Dataset data, int batch, ActivationStats[] range, int bins,
                                         ProgressListener progress) {
        List<ActivationStats> hist = new ArrayList<>();
        Hooks pass2 = Hooks.create();
        for (int i = 0; i < range.length; i++) {
            double lo = range[i].min();
            double hi = range[i].max();
            hist.add(new ActivationStats(lo, hi > lo ? hi : lo + NO_SPREAD_WIDTH, bins));
            pass2.observe(i, hist.get(i));
        }
        return new Histograms(hist, ex.evaluate(data, batch, pass2, "profile 2/2 (histograms)", progress));
    }
}

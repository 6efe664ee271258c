package dev.olafhe.ola;

import dev.olafhe.nn.ActivationStats;
import dev.olafhe.nn.Checkpoint;
import dev.olafhe.nn.Executor;
import dev.olafhe.nn.Hooks;
import dev.olafhe.nn.Tensor;
import dev.olafhe.nn.data.Dataset;
import dev.olafhe.util.ProgressListener;

import java.util.List;

/**
 * Step 3: the accuracy side. For every layer l and degree d, only layer l is replaced by p_{l,d} and the first
 * images of the validation split (the impact images) are re-run, in chunks, from a cached exact checkpoint just
 * before l (only the suffix is recomputed; the executor splits the batch across its worker threads). Records the top-1 drop against the exact model and the
 * mean squared logit error. Also measures, in the exact pass, each layer's validation inputs outside [a, b].
 *
 * @param top1Drop          [l][k]: exact top-1 minus top-1 with layer l at degrees[k] (may be negative: noise)
 * @param logitMse          [l][k]: mean over images and classes of (logit - exact logit)^2
 * @param outOfIntervalRate [l]: fraction of validation inputs of layer l outside its interval
 */
public record ImpactTable(int[] degrees, double[][] top1Drop, double[][] logitMse, double exactAccuracy, int images,
                          double[] outOfIntervalRate) {
    /** Layers whose checkpoints are held in memory at once (bounds memory on deep networks). */
    static final int LAYERS_PER_PASS = 8;

    /** Images per chunk: the checkpoints of {@link #LAYERS_PER_PASS} layers are held for this many images. */
    static final int CHUNK_IMAGES = 500;

    /**
     * Runs the table on {@code images} (the first images of the validation split), {@value #CHUNK_IMAGES} at a time;
     * the (layer, degree) pairs done are reported to {@code progress} as one task.
     */
    public static ImpactTable measure(Executor ex, Dataset images, List<ActivationProfile> profiles,
                                      Candidate[][] candidates, int[] degrees, ProgressListener progress) {
        int layers = profiles.size();
        ActivationStats[] inside = new ActivationStats[layers];
        Hooks observe = Hooks.create();
        for (ActivationProfile p : profiles) {
            inside[p.index()] = new ActivationStats(p.a(), p.b(), 1);
            observe.observe(p.index(), inside[p.index()]);
        }
        int n = images.size();
        int[] wrong = new int[1]; // exact top-1 errors
        long[][] lost = new long[layers][degrees.length];
        double[][] sq = new double[layers][degrees.length];
        try (ProgressListener.Task task = progress.start("impact table (" + layers + " layers x " + degrees.length
                + " degrees, " + n + " images)", (long) layers * degrees.length * n)) {
            for (int from = 0; from < n; from += CHUNK_IMAGES) {
                Dataset chunk = images.subset(images.name(), range(from, Math.min(n, from + CHUNK_IMAGES)));
                chunk(ex, chunk, observe, candidates, wrong, lost, sq, task);
            }
        }
        double[] out = new double[layers];
        double[][] drop = new double[layers][degrees.length];
        double[][] mse = new double[layers][degrees.length];
        for (int l = 0; l < layers; l++) {
            out[l] = inside[l].outOfRangeFraction();
            for (int k = 0; k < degrees.length; k++) {
                drop[l][k] = lost[l][k] / (double) n;
                mse[l][k] = sq[l][k] / n;
            }
        }
        return new ImpactTable(degrees.clone(), drop, mse, (n - wrong[0]) / (double) n, n, out);
    }

    /**
     * One chunk of images: adds its exact top-1 errors to {@code wrong[0]}, each (layer, degree)'s net lost images
     * to {@code lost} and its summed per-image mean squared logit error to {@code sq}.
     */
    private static void chunk(Executor ex, Dataset chunk, Hooks observe, Candidate[][] candidates, int[] wrong,
                              long[][] lost, double[][] sq, ProgressListener.Task task) {
        int layers = candidates.length;
        Tensor images = chunk.images();
        Tensor exact = ex.forward(images, observe);
        int exactCorrect = correct(exact, chunk.labels());
        wrong[0] += chunk.size() - exactCorrect;
        for (int from = 0; from < layers; from += LAYERS_PER_PASS) {
            int to = Math.min(layers, from + LAYERS_PER_PASS);
            int[] idx = range(from, to);
            Checkpoint[] cps = ex.checkpoints(images, idx);
            for (int i = 0; i < idx.length; i++) {
                int l = idx[i];
                for (int k = 0; k < candidates[l].length; k++) {
                    Tensor logits = ex.forwardFrom(cps[i], l, new SeriesFunction(candidates[l][k].series()));
                    lost[l][k] += exactCorrect - correct(logits, chunk.labels());
                    sq[l][k] += meanSquaredError(logits, exact) * chunk.size();
                    task.step(chunk.size());
                }
                cps[i] = null; // release this layer's cached activations
            }
        }
    }

    private static int[] range(int from, int to) {
        int[] idx = new int[to - from];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = from + i;
        }
        return idx;
    }

    static int correct(Tensor logits, int[] labels) {
        int c = 0;
        for (int i = 0; i < logits.n; i++) {
            if (logits.argmax(i) == labels[i]) {
                c++;
            }
        }
        return c;
    }

    /** Mean squared difference; non-finite logits (a polynomial blown up far outside its interval) count as +inf. */
    static double meanSquaredError(Tensor a, Tensor b) {
        double s = 0;
        for (int i = 0; i < a.data.length; i++) {
            double d = (double) a.data[i] - b.data[i];
            s += d * d;
        }
        double m = s / a.data.length;
        return Double.isNaN(m) ? Double.POSITIVE_INFINITY : m;
    }
}

package dev.olafhe.nn;

import dev.olafhe.nn.data.Dataset;
import dev.olafhe.util.ProgressListener;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.DoubleUnaryOperator;

/**
 * Fast plaintext executor of a {@link Network}: float32, batched, multi-threaded (a batch is split into
 * sub-batches that worker threads push through the whole network; convolutions are im2col + blocked GEMM).
 *
 * <p>What the planner uses:
 * <ul>
 *   <li>{@link #forward(Tensor)} / {@link #forward(Tensor, Hooks)}: logits of a batch, exact or with some
 *       activation layers replaced ({@link Hooks#replace}) and/or their inputs observed
 *       ({@link Hooks#observe}, e.g. with {@link ActivationStats}).</li>
 *   <li>{@link #checkpoint(Tensor, int)}: run the exact prefix up to activation layer l and keep what the
 *       suffix needs ({@link Checkpoint#activationInput} is the input tensor of layer l);
 *       {@link #checkpoints(Tensor, int...)} captures several layers in one exact pass.</li>
 *   <li>{@link #forwardFrom(Checkpoint, Hooks)} / {@link #forwardFrom(Checkpoint, int, DoubleUnaryOperator)}:
 *       recompute only the suffix from layer l with replacements (at l, or any later layer); the prefix is not
 *       recomputed. Replacing or observing a layer before l is refused (it would be silently ignored).</li>
 * </ul>
 * One executor may be used from one thread at a time; it owns a worker pool, so close it.
 */
public final class Executor implements AutoCloseable {
    private final Network net;
    private final int threads;
    private final ExecutorService pool;

    public Executor(Network net) {
        this(net, Runtime.getRuntime().availableProcessors());
    }

    public Executor(Network net, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1");
        }
        this.net = net;
        this.threads = threads;
        this.pool = threads == 1 ? null : Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "olafhe-nn-worker");
            t.setDaemon(true);
            return t;
        });
    }

    public Network network() {
        return net;
    }

    public int threads() {
        return threads;
    }

    /**
     * Which GEMM the convolutions use: "vector-api" (JVM started with {@code --add-modules jdk.incubator.vector}) or
     * "scalar" (several times slower); worth printing next to any speed figure.
     */
    public static String gemmImplementation() {
        return Kernels.gemmImplementation();
    }

    /** Exact logits of the batch. */
    public Tensor forward(Tensor input) {
        return forward(input, Hooks.NONE);
    }

    /** Logits with the given replacements / observers. */
    public Tensor forward(Tensor input, Hooks hooks) {
        checkInput(input);
        hooks.validate(net);
        List<Tensor> outs = parallel(input.n, (from, to) -> {
            Tensor[] vals = new Tensor[net.nodes().size()];
            vals[0] = input.slice(from, to);
            return run(vals, 1, hooks, null, null, Integer.MAX_VALUE);
        });
        return Tensor.concat(outs.toArray(new Tensor[0]));
    }

    /** The exact state just before activation layer {@code activationIndex} (only the prefix is computed). */
    public Checkpoint checkpoint(Tensor input, int activationIndex) {
        return checkpoints(input, activationIndex)[0];
    }

    /**
     * Exact checkpoints before each of the given activation layers, from one forward pass that stops after the
     * last requested layer. Memory: each checkpoint holds its live tensors for the whole batch.
     */
    public Checkpoint[] checkpoints(Tensor input, int... activationIndices) {
        checkInput(input);
        if (activationIndices.length == 0) {
            throw new IllegalArgumentException("no activation index given");
        }
        int[] nodeIds = new int[activationIndices.length];
        int stop = 0;
        for (int i = 0; i < nodeIds.length; i++) {
            nodeIds[i] = net.activation(activationIndices[i]).id();
            stop = Math.max(stop, nodeIds[i]);
        }
        final int stopAt = stop;
        List<Tensor[][]> parts = parallel(input.n, (from, to) -> {
            Tensor[] vals = new Tensor[net.nodes().size()];
            vals[0] = input.slice(from, to);
            Tensor[][] captured = new Tensor[nodeIds.length][];
            run(vals, 1, Hooks.NONE, nodeIds, captured, stopAt);
            return captured;
        });
        Checkpoint[] out = new Checkpoint[nodeIds.length];
        for (int k = 0; k < nodeIds.length; k++) {
            int[] live = net.liveBefore(nodeIds[k]);
            Tensor[] v = new Tensor[live.length];
            for (int j = 0; j < live.length; j++) {
                Tensor[] chunks = new Tensor[parts.size()];
                for (int p = 0; p < chunks.length; p++) {
                    chunks[p] = parts.get(p)[k][j];
                }
                v[j] = Tensor.concat(chunks);
            }
            out[k] = new Checkpoint(activationIndices[k], nodeIds[k], live, v);
        }
        return out;
    }

    /** Logits recomputed from the checkpoint with only layer {@code activationIndex} of it replaced by {@code f}. */
    public Tensor forwardFrom(Checkpoint cp, int activationIndex, DoubleUnaryOperator f) {
        if (activationIndex != cp.activationIndex()) {
            throw new IllegalArgumentException("checkpoint is at activation " + cp.activationIndex() + ", not "
                    + activationIndex);
        }
        return forwardFrom(cp, Hooks.create().replace(activationIndex, f));
    }

    /**
     * Logits recomputed from the checkpoint: nodes from the checkpoint's activation layer to the end run with the
     * given hooks (replacements/observers at that layer or later ones; earlier ones are refused).
     */
    public Tensor forwardFrom(Checkpoint cp, Hooks hooks) {
        hooks.validate(net);
        if (hooks.firstHookedIndex() < cp.activationIndex()) {
            throw new IllegalArgumentException("hooks address activation " + hooks.firstHookedIndex()
                    + ", before the checkpoint's layer " + cp.activationIndex() + "; they would have no effect");
        }
        List<Tensor> outs = parallel(cp.batchSize(), (from, to) -> {
            Checkpoint part = cp.slice(from, to);
            Tensor[] vals = new Tensor[net.nodes().size()];
            for (int i = 0; i < part.liveIds().length; i++) {
                vals[part.liveIds()[i]] = part.values()[i];
            }
            return run(vals, cp.nodeId(), hooks, null, null, Integer.MAX_VALUE);
        });
        return Tensor.concat(outs.toArray(new Tensor[0]));
    }

    /**
     * Top-1 accuracy on a data set, batch by batch; the images done are reported to {@code progress} as one task
     * called {@code label}.
     */
    public EvalResult evaluate(Dataset data, int batchSize, Hooks hooks, String label, ProgressListener progress) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
        }
        long t0 = System.nanoTime();
        int correct = 0;
        try (ProgressListener.Task task = progress.start(label, data.size())) {
            for (int from = 0; from < data.size(); from += batchSize) {
                int to = Math.min(data.size(), from + batchSize);
                Tensor logits = forward(data.batch(from, to), hooks);
                for (int i = 0; i < logits.n; i++) {
                    if (logits.argmax(i) == data.labels()[from + i]) {
                        correct++;
                    }
                }
                task.step(to - from);
            }
        }
        return new EvalResult(correct, data.size(), (System.nanoTime() - t0) / 1e9);
    }

    /** Result of {@link #evaluate}. */
    public record EvalResult(int correct, int total, double seconds) {
        public double accuracy() {
            return total == 0 ? Double.NaN : (double) correct / total;
        }

        public double imagesPerSecond() {
            return total / seconds;
        }
    }

    private void checkInput(Tensor input) {
        if (!input.shape.equals(net.inputShape())) {
            throw new IllegalArgumentException(net.name() + " expects input " + net.inputShape() + ", got "
                    + input.shape);
        }
    }

    private interface ChunkTask<T> {
        T run(int from, int to);
    }

    /** Splits [0, n) into contiguous chunks, runs them on the pool, returns results in order. */
    private <T> List<T> parallel(int n, ChunkTask<T> task) {
        int chunks = Math.max(1, Math.min(n, threads));
        List<T> results = new ArrayList<>(chunks);
        if (chunks == 1 || pool == null) {
            results.add(task.run(0, n));
            return results;
        }
        List<Callable<T>> calls = new ArrayList<>();
        for (int c = 0; c < chunks; c++) {
            int from = (int) ((long) n * c / chunks);
            int to = (int) ((long) n * (c + 1) / chunks);
            calls.add(() -> task.run(from, to));
        }
        try {
            for (Future<T> f : pool.invokeAll(calls)) {
                results.add(f.get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException re) {
                throw re;
            }
            if (c instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(c);
        }
        return results;
    }

    /**
     * Runs nodes {@code from..min(stopAt, last)} on one sub-batch. {@code vals} holds the preset values.
     * Before executing a node listed in {@code captureNodes}, a snapshot of its live set is stored in
     * {@code captured}. Returns the output value (or null if stopped early).
     */
    private Tensor run(Tensor[] vals, int from, Hooks hooks, int[] captureNodes, Tensor[][] captured, int stopAt) {
        List<Node> nodes = net.nodes();
        int last = nodes.size() - 1;
        for (int id = from; id <= last; id++) {
            if (captureNodes != null) {
                for (int k = 0; k < captureNodes.length; k++) {
                    if (captureNodes[k] == id) {
                        int[] live = net.liveBefore(id);
                        captured[k] = new Tensor[live.length];
                        for (int j = 0; j < live.length; j++) {
                            captured[k][j] = vals[live[j]];
                        }
                    }
                }
            }
            if (id >= stopAt) {
                return null;
            }
            Node node = nodes.get(id);
            vals[id] = compute(node, vals, hooks);
            for (int in : node.inputs()) {
                if (net.lastUse(in) <= id) {
                    vals[in] = null; // free early; captured snapshots keep their own references
                }
            }
        }
        return vals[last];
    }

    private Tensor compute(Node node, Tensor[] vals, Hooks hooks) {
        Op op = node.op();
        Tensor x = vals[node.inputs()[0]];
        if (x == null) {
            throw new IllegalStateException("value of node " + node.inputs()[0] + " needed by " + node + " is missing");
        }
        if (op instanceof Op.Conv2d c) {
            return ConvKernels.conv(c, x, node.shape());
        } else if (op instanceof Op.Activation a) {
            return activation(a, x, hooks);
        } else if (op instanceof Op.Add) {
            return Kernels.add(x, vals[node.inputs()[1]]);
        } else if (op instanceof Op.ChannelAffine a) {
            return Kernels.channelAffine(a, x);
        } else if (op instanceof Op.Linear l) {
            return Kernels.linear(l, x, node.shape());
        } else if (op instanceof Op.GlobalAvgPool) {
            return Kernels.globalAvgPool(x, node.shape());
        } else if (op instanceof Op.AvgPool p) {
            return Kernels.avgPool(p, x, node.shape());
        } else if (op instanceof Op.Flatten) {
            return Kernels.flatten(x, node.shape());
        } else if (op instanceof Op.LayerNorm ln) {
            return Kernels.layerNorm(ln, x);
        } else if (op instanceof Op.StridedSlice s) {
            return Kernels.stridedSlice(s, x, node.shape());
        } else if (op instanceof Op.ChannelPad p) {
            return Kernels.channelPad(p, x, node.shape());
        } else if (op instanceof Op.Concat) {
            Tensor[] parts = Arrays.stream(node.inputs()).mapToObj(i -> vals[i]).toArray(Tensor[]::new);
            return Kernels.concat(parts, node.shape());
        }
        throw new IllegalStateException("executor has no kernel for " + op.type() + " (node " + node + ")");
    }

    private static Tensor activation(Op.Activation a, Tensor x, Hooks hooks) {
        int idx = a.index();
        if (hooks.hasObservers(idx)) {
            hooks.notify(idx, x.data, 0, x.data.length);
        }
        float[] in = x.data;
        float[] out = new float[in.length];
        DoubleUnaryOperator f = hooks.replacement(idx);
        if (f instanceof ArrayFunction af) {
            af.apply(in, out, in.length);
        } else if (f != null) {
            for (int i = 0; i < in.length; i++) {
                out[i] = (float) f.applyAsDouble(in[i]);
            }
        } else if (a.kind() == ActivationKind.RELU) {
            for (int i = 0; i < in.length; i++) {
                out[i] = Math.max(in[i], 0f);
            }
        } else if (a.kind() == ActivationKind.GELU) {
            // float-accurate fast erf; ActivationKind.GELU.apply is the 1e-15 reference
            Kernels.gelu(in, out, in.length);
        } else {
            ActivationKind k = a.kind();
            for (int i = 0; i < in.length; i++) {
                out[i] = (float) k.apply(in[i]);
            }
        }
        return new Tensor(x.n, x.shape, out);
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }
}

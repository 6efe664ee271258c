package dev.olafhe.nn;

import dev.olafhe.nn.data.Dataset;
import dev.olafhe.nn.data.FashionMnist;
import dev.olafhe.nn.onnx.OnnxImporter;
import dev.olafhe.util.ProgressListener;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.Map;
import java.util.function.DoubleUnaryOperator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Activation hooks, checkpoints and suffix recomputation on the committed ResNet-20. */
class ExecutorHooksTest {
    static Network net;
    static Executor ex;
    static Tensor batch;

    @BeforeAll
    static void setUp() throws IOException {
        net = OnnxImporter.load(ModelFiles.onnx("resnet20"));
        ex = new Executor(net, 2);
        Dataset train = FashionMnist.train();
        batch = train.split(1, 12, 0).calibration().images();
    }

    @AfterAll
    static void tearDown() {
        if (ex != null) {
            ex.close();
        }
    }

    /** A degree-4 polynomial roughly like ReLU on [-4, 4] (what the planner would plug in). */
    static final DoubleUnaryOperator POLY = x -> 0.3 + 0.5 * x + 0.2 * x * x - 0.003 * x * x * x * x;

    @Test
    void aBatchSizeBelowOneIsRefusedInsteadOfLoopingForever() throws IOException {
        Dataset test = FashionMnist.test().head(4);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ex.evaluate(test, 0, Hooks.create(), "eval", ProgressListener.NONE));
        assertTrue(e.getMessage().contains("batch size must be at least 1"), e.getMessage());
    }

    @Test
    void statsCountEveryInputValue() {
        int l = 7;
        ActivationStats st = new ActivationStats(-5, 5, 100);
        ActivationStats all = ActivationStats.minMaxOnly();
        int[] calls = new int[1];
        Hooks h = Hooks.create().observe(l, st).observeAll((idx, v, from, to) -> {
            if (idx == l) {
                all.observe(idx, v, from, to);
            }
            synchronized (calls) {
                calls[0]++;
            }
        });
        ex.forward(batch, h);
        int per = net.activation(l).shape().size();
        assertEquals((long) batch.n * per, st.count());
        long inHist = 0;
        for (long c : st.histogram()) {
            inHist += c;
        }
        assertEquals(st.count(), inHist + st.belowRange() + st.aboveRange());
        // the same numbers the checkpoint holds
        Tensor in = ex.checkpoint(batch, l).activationInput(net);
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        double sum = 0;
        long below = 0;
        for (float v : in.data) {
            min = Math.min(min, v);
            max = Math.max(max, v);
            sum += v;
            below += v < -5 ? 1 : 0;
        }
        assertEquals(min, st.min(), 0);
        assertEquals(max, st.max(), 0);
        assertEquals(sum / in.data.length, st.mean(), 1e-9);
        assertEquals(below, st.belowRange());
        assertEquals(st.min(), all.min(), 0);
        assertTrue(st.std() > 0);
        assertEquals(2 * net.numActivations(), calls[0], "observeAll sees every layer once per worker chunk");
        System.out.printf("[hooks] activation %d (%s): n=%d min=%.3f max=%.3f mean=%.3f std=%.3f out-of-range=%.4f%n",
                l, net.activation(l).name(), st.count(), st.min(), st.max(), st.mean(), st.std(),
                st.outOfRangeFraction());
    }

    @Test
    void replacingByTheExactFunctionChangesNothing() {
        Tensor exact = ex.forward(batch);
        Hooks h = Hooks.create();
        for (int i = 0; i < net.numActivations(); i++) {
            h.replace(i, x -> Math.max(x, 0));
        }
        assertArrayEquals(exact.data, ex.forward(batch, h).data);
    }

    @Test
    void replacementByNameChangesLogits() {
        Tensor exact = ex.forward(batch);
        String name = net.activation(3).name();
        Tensor approx = ex.forward(batch, Hooks.create().replace(net, name, POLY));
        assertNotEquals(exact.data[0], approx.data[0]);
        assertTrue(net.describe().contains(name));
    }

    @Test
    void suffixRecomputationEqualsFullRecomputation() {
        Tensor exact = ex.forward(batch);
        int[] layers = {0, 3, 9, 18};
        Checkpoint[] cps = ex.checkpoints(batch, layers);
        for (int k = 0; k < layers.length; k++) {
            int l = layers[k];
            Checkpoint cp = cps[k];
            assertEquals(batch.n, cp.batchSize());
            // an exact resume reproduces the exact logits bit for bit
            assertArrayEquals(exact.data, ex.forwardFrom(cp, Hooks.NONE).data, "resume at " + l);
            // replacing layer l only: suffix recomputation == a full pass with that replacement
            Tensor full = ex.forward(batch, Hooks.create().replace(l, POLY));
            Tensor suffix = ex.forwardFrom(cp, l, POLY);
            assertArrayEquals(full.data, suffix.data, "replacement at " + l);
            // the single-layer checkpoint is the same as the multi-layer one
            Checkpoint single = ex.checkpoint(batch, l);
            assertArrayEquals(cp.activationInput(net).data, single.activationInput(net).data);
            // later replacements are allowed too
            if (l < 18) {
                Tensor both = ex.forward(batch, Hooks.replacing(Map.of(l, POLY, 18, POLY)));
                assertArrayEquals(both.data, ex.forwardFrom(cp, Hooks.replacing(Map.of(l, POLY, 18, POLY))).data);
            }
        }
        // residual networks need more than the activation input: layer 3 is inside a block with a pending shortcut
        assertTrue(cps[1].liveIds().length >= 2, "shortcut cached too");
    }

    @Test
    void hooksBeforeTheCheckpointAreRefused() {
        Checkpoint cp = ex.checkpoint(batch.slice(0, 4), 6);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ex.forwardFrom(cp, Hooks.create().replace(2, POLY)));
        assertTrue(e.getMessage().contains("before the checkpoint"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ex.forwardFrom(cp, 5, POLY));
        assertThrows(IndexOutOfBoundsException.class, () -> ex.forward(batch, Hooks.create().replace(19, POLY)));
        assertThrows(IllegalArgumentException.class, () -> net.activationIndex("no-such-layer"));
        assertThrows(IllegalArgumentException.class, () -> ex.forward(new Tensor(1, Shape.chw(3, 32, 32),
                new float[3 * 32 * 32])));
    }
}

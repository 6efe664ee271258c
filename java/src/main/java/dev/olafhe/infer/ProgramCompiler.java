package dev.olafhe.infer;

import dev.olafhe.approx.ChebyshevSeries;
import dev.olafhe.nn.Network;
import dev.olafhe.nn.Node;
import dev.olafhe.nn.Op;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;

/**
 * Compiles a network and its activation polynomials into an {@link HeProgram}, in phases: fuse chains of linear
 * nodes into one map each, choose every value's encoding from its consumers back (activation inputs demand their
 * unit interval), lay the values out in the slots forward, emit the steps, and place the bootstraps.
 */
final class ProgramCompiler {
    private final Network net;
    private final List<Node> nodes;
    private final int n;
    private final LayerPolynomials plan;
    private final ToIntFunction<ChebyshevSeries> depth;
    private final boolean imaginaryRemoval;
    /** For every fused chain, by its last node: the linear nodes in order. */
    private final Map<Integer, List<Integer>> chains = new HashMap<>();
    /** Linear nodes folded into the chain of the next one (they write no value of their own). */
    private final boolean[] internal;
    private final ValueEncoding[] enc;
    private final Map<Integer, SlotLayout> layouts = new HashMap<>();
    /** Each chain's affine map between the encodings of its input and output, built on first use. */
    private final Map<Integer, Supplier<AffineMap>> maps = new HashMap<>();
    private int slots;

    ProgramCompiler(Network net, LayerPolynomials plan, ToIntFunction<ChebyshevSeries> depth,
                    boolean imaginaryRemoval) {
        this.net = net;
        this.nodes = net.nodes();
        this.n = nodes.size();
        this.plan = plan;
        this.depth = depth;
        this.imaginaryRemoval = imaginaryRemoval;
        this.internal = new boolean[n];
        this.enc = new ValueEncoding[n];
    }

    HeProgram compile(int inputLevel, int bootstrapLevel, BootstrapPlacement.Strategy strategy, LevelCostModel model) {
        fuseLinearChains();
        chooseEncodings();
        // the nodes that write an encrypted value: all but the input and the nodes folded into a linear chain
        List<Node> valueNodes = nodes.stream().filter(node -> node.id() != 0 && !internal[node.id()]).toList();
        layOut(valueNodes);
        List<HeStep> steps = new ArrayList<>();
        for (Node node : valueNodes) {
            steps.add(step(node));
        }
        BootstrapPlacement.Result placed = BootstrapPlacement.place(steps, inputLevel, bootstrapLevel, strategy, model);
        Map<Integer, ValueEncoding> encodings = new HashMap<>();
        for (int id = 0; id < n; id++) {
            if (layouts.containsKey(id)) {
                encodings.put(id, enc[id]);
            }
        }
        return new HeProgram(net.name(), slots, placed.steps(), Map.copyOf(layouts), Map.copyOf(encodings),
                placed, inputLevel, n - 1, bootstrapLevel, imaginaryRemoval);
    }

    /** 1. Chains of linear nodes: a linear node read only by the next linear node is internal to its chain. */
    private void fuseLinearChains() {
        int[] uses = new int[n];
        for (Node node : nodes) {
            for (int in : node.inputs()) {
                uses[in]++;
            }
        }
        for (Node node : nodes) {
            Op op = node.op();
            if (op instanceof Op.Input || op instanceof Op.Activation || op instanceof Op.Add) {
                continue;
            }
            if (!AffineMap.isLinear(op)) {
                throw new IllegalArgumentException("encrypted inference does not support " + op.type() + " (node "
                        + node.name() + ") yet; supported: convolutions, pooling, linear, residual adds, activations");
            }
            int in = node.inputs()[0];
            List<Integer> chain = new ArrayList<>();
            if (AffineMap.isLinear(nodes.get(in).op()) && uses[in] == 1) {
                chain.addAll(chains.remove(in));
                internal[in] = true;
            }
            chain.add(node.id());
            chains.put(node.id(), chain);
        }
    }

    /** 2. Value encodings, from the consumers back (activation inputs demand their unit interval). */
    private void chooseEncodings() {
        for (int id = n - 1; id >= 0; id--) {
            Node node = nodes.get(id);
            if (node.op() instanceof Op.Activation a) {
                ValueEncoding unit = plan.activation(a.index()).inputEncoding();
                demand(node.inputs()[0], imaginaryRemoval ? new ValueEncoding(2 * unit.scale(), unit.offset()) : unit);
            } else if (node.op() instanceof Op.Add) {
                splitAddition(node);
            }
        }
        for (int id = 0; id < n; id++) {
            if (enc[id] == null) {
                enc[id] = ValueEncoding.IDENTITY;
            }
        }
        if (!enc[0].equals(ValueEncoding.IDENTITY)) {
            throw new IllegalArgumentException("the network input feeds an activation or addition directly; put a"
                    + " linear layer first");
        }
    }

    /** An addition's encoding: its offset goes to an input from a linear layer (which folds it), the scale to both. */
    private void splitAddition(Node node) {
        int id = node.id();
        ValueEncoding e = enc[id] != null ? enc[id] : ValueEncoding.IDENTITY;
        enc[id] = e;
        int x = node.inputs()[0];
        int y = node.inputs()[1];
        ValueEncoding noOffset = new ValueEncoding(e.scale(), 0);
        if (chains.containsKey(x)) {
            demand(x, e);
            demand(y, noOffset);
        } else if (chains.containsKey(y) || e.offset() == 0) {
            demand(y, e);
            demand(x, noOffset);
        } else {
            throw new IllegalArgumentException("cannot fold the interval of the activation after " + node.name()
                    + ": neither input of the addition comes from a linear layer");
        }
    }

    private void demand(int value, ValueEncoding e) {
        if (enc[value] != null && !enc[value].equals(e)) {
            throw new IllegalArgumentException("value of " + nodes.get(value).name() + " would need two encodings ("
                    + enc[value] + " and " + e + "); this graph shape is not supported yet");
        }
        enc[value] = e;
    }

    /** 3. Slot layouts, forward, and every chain's map; the slot count is the largest layout period. */
    private void layOut(List<Node> valueNodes) {
        layouts.put(0, SlotLayout.of(net.inputShape()));
        slots = layouts.get(0).period();
        for (Node node : valueNodes) {
            int id = node.id();
            Op op = node.op();
            if (op instanceof Op.Activation) {
                layouts.put(id, layouts.get(node.inputs()[0]));
            } else if (op instanceof Op.Add) {
                SlotLayout l = layouts.get(node.inputs()[0]);
                SlotLayout r = layouts.get(node.inputs()[1]);
                if (!l.equals(r)) {
                    throw new IllegalArgumentException("addition " + node.name() + " of values in different slot layouts ("
                            + l + " and " + r + ") is not supported");
                }
                layouts.put(id, l);
            } else {
                layOutChain(id);
            }
            slots = Math.max(slots, layouts.get(id).period());
        }
    }

    private void layOutChain(int id) {
        List<Integer> chain = chains.get(id);
        int input = chainInput(chain);
        SlotLayout layout = layouts.get(input);
        for (int k : chain) {
            Node c = nodes.get(k);
            layout = layout.after(c.op(), c.shape());
        }
        layouts.put(id, layout);
        ValueEncoding from = enc[input];
        ValueEncoding to = enc[id];
        maps.put(id, () -> {
            AffineMap map = null;
            for (int k : chain) {
                Node c = nodes.get(k);
                AffineMap m = AffineMap.of(c.op(), nodes.get(c.inputs()[0]).shape(), c.shape());
                map = map == null ? m : map.then(m);
            }
            return map.between(from, to);
        });
    }

    /** 4. The step that writes {@code node}'s value. */
    private HeStep step(Node node) {
        int id = node.id();
        Op op = node.op();
        if (op instanceof Op.Activation a) {
            UnitActivation function = plan.activation(a.index()).fold(enc[id]);
            return new HeStep.Activation(node.inputs()[0], id, a.index(), function, function.depth(depth),
                    imaginaryRemoval);
        } else if (op instanceof Op.Add) {
            return new HeStep.Add(node.inputs()[0], node.inputs()[1], id);
        }
        List<Integer> chain = chains.get(id);
        int input = chainInput(chain);
        String names = chain.stream().map(k -> nodes.get(k).op().type()).reduce((x, y) -> x + "+" + y)
                .orElseThrow() + " -> #" + id;
        SlotLayout from = layouts.get(input);
        SlotLayout to = layouts.get(id);
        int s = slots;
        int[] poolPrefix = nodes.get(chain.get(0)).op() instanceof Op.GlobalAvgPool
                ? SlotLinearTransform.globalPoolPrefix(from) : null;
        Supplier<AffineMap> map = poolPrefix == null ? maps.get(id)
                : pooledMap(chain, from, enc[input], enc[id], maps.get(id));
        int[] prefix = poolPrefix == null ? new int[0] : poolPrefix;
        return new HeStep.Linear(input, id, names, () -> SlotLinearTransform.compile(map.get(), from, to, s, prefix));
    }

    /** The value a linear chain reads: the input of its first node. */
    private int chainInput(List<Integer> chain) {
        return nodes.get(chain.get(0)).inputs()[0];
    }

    /**
     * The chain's map after the global-pool rotate-and-add prefix: the pool reads only the (ch, 0, 0) element,
     * which then holds the channel's sum, and divides by h·w; the rest of the chain follows unchanged.
     */
    private Supplier<AffineMap> pooledMap(List<Integer> chain, SlotLayout from, ValueEncoding in, ValueEncoding out,
                                          Supplier<AffineMap> whole) {
        return () -> {
            int hw = from.h() * from.w();
            AffineMap.Builder pick = new AffineMap.Builder(from.size(), from.c());
            for (int ch = 0; ch < from.c(); ch++) {
                pick.add(ch, ch * hw, 1.0 / hw);
            }
            AffineMap map = pick.build();
            for (int k : chain.subList(1, chain.size())) {
                Node c = nodes.get(k);
                map = map.then(AffineMap.of(c.op(), nodes.get(c.inputs()[0]).shape(), c.shape()));
            }
            // weights from the pooled form; the bias (offsets of all h·w inputs) from the whole chain
            return map.between(in, out).withBiasOf(whole.get());
        };
    }
}

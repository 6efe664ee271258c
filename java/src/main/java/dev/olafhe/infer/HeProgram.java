package dev.olafhe.infer;

import dev.olafhe.approx.ChebyshevSeries;
import dev.olafhe.nn.Network;
import dev.olafhe.nn.Node;
import dev.olafhe.nn.Op;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.ToIntFunction;

/**
 * A network compiled for encrypted inference: the steps (fused linear transforms, activations as the
 * plan's polynomials, residual additions, bootstraps), where every value sits in the slots
 * ({@link SlotLayout}), how it is encoded ({@link ValueEncoding}) and at which level. Holds no keys and no
 * ciphertexts; the server runs it ({@link EncryptedInference}) and the client uses it to encode the input and
 * decode the logits.
 *
 * <p>Supported IR: Conv2d (BN folded), ChannelAffine, AvgPool, GlobalAvgPool, Flatten, Linear, StridedSlice,
 * ChannelPad (all linear; consecutive ones fuse into one transform), Activation, Add. LayerNorm and Concat are
 * refused (not yet implemented).
 */
public final class HeProgram {
    private final String name;
    private final int slots;
    private final List<HeStep> steps;
    private final Map<Integer, SlotLayout> layouts;
    private final Map<Integer, ValueEncoding> encodings;
    private final Map<Integer, Integer> levels;
    private final List<Integer> stepLevels;
    private final int inputLevel;
    private final int outputValue;
    private final int bootstraps;
    private final int bootstrapLevel;
    private final boolean imaginaryRemoval;

    private HeProgram(String name, int slots, List<HeStep> steps, Map<Integer, SlotLayout> layouts,
                      Map<Integer, ValueEncoding> encodings, BootstrapPlacement.Result placed, int inputLevel,
                      int outputValue, int bootstrapLevel, boolean imaginaryRemoval) {
        this.bootstrapLevel = bootstrapLevel;
        this.imaginaryRemoval = imaginaryRemoval;
        this.name = name;
        this.slots = slots;
        this.steps = steps;
        this.layouts = layouts;
        this.encodings = encodings;
        this.levels = placed.levels();
        this.stepLevels = placed.stepLevels();
        this.inputLevel = inputLevel;
        this.outputValue = outputValue;
        this.bootstraps = placed.bootstraps();
    }

    /**
     * Compiles {@code net} with the activation polynomials of {@code plan}.
     *
     * @param depth          levels the polynomial evaluator consumes for a series (a composite activation
     *                       costs its stages' levels plus one for the product with its input)
     * @param inputLevel     level at which the client encrypts the input
     * @param bootstrapLevel level after bootstrapping, or -1 when there is no bootstrapper
     */
    public static HeProgram compile(Network net, LayerPolynomials plan, ToIntFunction<ChebyshevSeries> depth,
                                    int inputLevel, int bootstrapLevel) {
        return compile(net, plan, depth, inputLevel, bootstrapLevel, false);
    }

    /**
     * As above; with {@code imaginaryRemoval} every activation input is stored as half its unit variable so that
     * a bootstrapped one can be doubled by ct + conj(ct), dropping the imaginary part at no level
     * ({@link HeStep.Activation#halvedInput()}).
     */
    public static HeProgram compile(Network net, LayerPolynomials plan, ToIntFunction<ChebyshevSeries> depth,
                                    int inputLevel, int bootstrapLevel, boolean imaginaryRemoval) {
        List<Node> nodes = net.nodes();
        int n = nodes.size();
        int[] uses = new int[n];
        for (Node node : nodes) {
            for (int in : node.inputs()) {
                uses[in]++;
            }
        }
        // 1. fuse chains of linear nodes (a linear node read only by the next linear node is internal)
        Map<Integer, List<Integer>> chains = new HashMap<>();
        boolean[] internal = new boolean[n];
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
        // 2. value encodings, from the consumers back (activation inputs demand their unit interval)
        ValueEncoding[] enc = new ValueEncoding[n];
        for (int id = n - 1; id >= 0; id--) {
            Node node = nodes.get(id);
            if (node.op() instanceof Op.Activation a) {
                ValueEncoding unit = plan.activation(a.index()).inputEncoding();
                demand(enc, nodes, node.inputs()[0], imaginaryRemoval
                        ? new ValueEncoding(2 * unit.scale(), unit.offset()) : unit);
            } else if (node.op() instanceof Op.Add) {
                ValueEncoding e = enc[id] != null ? enc[id] : ValueEncoding.IDENTITY;
                enc[id] = e;
                int x = node.inputs()[0];
                int y = node.inputs()[1];
                ValueEncoding noOffset = new ValueEncoding(e.scale(), 0);
                if (chains.containsKey(x)) {
                    demand(enc, nodes, x, e);
                    demand(enc, nodes, y, noOffset);
                } else if (chains.containsKey(y) || e.offset() == 0) {
                    demand(enc, nodes, y, e);
                    demand(enc, nodes, x, noOffset);
                } else {
                    throw new IllegalArgumentException("cannot fold the interval of the activation after " + node.name()
                            + ": neither input of the addition comes from a linear layer");
                }
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
        // the nodes that write an encrypted value: all but the input and the nodes folded into a linear chain
        List<Node> valueNodes = nodes.stream().filter(node -> node.id() != 0 && !internal[node.id()]).toList();
        // 3. layouts, forward
        Map<Integer, SlotLayout> layouts = new HashMap<>();
        layouts.put(0, SlotLayout.of(net.inputShape()));
        int slots = layouts.get(0).period();
        List<HeStep> steps = new ArrayList<>();
        Map<Integer, java.util.function.Supplier<AffineMap>> maps = new HashMap<>();
        for (Node node : valueNodes) {
            int id = node.id();
            Op op = node.op();
            if (op instanceof Op.Activation a) {
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
                List<Integer> chain = chains.get(id);
                int input = chainInput(nodes, chain);
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
            slots = Math.max(slots, layouts.get(id).period());
        }
        for (Node node : valueNodes) {
            int id = node.id();
            Op op = node.op();
            if (op instanceof Op.Activation a) {
                UnitActivation function = plan.activation(a.index()).fold(enc[id]);
                steps.add(new HeStep.Activation(node.inputs()[0], id, a.index(), function, function.depth(depth),
                        imaginaryRemoval));
            } else if (op instanceof Op.Add) {
                steps.add(new HeStep.Add(node.inputs()[0], node.inputs()[1], id));
            } else {
                List<Integer> chain = chains.get(id);
                int input = chainInput(nodes, chain);
                String names = chain.stream().map(k -> nodes.get(k).op().type()).reduce((x, y) -> x + "+" + y)
                        .orElseThrow() + " -> #" + id;
                SlotLayout from = layouts.get(input);
                SlotLayout to = layouts.get(id);
                int s = slots;
                int[] poolPrefix = nodes.get(chain.get(0)).op() instanceof Op.GlobalAvgPool
                        ? SlotLinearTransform.globalPoolPrefix(from) : null;
                java.util.function.Supplier<AffineMap> map = poolPrefix == null ? maps.get(id)
                        : pooledMap(nodes, chain, from, enc[input], enc[id], maps.get(id));
                int[] prefix = poolPrefix == null ? new int[0] : poolPrefix;
                steps.add(new HeStep.Linear(input, id, names,
                        () -> SlotLinearTransform.compile(map.get(), from, to, s, prefix)));
            }
        }
        BootstrapPlacement.Result placed = BootstrapPlacement.place(steps, inputLevel, bootstrapLevel);
        Map<Integer, ValueEncoding> encodings = new HashMap<>();
        for (int id = 0; id < n; id++) {
            if (layouts.containsKey(id)) {
                encodings.put(id, enc[id]);
            }
        }
        return new HeProgram(net.name(), slots, placed.steps(), Map.copyOf(layouts), Map.copyOf(encodings),
                placed, inputLevel, n - 1, bootstrapLevel, imaginaryRemoval);
    }

    /** The value a linear chain reads: the input of its first node. */
    private static int chainInput(List<Node> nodes, List<Integer> chain) {
        return nodes.get(chain.get(0)).inputs()[0];
    }

    /**
     * The chain's map after the global-pool rotate-and-add prefix: the pool reads only the (ch, 0, 0) element,
     * which then holds the channel's sum, and divides by h·w; the rest of the chain follows unchanged.
     */
    private static java.util.function.Supplier<AffineMap> pooledMap(List<Node> nodes, List<Integer> chain,
                                                                     SlotLayout from, ValueEncoding in,
                                                                     ValueEncoding out,
                                                                     java.util.function.Supplier<AffineMap> whole) {
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

    /** Levels a run of {@code net} with {@code plan} consumes when nothing is bootstrapped. */
    public static int requiredLevels(Network net, LayerPolynomials plan, ToIntFunction<ChebyshevSeries> depth) {
        int top = 1 << 20;
        HeProgram p = compile(net, plan, depth, top, -1);
        int min = top;
        for (int k = 0; k < p.steps.size(); k++) {
            min = Math.min(min, p.stepLevel(k));
        }
        return top - min;
    }

    private static void demand(ValueEncoding[] enc, List<Node> nodes, int value, ValueEncoding e) {
        if (enc[value] != null && !enc[value].equals(e)) {
            throw new IllegalArgumentException("value of " + nodes.get(value).name() + " would need two encodings ("
                    + enc[value] + " and " + e + "); this graph shape is not supported yet");
        }
        enc[value] = e;
    }

    public String name() {
        return name;
    }

    /** Slots of every ciphertext (sparse packing when below N/2). */
    public int slots() {
        return slots;
    }

    public List<HeStep> steps() {
        return steps;
    }

    public int inputLevel() {
        return inputLevel;
    }

    /** Whether bootstrapped activation inputs lose their imaginary part (needs the conjugation key). */
    public boolean removesImaginary() {
        return imaginaryRemoval && bootstraps > 0;
    }

    /** Level of a bootstrapped value, or -1 when the program was compiled without a bootstrapper. */
    public int bootstrapLevel() {
        return bootstrapLevel;
    }

    public int bootstrapCount() {
        return bootstraps;
    }

    public int outputValue() {
        return outputValue;
    }

    public SlotLayout layout(int value) {
        return layouts.get(value);
    }

    public ValueEncoding encoding(int value) {
        return encodings.get(value);
    }

    /** Level of the value step {@code index} writes, right after that step. */
    public int stepLevel(int index) {
        return stepLevels.get(index);
    }

    /** Level of a value after its step (after bootstrapping where it was bootstrapped). */
    public int level(int value) {
        return levels.get(value);
    }

    /** Slot vector the client encrypts for an input tensor (CHW order). */
    public double[] encodeInput(float[] chw) {
        double[] x = new double[chw.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = chw[i];
        }
        return layouts.get(0).pack(x, slots);
    }

    /** The tensor (CHW order, true values) of a value from its decrypted slots. */
    public double[] decodeValue(int value, double[] slotValues) {
        double[] stored = layouts.get(value).unpack(slotValues);
        ValueEncoding e = encodings.get(value);
        for (int i = 0; i < stored.length; i++) {
            stored[i] = e.decode(stored[i]);
        }
        return stored;
    }

    /** Compiles every linear transform now (otherwise each compiles on first use); returns their count. */
    public int compileTransforms() {
        int n = 0;
        for (HeStep s : steps) {
            if (s instanceof HeStep.Linear l) {
                l.transform();
                n++;
            }
        }
        return n;
    }

    /** Every rotation step the server needs a key for. */
    public int[] rotationSteps() {
        TreeSet<Integer> all = new TreeSet<>();
        for (HeStep s : steps) {
            if (s instanceof HeStep.Linear l) {
                for (int r : l.transform().rotationSteps()) {
                    all.add(r);
                }
            }
        }
        return all.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * For every rotation step, the highest level at which the program rotates by it (the input level of the
     * linear layers that use it): its key is generated for that level only, which saves the limbs and digits
     * above (ResNet-size key sets must fit in host memory).
     */
    public java.util.SortedMap<Integer, Integer> rotationKeyLevels() {
        java.util.TreeMap<Integer, Integer> levelsByStep = new java.util.TreeMap<>();
        for (int k = 0; k < steps.size(); k++) {
            if (steps.get(k) instanceof HeStep.Linear l) {
                int inputLevel = stepLevels.get(k) + 1;
                for (int r : l.transform().rotationSteps()) {
                    levelsByStep.merge(r, inputLevel, Math::max);
                }
            }
        }
        return levelsByStep;
    }

    /** The evaluation keys this program needs (see {@link KeyRequirements}). */
    public KeyRequirements keyRequirements() {
        return new KeyRequirements(rotationKeyLevels(), relinearizationLevel(), removesImaginary() ? bootstrapLevel : -1);
    }

    /** Levels all activations consume together (the multiplicative depth spent on activations). */
    public int activationDepth() {
        int depth = 0;
        for (HeStep s : steps) {
            if (s instanceof HeStep.Activation a) {
                depth += a.depth();
            }
        }
        return depth;
    }

    /** Highest level at which an activation multiplies ciphertexts (the relinearization key's level), or -1. */
    public int relinearizationLevel() {
        int max = -1;
        for (int k = 0; k < steps.size(); k++) {
            if (steps.get(k) instanceof HeStep.Activation a) {
                max = Math.max(max, stepLevels.get(k) + a.depth());
            }
        }
        return max;
    }

    /**
     * Memory of the evaluation keys this program needs under {@code params} (each at the level where it is
     * used; bootstrapping keys are not included), without generating them.
     */
    public dev.olafhe.ckks.KeyMemoryReport keyMemory(dev.olafhe.ckks.CkksParameters params, boolean compactInMemory) {
        var plan = dev.olafhe.ckks.KeyMemoryReport.plan(params, compactInMemory);
        if (relinearizationLevel() >= 1) {
            plan.relinearization(relinearizationLevel());
        }
        java.util.TreeMap<Integer, Integer> countByLevel = new java.util.TreeMap<>();
        rotationKeyLevels().values().forEach(level -> countByLevel.merge(level, 1, Integer::sum));
        countByLevel.forEach((level, count) -> plan.rotations(count, level));
        if (removesImaginary()) {
            plan.conjugation(bootstrapLevel);
        }
        return plan.build();
    }

    /** One line per step with its output level, and totals. */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        int rotations = 0;
        for (int k = 0; k < steps.size(); k++) {
            HeStep s = steps.get(k);
            sb.append(String.format(java.util.Locale.ROOT, "  %-90s level %2d%n", s.describe(), stepLevels.get(k)));
            if (s instanceof HeStep.Linear l) {
                rotations += l.transform().rotationCount();
            }
        }
        return name + ": " + slots + " slots, input level " + inputLevel + ", " + steps.size() + " steps, "
                + bootstraps + " bootstraps, " + rotations + " rotations in linear layers, " + rotationSteps().length
                + " rotation keys\n" + sb;
    }
}

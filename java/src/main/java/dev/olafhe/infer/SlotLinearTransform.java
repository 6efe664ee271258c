package dev.olafhe.infer;

import dev.olafhe.ckks.Ciphertext;
import dev.olafhe.ckks.CkksParameters;
import dev.olafhe.ckks.Encoder;
import dev.olafhe.ckks.Evaluator;
import dev.olafhe.ckks.HoistedDecomposition;
import dev.olafhe.ckks.Plaintext;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * An {@link AffineMap} compiled to slot operations between two {@link SlotLayout}s: the generalised
 * diagonal method with baby-step/giant-step (ckks-notes §1.7). Output slot t receives Σ_r d_r[t]·x[t + r],
 * where r runs over the distinct offsets between an output slot and the input slots it reads, taken modulo
 * the input period (the input repeats with that period). r = G + b splits into giant steps G and baby steps
 * b; the baby rotations are hoisted (one decomposition), each giant group is one plaintext
 * multiply-accumulate, one rescale and one rotation. Then the bias is added and the output (computed in
 * copy 0 only) is replicated over the slot vector by log2(slots/period) rotate-and-adds.
 *
 * <p>Cost: one level; |babies| + |giants| + log2(slots/period_out) rotations (keys: {@link #rotationSteps()}).
 * For a 3×3 convolution in multiplexed layout the offsets do not depend on the position, so there are at most
 * 9·(channel offsets) diagonals, also for stride 2. Diagonals are encoded on the fly, not kept as plaintexts:
 * at logN 16 they would not fit in memory.
 */
public final class SlotLinearTransform {
    private final SlotLayout in;
    private final SlotLayout out;
    private final int slots;
    private final TreeMap<Integer, double[]> diagonals;
    private final double[] bias;
    private final int babyStep;
    private final int[] preSumSteps;

    private SlotLinearTransform(SlotLayout in, SlotLayout out, int slots, TreeMap<Integer, double[]> diagonals,
                                double[] bias, int babyStep, int[] preSumSteps) {
        this.in = in;
        this.out = out;
        this.slots = slots;
        this.diagonals = diagonals;
        this.bias = bias;
        this.babyStep = babyStep;
        this.preSumSteps = preSumSteps;
    }

    /** Compiles {@code map} (tensor of layout {@code in} to tensor of layout {@code out}) for {@code slots} slots. */
    public static SlotLinearTransform compile(AffineMap map, SlotLayout in, SlotLayout out, int slots) {
        return compile(map, in, out, slots, new int[0]);
    }

    /**
     * As {@link #compile(AffineMap, SlotLayout, SlotLayout, int)}, after a rotate-and-add prefix: for each step s,
     * x += rot(x, s) (no level). {@code map} then reads the summed slots; a global average pool becomes
     * log2(h) + log2(w) rotations and a map from one slot per channel (see {@link #globalPoolPrefix}).
     */
    public static SlotLinearTransform compile(AffineMap map, SlotLayout in, SlotLayout out, int slots,
                                              int[] preSumSteps) {
        in.requireFits(slots);
        out.requireFits(slots);
        if (map.inSize() != in.size() || map.outSize() != out.size()) {
            throw new IllegalArgumentException("map " + map.inSize() + " -> " + map.outSize() + " does not match layouts "
                    + in + " -> " + out);
        }
        int period = in.period();
        int[] outSlots = new int[out.size()];
        for (int o = 0; o < outSlots.length; o++) {
            outSlots[o] = out.slotOfIndex(o);
        }
        int[] inSlots = new int[in.size()];
        for (int i = 0; i < inSlots.length; i++) {
            inSlots[i] = in.slotOfIndex(i);
        }
        double[][] byOffset = new double[period][];
        map.forEach((o, i, w) -> {
            int t = outSlots[o];
            int r = Math.floorMod(inSlots[i] - t, period);
            if (byOffset[r] == null) {
                byOffset[r] = new double[slots];
            }
            byOffset[r][t] += w;
        });
        TreeMap<Integer, double[]> diagonals = new TreeMap<>();
        for (int r = 0; r < period; r++) {
            if (byOffset[r] != null) {
                diagonals.put(r, byOffset[r]);
            }
        }
        if (diagonals.isEmpty()) {
            throw new IllegalArgumentException("linear map " + in + " -> " + out + " has no non-zero weight");
        }
        double[] bias = new double[slots];
        for (int o = 0; o < outSlots.length; o++) {
            bias[outSlots[o]] = map.bias(o);
        }
        return new SlotLinearTransform(in, out, slots, diagonals, bias, bestBabyStep(diagonals.keySet(), period),
                preSumSteps.clone());
    }

    /** The power of two B minimising |{r mod B}| + |{r − r mod B}| (baby plus giant rotations). */
    private static int bestBabyStep(Iterable<Integer> offsets, int period) {
        int best = 1;
        int bestCost = Integer.MAX_VALUE;
        for (int b = 1; b <= period; b <<= 1) {
            TreeSet<Integer> babies = new TreeSet<>();
            TreeSet<Integer> giants = new TreeSet<>();
            for (int r : offsets) {
                babies.add(r % b);
                giants.add(r - r % b);
            }
            int cost = babies.size() + giants.size();
            if (cost < bestCost) {
                bestCost = cost;
                best = b;
            }
        }
        return best;
    }

    /**
     * Rotate-and-add steps that leave the sum over all positions of each channel in its (ch, 0, 0) slot, or
     * null when the layout has unused slots among those positions (padded rows/columns or empty channel
     * places, which may hold non-zero values after an activation).
     */
    public static int[] globalPoolPrefix(SlotLayout in) {
        if (in.paddedH() != in.h() || in.paddedW() != in.w() || in.c() % in.channelsPerBlock() != 0) {
            return null;
        }
        int k = in.gap();
        List<Integer> steps = new ArrayList<>();
        for (int s = 1; s < in.w(); s <<= 1) {
            steps.add(k * s);
        }
        for (int s = 1; s < in.h(); s <<= 1) {
            steps.add(k * k * in.paddedW() * s);
        }
        return steps.stream().mapToInt(Integer::intValue).toArray();
    }

    public SlotLayout inputLayout() {
        return in;
    }

    public SlotLayout outputLayout() {
        return out;
    }

    public int diagonalCount() {
        return diagonals.size();
    }

    /** Levels consumed. */
    public int depth() {
        return 1;
    }

    private Map<Integer, List<Integer>> groups() {
        Map<Integer, List<Integer>> g = new TreeMap<>();
        for (int r : diagonals.keySet()) {
            g.computeIfAbsent(r - r % babyStep, k -> new ArrayList<>()).add(r % babyStep);
        }
        return g;
    }

    private List<Integer> replicationSteps() {
        List<Integer> steps = new ArrayList<>();
        for (int s = out.period(); s < slots; s <<= 1) {
            steps.add(slots - s); // rotate right by s
        }
        return steps;
    }

    /** Rotation steps (in [1, slots)) this transform needs keys for. */
    public int[] rotationSteps() {
        TreeSet<Integer> steps = new TreeSet<>();
        for (Map.Entry<Integer, List<Integer>> e : groups().entrySet()) {
            steps.add(e.getKey());
            steps.addAll(e.getValue());
        }
        steps.addAll(replicationSteps());
        for (int p : preSumSteps) {
            steps.add(p);
        }
        steps.remove(0);
        return steps.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Number of rotations one evaluation performs. */
    public int rotationCount() {
        TreeSet<Integer> babies = new TreeSet<>();
        int giants = 0;
        for (Map.Entry<Integer, List<Integer>> e : groups().entrySet()) {
            babies.addAll(e.getValue());
            giants += e.getKey() == 0 ? 0 : 1;
        }
        babies.remove(0);
        return preSumSteps.length + babies.size() + giants + replicationSteps().size();
    }

    /** The slot algorithm in float64 on a slot vector (the reference the encrypted result is compared to). */
    public double[] applyToSlots(double[] input) {
        double[] x = input;
        for (int step : preSumSteps) {
            double[] sum = x.clone();
            for (int t = 0; t < slots; t++) {
                sum[t] += x[(t + step) % slots];
            }
            x = sum;
        }
        double[] y = bias.clone();
        for (Map.Entry<Integer, double[]> e : diagonals.entrySet()) {
            int r = e.getKey();
            double[] d = e.getValue();
            for (int t = 0; t < slots; t++) {
                if (d[t] != 0) {
                    y[t] += d[t] * x[(t + r) % slots];
                }
            }
        }
        return replicate(y);
    }

    private double[] replicate(double[] y) {
        for (int s = out.period(); s < slots; s <<= 1) {
            double[] shifted = new double[slots];
            for (int t = 0; t < slots; t++) {
                shifted[(t + s) % slots] = y[t];
            }
            for (int t = 0; t < slots; t++) {
                y[t] += shifted[t];
            }
        }
        return y;
    }

    /**
     * Evaluates the transform: the result is one level below {@code x}, with scale exactly
     * {@code outputScale}.
     */
    public Ciphertext evaluate(Evaluator ev, Encoder encoder, Ciphertext input, BigDecimal outputScale) {
        if (preSumSteps.length == 0) {
            return evaluateDiagonals(ev, encoder, input, outputScale);
        }
        Ciphertext summed = ev.rotateNew(input, preSumSteps[0]);
        ev.add(summed, input, summed);
        for (int k = 1; k < preSumSteps.length; k++) {
            try (Ciphertext r = ev.rotateNew(summed, preSumSteps[k])) {
                ev.add(summed, r, summed);
            }
        }
        try {
            return evaluateDiagonals(ev, encoder, summed, outputScale);
        } finally {
            summed.close();
        }
    }

    private Ciphertext evaluateDiagonals(Evaluator ev, Encoder encoder, Ciphertext x, BigDecimal outputScale) {
        if (x.slots() != slots) {
            throw new IllegalArgumentException("transform compiled for " + slots + " slots, ciphertext has "
                    + x.slots());
        }
        CkksParameters params = ev.context().params();
        int level = x.level();
        if (level < 1) {
            throw new IllegalArgumentException("linear transform needs a level to consume; ciphertext is at level 0");
        }
        // pt scale chosen so that Δ_x·Δ_pt/q_ℓ is exactly outputScale after the rescale
        BigDecimal ptScale = outputScale.multiply(new BigDecimal(params.q(level)), Evaluator.SCALE_CONTEXT)
                .divide(x.scale(), Evaluator.SCALE_CONTEXT);
        Map<Integer, List<Integer>> groups = groups();
        TreeSet<Integer> babySet = new TreeSet<>();
        groups.values().forEach(babySet::addAll);
        Map<Integer, Ciphertext> babies = new TreeMap<>();
        Ciphertext result = null;
        try {
            rotateBabySteps(ev, x, babySet, babies);
            for (Map.Entry<Integer, List<Integer>> group : groups.entrySet()) {
                Ciphertext part = giantStep(ev, encoder, babies, group.getKey(), group.getValue(), level, ptScale);
                if (result == null) {
                    result = part;
                } else {
                    ev.add(result, part, result);
                    part.close();
                }
            }
        } finally {
            for (Map.Entry<Integer, Ciphertext> e : babies.entrySet()) {
                if (e.getKey() != 0) {
                    e.getValue().close();
                }
            }
        }
        addBiasAndReplicate(ev, encoder, result);
        return result;
    }

    /** x rotated by every baby step into {@code babies} (x itself for step 0), hoisted: one decomposition. */
    private static void rotateBabySteps(Evaluator ev, Ciphertext x, TreeSet<Integer> babySet,
                                        Map<Integer, Ciphertext> babies) {
        try (HoistedDecomposition dec = babySet.size() > 1 || !babySet.contains(0) ? ev.decompose(x) : null) {
            for (int b : babySet) {
                if (b == 0) {
                    babies.put(0, x);
                } else {
                    Ciphertext rotated = Ciphertext.empty();
                    ev.rotateHoisted(x, dec, b, rotated);
                    babies.put(b, rotated);
                }
            }
        }
    }

    /**
     * One giant group: Σ_b rot_{-G}(d_{G+b})·rot_b(x), rescaled and rotated by G (the diagonals are pre-shifted by
     * -G, so the giant rotation puts them back).
     */
    private Ciphertext giantStep(Evaluator ev, Encoder encoder, Map<Integer, Ciphertext> babies, int giant,
                                 List<Integer> babySteps, int level, BigDecimal ptScale) {
        Ciphertext acc = null;
        for (int b : babySteps) {
            double[] d = diagonals.get(giant + b);
            double[] shifted = new double[slots];
            for (int t = 0; t < slots; t++) {
                shifted[(t + giant) % slots] = d[t]; // rot_{-G}(d), undone by the giant rotation
            }
            try (Plaintext pt = encoder.encodeNew(shifted, level, ptScale)) {
                if (acc == null) {
                    acc = ev.multiplyNew(babies.get(b), pt);
                } else {
                    try (Ciphertext term = ev.multiplyNew(babies.get(b), pt)) {
                        ev.add(acc, term, acc);
                    }
                }
            }
        }
        Ciphertext part = ev.rescaleNew(acc);
        acc.close();
        if (giant != 0) {
            ev.rotate(part, giant, part);
        }
        return part;
    }

    /** Adds the bias and copies the output (computed in copy 0 only) over the slot vector. */
    private void addBiasAndReplicate(Evaluator ev, Encoder encoder, Ciphertext result) {
        try (Plaintext b = encoder.encodeNew(bias, result.level(), result.scale())) {
            ev.add(result, b, result);
        }
        for (int step : replicationSteps()) {
            try (Ciphertext shifted = ev.rotateNew(result, step)) {
                ev.add(result, shifted, result);
            }
        }
    }

    @Override
    public String toString() {
        return "linear " + in + " -> " + out + ": " + diagonals.size() + " diagonals, baby step " + babyStep + ", "
                + rotationCount() + " rotations";
    }
}

package dev.olafhe.infer;

import dev.olafhe.ckks.CkksParameters;
import dev.olafhe.ckks.ComplexVector;
import dev.olafhe.ckks.Encoder;
import dev.olafhe.ckks.Evaluator;
import dev.olafhe.ckks.Plaintext;
import dev.olafhe.ckks.lintrans.LinearTransform;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * An {@link AffineMap} compiled to slot operations between two {@link SlotLayout}s, as diagonals for the one
 * linear-transform engine of ckks ({@link LinearTransform}: baby-step/giant-step with double hoisting, ckks-notes
 * §1.6-1.7). Output slot t receives Σ_r d_r[t]·x[t + r], where r runs over the distinct offsets between an output
 * slot and the input slots it reads, taken modulo the input period (the input repeats with that period). Before the
 * diagonals an optional rotate-and-add prefix (global pooling); after them the bias is added and the output
 * (computed in copy 0 only) is replicated over the slot vector by log2(slots/period) rotate-and-adds.
 *
 * <p>This class is the backend-free compiled form (key planning, the float64 slot reference); {@link #encode}
 * puts the diagonals on a backend once ({@link EncodedSlotTransform}), and that evaluates them.
 *
 * <p>Cost: one level; |babies| + |giants| + prefix + log2(slots/period_out) rotations (keys:
 * {@link #rotationSteps()}). For a 3×3 convolution in multiplexed layout the offsets do not depend on the position,
 * so there are at most 9·(channel offsets) diagonals, also for stride 2.
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
        return new SlotLinearTransform(in, out, slots, diagonals, bias,
                LinearTransform.bestBabySize(diagonals.keySet(), slots),
                preSumSteps.clone());
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

    private List<Integer> replicationSteps() {
        List<Integer> steps = new ArrayList<>();
        for (int s = out.period(); s < slots; s <<= 1) {
            steps.add(slots - s); // rotate right by s
        }
        return steps;
    }

    /** Rotation steps (in [1, slots)) this transform needs keys for. */
    public int[] rotationSteps() {
        TreeSet<Integer> steps = new TreeSet<>(LinearTransform.rotationStepsFor(diagonals.keySet(), slots));
        steps.addAll(replicationSteps());
        for (int p : preSumSteps) {
            steps.add(p);
        }
        steps.remove(0);
        return steps.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Number of rotations one evaluation performs. */
    public int rotationCount() {
        return preSumSteps.length + LinearTransform.rotations(diagonals.keySet(), babyStep) + replicationSteps().size();
    }

    /**
     * What one evaluation issues ({@link EncodedSlotTransform#evaluate} with the double-hoisted engine): the prefix's
     * rotate-and-adds, one decomposition when a baby step is non-zero, the lazy baby rotations (baby step 0 lifted
     * instead), a Q ∪ P multiply-accumulate per diagonal, per non-zero giant step a ModDown of its sum and a lazy
     * rotation (decomposition, key inner product, Q ∪ P sum: no ModDown), one ModDown of the whole sum, the rescale,
     * then the bias and the replication's rotate-and-adds one level lower. For cost models.
     */
    public record Operations(int preSumRotations, int babyRotations, boolean liftsBabyZero, int diagonals,
                             int giantRotations, int replicationRotations) {
        /** Whether the input is decomposed (ModUp of its digits) once for the baby steps. */
        public boolean decomposes() {
            return babyRotations > 0;
        }

        /** ModDowns of the giant steps: one per non-zero giant sum (to decompose it), one for the whole lazy sum. */
        public int modDowns() {
            return giantRotations + 1;
        }

        /** All rotations: equals {@link SlotLinearTransform#rotationCount()}. */
        public int rotations() {
            return preSumRotations + babyRotations + giantRotations + replicationRotations;
        }
    }

    /** The operation counts of one evaluation (see {@link Operations}). */
    public Operations operations() {
        TreeSet<Integer> babies = new TreeSet<>();
        TreeSet<Integer> giants = new TreeSet<>();
        for (int r : diagonals.keySet()) {
            int giant = r / babyStep * babyStep; // the split LinearTransform.encode makes
            babies.add(r - giant);
            giants.add(giant);
        }
        boolean babyZero = babies.contains(0);
        return new Operations(preSumSteps.length, babies.size() - (babyZero ? 1 : 0), babyZero, diagonals.size(),
                giants.size() - (giants.contains(0) ? 1 : 0), replicationSteps().size());
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
     * The transform encoded for the one linear-transform engine of ckks ({@link EncodedSlotTransform}) for inputs at
     * {@code level} and scale {@code inputScale}: the diagonals' plaintext scale Δ_out·q_level/Δ_in makes the
     * rescaled output exactly {@code outputScale}, and the bias is encoded at that output's level and scale.
     * {@code compact} keeps references to the diagonals' values, encoded again at every use (no extra memory).
     */
    public EncodedSlotTransform encode(Encoder encoder, CkksParameters params, int level, BigDecimal inputScale,
                                       BigDecimal outputScale, boolean compact) {
        if (level < 1) {
            throw new IllegalArgumentException("linear transform needs a level to consume; input level is " + level);
        }
        BigDecimal q = new BigDecimal(params.q(level));
        BigDecimal ptScale = outputScale.multiply(q, Evaluator.SCALE_CONTEXT).divide(inputScale, Evaluator.SCALE_CONTEXT);
        // the scale the evaluator computes for the rescaled product, so that the bias adds at exactly that scale
        BigDecimal productScale = inputScale.multiply(ptScale, Evaluator.SCALE_CONTEXT)
                .divide(q, Evaluator.SCALE_CONTEXT);
        // compact diagonals reference these vectors: share this program's diagonals and one zero imaginary part
        double[] zeros = new double[slots];
        Map<Integer, ComplexVector> complex = new TreeMap<>();
        diagonals.forEach((r, d) -> complex.put(r, new ComplexVector(d, zeros)));
        LinearTransform encoded = LinearTransform.encode(encoder, params, complex,
                Integer.numberOfTrailingZeros(slots), level, ptScale, compact);
        try {
            Plaintext encodedBias = encoder.encodeNew(bias, level - 1, productScale);
            return new EncodedSlotTransform(encoded, encodedBias, inputScale, preSumSteps.clone(),
                    replicationSteps().stream().mapToInt(Integer::intValue).toArray());
        } catch (RuntimeException e) {
            encoded.close();
            throw e;
        }
    }

    @Override
    public String toString() {
        return "linear " + in + " -> " + out + ": " + diagonals.size() + " diagonals, baby step " + babyStep + ", "
                + rotationCount() + " rotations";
    }
}

package dev.olafhe.ckks.lintrans;

import dev.olafhe.backend.Backend;
import dev.olafhe.backend.DevicePoly;
import dev.olafhe.ckks.Ciphertext;
import dev.olafhe.ckks.CiphertextQP;
import dev.olafhe.ckks.CkksContext;
import dev.olafhe.ckks.Evaluator;
import dev.olafhe.ckks.GiantStepRotator;
import dev.olafhe.ckks.HoistedDecomposition;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.IntStream;

/**
 * Evaluates {@link LinearTransform}s by the BSGS diagonal method with double hoisting (Bossuat et al.,
 * ckks-notes §1.6): c_1 is decomposed and ModUp'ed once; every baby-step rotation stays over Q ∪ P
 * (no ModDown) and is multiplied by its Q ∪ P diagonals into one lazy sum per giant step; each non-zero giant sum
 * takes one ModDown (its c_1 must be decomposed over Q) and one lazy rotation, which is added over Q ∪ P to the
 * unrotated giant step's sum: one ModDown at the end for all of them. Consumes one level (the final rescale).
 */
public final class LinearTransformEvaluator {
    /** Rotated giant-step sums accumulated per backend call: bounds the sums held at once. */
    private static final int GIANT_STEPS_PER_CALL = 8;
    /** Scratch purpose of the lazy sum of one giant step. */
    private static final String GIANT_STEP_SUM = "linearTransform.giantStepSum";
    /** Scratch purposes of a nested giant step's sum and of the one before it. */
    private static final String FOLD_SUM = "linearTransform.foldSum";
    private static final String FOLD_PREVIOUS = "linearTransform.foldPrevious";

    private final Evaluator evaluator;
    private final CkksContext context;
    private final Backend backend;
    private final GiantStepRotator rotator;

    public LinearTransformEvaluator(Evaluator evaluator) {
        this.evaluator = evaluator;
        this.context = evaluator.context();
        this.backend = context.backend();
        this.rotator = evaluator.giantStepRotator();
    }

    /** M·ct, rescaled: level ℓ − 1, scale Δ_ct·Δ_M/q_ℓ. */
    public Ciphertext evaluate(Ciphertext ct, LinearTransform transform) {
        Ciphertext out = evaluateWithoutRescale(ct, transform);
        evaluator.rescale(out, out);
        return out;
    }

    /** M·ct at ct's level with scale Δ_ct·Δ_M (for callers that fold the rescale into later work). */
    public Ciphertext evaluateWithoutRescale(Ciphertext ct, LinearTransform transform) {
        if (ct.degree() != 1) {
            throw new IllegalArgumentException("cannot apply a linear transform to a degree-" + ct.degree()
                    + " ciphertext; relinearize first");
        }
        if (ct.level() > transform.level()) {
            throw new IllegalArgumentException("cannot apply a linear transform encoded at level " + transform.level()
                    + " to a ciphertext at level " + ct.level() + "; drop the ciphertext or encode at its level");
        }
        if (ct.logSlots() > transform.logSlots()) {
            throw new IllegalArgumentException("cannot apply a " + transform.slots() + "-slot transform to a "
                    + ct.slots() + "-slot ciphertext");
        }
        int level = ct.level();
        BigDecimal scale = ct.scale().multiply(transform.scale(), Evaluator.SCALE_CONTEXT);
        Map<Integer, CiphertextQP> babies = new TreeMap<>();
        // without a non-zero baby step there is nothing to hoist: skip the decomposition (its ModUp)
        boolean rotatesBabies = transform.babySteps().stream().anyMatch(b -> b != 0);
        try (HoistedDecomposition dec = rotatesBabies ? evaluator.decompose(ct) : null;
             CiphertextQP sum = evaluator.lazyNew(level, scale, transform.logSlots())) {
            int[] rotated = transform.babySteps().stream().mapToInt(Integer::intValue).filter(b -> b != 0).toArray();
            if (rotatesBabies) {
                babies.putAll(evaluator.rotateHoistedLazyNew(ct, dec, rotated));
            }
            if (transform.babySteps().contains(0)) {
                babies.put(0, evaluator.liftLazyNew(ct));
            }
            SortedMap<Integer, SortedMap<Integer, EncodedDiagonal>> all = transform.encodedDiagonals();
            writeUnrotatedSum(all.get(0), babies, sum);
            if (transform.giantStepRotations() == GiantStepRotations.NESTED) {
                addNestedGiantSums(transform, babies, sum);
            } else {
                addIndependentGiantSums(all, babies, sum);
            }
            Ciphertext result = Ciphertext.empty();
            evaluator.modDown(sum, result);
            return result;
        } finally {
            babies.values().forEach(CiphertextQP::close);
        }
    }

    /** Σ_g rot_g(s_g) over the non-zero giant steps, each rotated by its own key, added to {@code sum}. */
    private void addIndependentGiantSums(SortedMap<Integer, SortedMap<Integer, EncodedDiagonal>> all,
                                         Map<Integer, CiphertextQP> babies, CiphertextQP sum) {
        int level = sum.level();
        BigDecimal scale = sum.scale();
        int logSlots = sum.logSlots();
        GiantSteps giants = new GiantSteps(sum);
        try {
            List<Map.Entry<Integer, SortedMap<Integer, EncodedDiagonal>>> resident = new ArrayList<>();
            for (Map.Entry<Integer, SortedMap<Integer, EncodedDiagonal>> giant : all.tailMap(1).entrySet()) {
                if (isResident(giant.getValue())) {
                    resident.add(giant);
                    // a batch tops the pending rotations up to one call's worth: no more sums held than before
                    if (resident.size() + giants.pending.size() >= GIANT_STEPS_PER_CALL) {
                        addResidentSums(resident, babies, giants, scale, logSlots);
                    }
                } else {
                    giants.add(giant.getKey(), innerSum(giant.getValue(), babies, level, scale, logSlots));
                }
            }
            addResidentSums(resident, babies, giants, scale, logSlots);
            giants.flush();
        } finally {
            giants.close();
        }
    }

    /**
     * Σ_k rot_{k·n1}(s_k) over the non-zero giant steps by Horner's rule ({@link GiantStepRotations#NESTED}), added to
     * {@code sum}: upwards acc ← s_k + rot_{n1}(acc) for k = up..1, downwards acc ← s_k + rot_{−n1}(acc) for
     * k = down..m−1, each chain's last acc rotated once more into the sum. Every step sums its giant step's products
     * over Q ∪ P and adds the lazily rotated acc there ({@link GiantStepRotator#addRotated}: one ModDown, of c_1 only):
     * the work of an independent giant step less the ModDown of c_0.
     */
    private void addNestedGiantSums(LinearTransform transform, Map<Integer, CiphertextQP> babies, CiphertextQP sum) {
        SortedMap<Integer, SortedMap<Integer, EncodedDiagonal>> all = transform.encodedDiagonals();
        int n = transform.slots();
        int n1 = transform.babySize();
        GiantStepRotations.Chains chains = transform.nestedChains();
        int[] up = IntStream.iterate(chains.up(), k -> k >= 1, k -> k - 1).toArray();
        int[] down = IntStream.range(chains.down(), chains.m()).toArray();
        foldChain(all, babies, sum, up, n1, n1);
        foldChain(all, babies, sum, down, n1, n - n1);
    }

    /**
     * One Horner chain: giant steps {@code ks} (k·n1), farthest first, each rotation by {@code step}. The step's sum
     * and the one before take turns in two scratch pairs (no allocation per step).
     */
    private void foldChain(SortedMap<Integer, SortedMap<Integer, EncodedDiagonal>> all,
                           Map<Integer, CiphertextQP> babies, CiphertextQP sum, int[] ks, int n1, int step) {
        int pCount = context.params().pCount();
        DevicePoly[][] buffers = {context.scratch().polys(FOLD_SUM, 2, sum.level() + 1, pCount),
                context.scratch().polys(FOLD_PREVIOUS, 2, sum.level() + 1, pCount)};
        CiphertextQP previous = null;
        for (int i = 0; i < ks.length; i++) {
            DevicePoly[] buffer = buffers[i % 2];
            // a view of scratch polys, not closed: the arena keeps them
            CiphertextQP s = CiphertextQP.of(buffer[0], buffer[1], sum.level(), sum.scale(), sum.logSlots());
            SortedMap<Integer, EncodedDiagonal> diagonals = all.get(ks[i] * n1);
            if (previous != null && diagonals != null && isResident(diagonals)) {
                rotator.sumOfProductsAddRotated(diagonals.keySet().stream().map(babies::get)
                        .toArray(CiphertextQP[]::new), diagonals.values().stream().map(EncodedDiagonal::acquire)
                        .toArray(DevicePoly[]::new), previous, step, s);
            } else {
                writeUnrotatedSum(diagonals, babies, s);
                if (previous != null) {
                    rotator.addRotated(s, previous, step);
                }
            }
            previous = s;
        }
        if (previous != null) {
            rotator.addRotated(sum, previous, step);
        }
    }

    /**
     * Writes the unrotated giant step's lazy sum Σ_b diag_{0,b} ⊙ lazyRot_b(ct) into {@code sum} (zero without one):
     * it stays over Q ∪ P, where the rotated giant steps are added, and all take one ModDown at the end.
     */
    private void writeUnrotatedSum(SortedMap<Integer, EncodedDiagonal> diagonals, Map<Integer, CiphertextQP> babies,
                                   CiphertextQP sum) {
        if (diagonals == null || diagonals.isEmpty()) {
            backend.mulScalarParts(sum.parts(), java.math.BigInteger.ZERO, sum.parts()); // the pool's poly: zeroed
        } else if (isResident(diagonals)) {
            DevicePoly[][] rotated = diagonals.keySet().stream().map(b -> babies.get(b).parts())
                    .toArray(DevicePoly[][]::new);
            DevicePoly[] factors = diagonals.values().stream().map(EncodedDiagonal::acquire).toArray(DevicePoly[]::new);
            backend.sumOfProducts(rotated, factors, sum.parts());
        } else {
            sumEncodingEachDiagonal(diagonals, babies, sum.parts());
        }
    }

    /**
     * The rotated giant-step sums, added to the lazy sum without ModDown ({@link GiantStepRotator#rotateAndAccumulate})
     * {@value #GIANT_STEPS_PER_CALL} at a time in one backend call. Modular sums are exact, so the order of the terms
     * does not change the result.
     */
    private final class GiantSteps implements AutoCloseable {
        private final CiphertextQP sum;
        private final List<Ciphertext> pending = new ArrayList<>();
        private final List<Integer> steps = new ArrayList<>();

        GiantSteps(CiphertextQP sum) {
            this.sum = sum;
        }

        void add(int giant, Ciphertext inner) {
            pending.add(inner);
            steps.add(giant);
            if (pending.size() == GIANT_STEPS_PER_CALL) {
                flush();
            }
        }

        void flush() {
            try {
                if (!pending.isEmpty()) {
                    rotator.rotateAndAccumulate(sum, pending, steps.stream().mapToInt(Integer::intValue).toArray());
                }
            } finally {
                close();
            }
        }

        /** Frees the pending sums. */
        @Override
        public void close() {
            pending.forEach(Ciphertext::close);
            pending.clear();
            steps.clear();
        }
    }

    private static boolean isResident(SortedMap<Integer, EncodedDiagonal> diagonals) {
        return !diagonals.isEmpty() && diagonals.values().stream().allMatch(EncodedDiagonal::isResident);
    }

    /**
     * ModDown(Σ_b diag_{g,b} ⊙ lazyRot_b(ct)) of giant steps whose diagonals are all resident, in one backend call
     * for the batch, each added to the giant steps' sum; the batch is emptied.
     */
    private void addResidentSums(List<Map.Entry<Integer, SortedMap<Integer, EncodedDiagonal>>> batch,
                                 Map<Integer, CiphertextQP> babies, GiantSteps giants, BigDecimal scale, int logSlots) {
        if (batch.isEmpty()) {
            return;
        }
        CiphertextQP[][] rotated = new CiphertextQP[batch.size()][];
        DevicePoly[][] factors = new DevicePoly[batch.size()][];
        for (int g = 0; g < batch.size(); g++) {
            SortedMap<Integer, EncodedDiagonal> diagonals = batch.get(g).getValue();
            rotated[g] = diagonals.keySet().stream().map(babies::get).toArray(CiphertextQP[]::new);
            factors[g] = diagonals.values().stream().map(EncodedDiagonal::acquire).toArray(DevicePoly[]::new);
        }
        Ciphertext[] sums = evaluator.modDownOfProductsNew(rotated, factors, scale, logSlots);
        for (int g = 0; g < sums.length; g++) {
            giants.add(batch.get(g).getKey(), sums[g]);
        }
        batch.clear();
    }

    /**
     * ModDown(Σ_b diag_{g,b} ⊙ lazyRot_b(ct)) of a giant step with compact diagonals (or none): the Q ∪ P
     * multiply-accumulate summed in scratch (the first product written, the others added: no zero-fill), brought
     * down into a fresh ciphertext.
     */
    private Ciphertext innerSum(SortedMap<Integer, EncodedDiagonal> diagonals, Map<Integer, CiphertextQP> babies,
                                int level, BigDecimal scale, int logSlots) {
        DevicePoly[] sum = context.scratch().polys(GIANT_STEP_SUM, 2, level + 1, context.params().pCount());
        if (diagonals.isEmpty()) { // a giant step without diagonals: the sum is zero
            backend.mulScalarParts(sum, java.math.BigInteger.ZERO, sum);
        } else {
            sumEncodingEachDiagonal(diagonals, babies, sum);
        }
        Ciphertext out = Ciphertext.empty();
        // a view of the scratch sum, not closed: the arena keeps its polys
        evaluator.modDown(CiphertextQP.of(sum[0], sum[1], level, scale, logSlots), out);
        return out;
    }

    /** The sum with compact diagonals: each encoded for its own product and freed after it (one at a time). */
    private void sumEncodingEachDiagonal(SortedMap<Integer, EncodedDiagonal> diagonals,
                                         Map<Integer, CiphertextQP> babies, DevicePoly[] sum) {
        boolean first = true;
        for (Map.Entry<Integer, EncodedDiagonal> d : diagonals.entrySet()) {
            DevicePoly[] rotated = babies.get(d.getKey()).parts();
            DevicePoly diagonal = d.getValue().acquire();
            try {
                if (first) {
                    backend.mulParts(rotated, diagonal, sum);
                } else {
                    backend.mulAddParts(rotated, diagonal, sum);
                }
                first = false;
            } finally {
                d.getValue().release(diagonal);
            }
        }
    }
}

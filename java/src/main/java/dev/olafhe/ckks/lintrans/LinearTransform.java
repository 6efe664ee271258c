package dev.olafhe.ckks.lintrans;

import dev.olafhe.backend.DevicePoly;
import dev.olafhe.ckks.CkksParameters;
import dev.olafhe.ckks.ComplexVector;
import dev.olafhe.ckks.Encoder;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A slot-space linear map v ↦ M·v on n = 2^logSlots slots, stored as its non-zero generalized diagonals
 * diag_i[j] = M[j][(j+i) mod n] and precomputed for the baby-step giant-step diagonal method
 * (ckks-notes §1.7): with baby size n1, index i = g + b (g = ⌊i/n1⌋·n1, b = i mod n1) and
 * M·v = Σ_g rot_g( Σ_b rot_{−g}(diag_{g+b}) ⊙ rot_b(v) ). The pre-rotated diagonals are encoded once at
 * a chosen level and scale over Q_level ∪ P, because the evaluation is double hoisted (baby-step rotations
 * are accumulated before ModDown, see {@link LinearTransformEvaluator}).
 *
 * <p>Owns device memory (the encoded diagonals); close it when done. A <em>compact</em> transform keeps only the
 * diagonals' slot values (not copied) and encodes each again at every use ({@link EncodedDiagonal}).
 */
public final class LinearTransform implements AutoCloseable {
    private final int logSlots;
    private final int level;
    private final BigDecimal scale;
    private final int babySize;
    private final GiantStepRotations giantStepRotations;
    /** giant step → baby step → encoded rot_{−g}(diag_{g+b}) over Q_level ∪ P. */
    private final SortedMap<Integer, SortedMap<Integer, EncodedDiagonal>> diagonals;

    private LinearTransform(int logSlots, int level, BigDecimal scale, int babySize,
                            GiantStepRotations giantStepRotations,
                            SortedMap<Integer, SortedMap<Integer, EncodedDiagonal>> diagonals) {
        this.logSlots = logSlots;
        this.level = level;
        this.scale = scale;
        this.babySize = babySize;
        this.giantStepRotations = giantStepRotations;
        this.diagonals = diagonals;
    }

    /**
     * Encodes a map of diagonals (index → values on n slots; indices are taken mod n and may be negative)
     * at {@code level} with plaintext scale {@code scale}. Choose the scale equal to q_level for the output
     * to keep the input's scale after the rescale.
     *
     * @throws IllegalArgumentException on an empty map, a vector of the wrong length, or n not a power of two
     */
    public static LinearTransform encode(Encoder encoder, CkksParameters params, Map<Integer, ComplexVector> diagonals,
                                         int logSlots, int level, BigDecimal scale) {
        return encode(encoder, params, diagonals, logSlots, level, scale, false);
    }

    /**
     * As above; {@code compact} keeps only references to the diagonals' values (see the class comment), which the
     * caller must then leave unchanged.
     */
    public static LinearTransform encode(Encoder encoder, CkksParameters params, Map<Integer, ComplexVector> diagonals,
                                         int logSlots, int level, BigDecimal scale, boolean compact) {
        return encode(encoder, params, diagonals, logSlots, level, scale, compact, GiantStepRotations.INDEPENDENT);
    }

    /** As above, with the giant steps rotated into place as {@code giantStepRotations} says (which keys it needs). */
    public static LinearTransform encode(Encoder encoder, CkksParameters params, Map<Integer, ComplexVector> diagonals,
                                         int logSlots, int level, BigDecimal scale, boolean compact,
                                         GiantStepRotations giantStepRotations) {
        int n = 1 << logSlots;
        if (logSlots < 0 || logSlots > params.logMaxSlots()) {
            throw new IllegalArgumentException("logSlots " + logSlots + " outside [0, " + params.logMaxSlots() + "]");
        }
        if (diagonals.isEmpty()) {
            throw new IllegalArgumentException("a linear transform needs at least one diagonal");
        }
        SortedMap<Integer, ComplexVector> normalized = new TreeMap<>();
        for (Map.Entry<Integer, ComplexVector> e : diagonals.entrySet()) {
            if (e.getValue().length() != n) {
                throw new IllegalArgumentException(String.format(Locale.ROOT,
                        "diagonal %d has %d values; every diagonal needs n = %d", e.getKey(), e.getValue().length(), n));
            }
            int index = Math.floorMod(e.getKey(), n);
            if (normalized.put(index, e.getValue()) != null) {
                throw new IllegalArgumentException("diagonal " + e.getKey() + " given twice (indices are mod " + n + ")");
            }
        }
        int babySize = bestBabySize(normalized.keySet(), n, giantStepRotations);
        SortedMap<Integer, SortedMap<Integer, EncodedDiagonal>> encoded = new TreeMap<>();
        try {
            for (Map.Entry<Integer, ComplexVector> e : normalized.entrySet()) {
                int giant = e.getKey() / babySize * babySize;
                int baby = e.getKey() - giant;
                encoded.computeIfAbsent(giant, g -> new TreeMap<>()).put(baby, compact
                        ? EncodedDiagonal.compact(encoder, e.getValue(), -giant, level, scale)
                        : EncodedDiagonal.resident(encoder.encodeQP(rotate(e.getValue(), -giant), level, scale)));
            }
        } catch (RuntimeException ex) {
            encoded.values().forEach(m -> m.values().forEach(EncodedDiagonal::close));
            throw ex;
        }
        return new LinearTransform(logSlots, level, scale, babySize, giantStepRotations, encoded);
    }

    /** The non-zero generalized diagonals of a dense n×n complex matrix (re, im: row-major [row][column]). */
    public static Map<Integer, ComplexVector> diagonalsOf(double[][] re, double[][] im) {
        int n = re.length;
        Map<Integer, ComplexVector> out = new TreeMap<>();
        for (int i = 0; i < n; i++) {
            double[] dr = new double[n];
            double[] di = new double[n];
            boolean nonZero = false;
            for (int j = 0; j < n; j++) {
                dr[j] = re[j][(j + i) % n];
                di[j] = im == null ? 0 : im[j][(j + i) % n];
                nonZero |= dr[j] != 0 || di[j] != 0;
            }
            if (nonZero) {
                out.put(i, new ComplexVector(dr, di));
            }
        }
        return out;
    }

    /** Left rotation of a slot vector: out[j] = v[(j + r) mod n]. */
    static ComplexVector rotate(ComplexVector v, int r) {
        int n = v.length();
        double[] re = new double[n];
        double[] im = new double[n];
        for (int j = 0; j < n; j++) {
            int src = Math.floorMod(j + r, n);
            re[j] = v.re()[src];
            im[j] = v.im()[src];
        }
        return new ComplexVector(re, im);
    }

    /**
     * The power-of-two baby size with the fewest rotations (distinct non-zero baby steps plus the giant steps'
     * rotations, {@link GiantStepRotations#INDEPENDENT}); ties go to the larger baby size, since baby steps share one
     * decomposition and skip ModDown.
     */
    public static int bestBabySize(java.util.Set<Integer> indices, int n) {
        return bestBabySize(indices, n, GiantStepRotations.INDEPENDENT);
    }

    /** As above, the giant steps rotated as {@code giantStepRotations} says. */
    public static int bestBabySize(java.util.Set<Integer> indices, int n, GiantStepRotations giantStepRotations) {
        int best = 1;
        int bestRotations = Integer.MAX_VALUE;
        for (int n1 = 1; n1 <= n; n1 *= 2) {
            int rotations = rotations(indices, n, n1, giantStepRotations);
            if (rotations <= bestRotations) {
                best = n1;
                bestRotations = rotations;
            }
        }
        return best;
    }

    /**
     * The rotation steps a transform with these non-zero diagonal indices (mod n) will need, without
     * encoding anything: for key planning (e.g. which keys bootstrapping needs at logN 16).
     */
    public static SortedSet<Integer> rotationStepsFor(java.util.Set<Integer> diagonalIndices, int n) {
        return rotationStepsFor(diagonalIndices, n, GiantStepRotations.INDEPENDENT);
    }

    /** As above, the giant steps rotated as {@code giantStepRotations} says. */
    public static SortedSet<Integer> rotationStepsFor(java.util.Set<Integer> diagonalIndices, int n,
                                                      GiantStepRotations giantStepRotations) {
        SortedSet<Integer> indices = new TreeSet<>();
        diagonalIndices.forEach(i -> indices.add(Math.floorMod(i, n)));
        int n1 = bestBabySize(indices, n, giantStepRotations);
        SortedSet<Integer> steps = babySteps(indices, n1);
        steps.addAll(giantStepRotations.keySteps(giantSteps(indices, n1), n, n1));
        return steps;
    }

    /**
     * Rotations one evaluation performs with baby size n1: the distinct non-zero baby steps plus the giant steps'
     * rotations ({@link GiantStepRotations#INDEPENDENT}: one per distinct non-zero giant step).
     */
    public static int rotations(java.util.Set<Integer> indices, int n, int n1, GiantStepRotations giantStepRotations) {
        return babySteps(indices, n1).size() + giantStepRotations.rotations(giantSteps(indices, n1), n, n1);
    }

    /** Distinct non-zero baby plus giant steps for baby size n1: the rotations of {@link GiantStepRotations#INDEPENDENT}. */
    public static int rotations(java.util.Set<Integer> indices, int n1) {
        return babySteps(indices, n1).size() + giantSteps(indices, n1).size();
    }

    /** The distinct non-zero baby steps i mod n1 of these indices. */
    private static SortedSet<Integer> babySteps(java.util.Set<Integer> indices, int n1) {
        SortedSet<Integer> babies = new TreeSet<>();
        indices.forEach(i -> babies.add(i % n1));
        return nonZero(babies);
    }

    /** The distinct non-zero giant steps ⌊i/n1⌋·n1 of these indices. */
    private static SortedSet<Integer> giantSteps(java.util.Set<Integer> indices, int n1) {
        SortedSet<Integer> giants = new TreeSet<>();
        indices.forEach(i -> giants.add(i / n1 * n1));
        return nonZero(giants);
    }

    /** Rotation steps the evaluation needs keys for: the non-zero baby steps and the giant steps' keys. */
    public SortedSet<Integer> rotationSteps() {
        SortedSet<Integer> steps = nonZero(babySteps());
        steps.addAll(giantStepRotations.keySteps(nonZero(giantSteps()), slots(), babySize));
        return steps;
    }

    /** Rotations one evaluation performs: the non-zero baby steps and the giant steps' rotations. */
    public int rotationCount() {
        return nonZero(babySteps()).size() + giantStepRotations.rotations(nonZero(giantSteps()), slots(), babySize);
    }

    /** The {@link GiantStepRotations#NESTED} split of this transform's giant steps (the one its keys are made for). */
    GiantStepRotations.Chains nestedChains() {
        return GiantStepRotations.Chains.of(nonZero(giantSteps()), slots(), babySize);
    }

    private static SortedSet<Integer> nonZero(SortedSet<Integer> steps) {
        steps.remove(0);
        return steps;
    }

    SortedSet<Integer> babySteps() {
        SortedSet<Integer> steps = new TreeSet<>();
        diagonals.values().forEach(m -> steps.addAll(m.keySet()));
        return steps;
    }

    SortedSet<Integer> giantSteps() {
        return new TreeSet<>(diagonals.keySet());
    }

    SortedMap<Integer, SortedMap<Integer, EncodedDiagonal>> encodedDiagonals() {
        return Collections.unmodifiableSortedMap(diagonals);
    }

    public int logSlots() {
        return logSlots;
    }

    public int slots() {
        return 1 << logSlots;
    }

    /** Level of the encoded diagonals: the highest level a ciphertext may have to be transformed. */
    public int level() {
        return level;
    }

    /** Scale of the encoded diagonals. */
    public BigDecimal scale() {
        return scale;
    }

    public int babySize() {
        return babySize;
    }

    public GiantStepRotations giantStepRotations() {
        return giantStepRotations;
    }

    public int diagonalCount() {
        return diagonals.values().stream().mapToInt(Map::size).sum();
    }

    /** Bytes the diagonals hold in memory (encoded limbs, or integer coefficients when compact). */
    public long bytesInMemory() {
        long bytes = 0;
        for (SortedMap<Integer, EncodedDiagonal> giant : diagonals.values()) {
            for (EncodedDiagonal d : giant.values()) {
                bytes += d.bytesInMemory();
            }
        }
        return bytes;
    }

    @Override
    public void close() {
        diagonals.values().forEach(m -> m.values().forEach(EncodedDiagonal::close));
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "LinearTransform(slots=%d, diagonals=%d, baby=%d, giants=%d %s, rotations=%d, keys=%d, level=%d)",
                slots(), diagonalCount(), babySize, diagonals.size(), giantStepRotations, rotationCount(),
                rotationSteps().size(), level);
    }
}

package dev.olafhe.infer;

import dev.olafhe.backend.Backend;
import dev.olafhe.ckks.CkksParameters;
import dev.olafhe.ckks.Encoder;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every linear step of an {@link HeProgram} encoded once on the server's backend ({@link EncodedSlotTransform}),
 * each for the level its input has in the program and the parameters' default scale (every value is kept at Δ).
 * Resident or compact like bootstrapping's DFT factors: compact keeps references to the program's own float64
 * diagonals (no copy) and encodes each again at every use.
 */
final class EncodedLinearLayers implements AutoCloseable {
    private final Map<Integer, EncodedSlotTransform> byStep;

    private EncodedLinearLayers(Map<Integer, EncodedSlotTransform> byStep) {
        this.byStep = byStep;
    }

    static EncodedLinearLayers encode(HeProgram program, Encoder encoder, CkksParameters params, boolean compact) {
        BigDecimal scale = params.defaultScale();
        Map<Integer, EncodedSlotTransform> byStep = new TreeMap<>();
        List<HeStep> steps = program.steps();
        try {
            for (int k = 0; k < steps.size(); k++) {
                if (steps.get(k) instanceof HeStep.Linear l) {
                    byStep.put(k, l.transform().encode(encoder, params, inputLevel(program, k), scale, scale, compact));
                }
            }
        } catch (RuntimeException e) {
            byStep.values().forEach(EncodedSlotTransform::close);
            throw e;
        }
        return new EncodedLinearLayers(byStep);
    }

    /**
     * The policy of {@link KeyResidency} {@code auto} for bootstrapping's DFT factors, applied to these diagonals:
     * compact when resident they would take more than {@link KeyResidency#AUTO_FRACTION_OF_MEMORY} of the memory
     * the backend keeps them in.
     */
    static boolean compactByDefault(HeProgram program, CkksParameters params, Backend backend) {
        return new KeyResidency("auto").compact(residentBytes(program, params), backend);
    }

    /** Bytes of every diagonal encoded over Q_level ∪ P (resident), without encoding anything. */
    static long residentBytes(HeProgram program, CkksParameters params) {
        long bytes = 0;
        List<HeStep> steps = program.steps();
        for (int k = 0; k < steps.size(); k++) {
            if (steps.get(k) instanceof HeStep.Linear l) {
                long limbs = inputLevel(program, k) + 1L + params.pModuli().length;
                bytes += l.transform().diagonalCount() * limbs * params.n() * Long.BYTES;
            }
        }
        return bytes;
    }

    /** A linear step reads its input one level above the level it writes. */
    private static int inputLevel(HeProgram program, int step) {
        return program.readLevel(step);
    }

    /** The encoded transform of linear step {@code step}. */
    EncodedSlotTransform at(int step) {
        return byStep.get(step);
    }

    /** Bytes the diagonals hold in backend memory. */
    long diagonalBytes() {
        return byStep.values().stream().mapToLong(EncodedSlotTransform::diagonalBytes).sum();
    }

    @Override
    public void close() {
        byStep.values().forEach(EncodedSlotTransform::close);
    }
}

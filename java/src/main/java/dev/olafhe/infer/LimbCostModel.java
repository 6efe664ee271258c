package dev.olafhe.infer;

import dev.olafhe.approx.ChebyshevSeries;

/**
 * A limb-operation proxy: a step costs (read level + 1) RNS limbs times its operation count, and a bootstrap its
 * cost at the top end level less SlotToCoeff's operations ({@link
 * dev.olafhe.ckks.boot.Bootstrapper#slotsToCoeffsOperations}) for every level it ends below the top (SlotToCoeff then
 * runs at one limb fewer). Operation counts: a linear layer its rotations (key switches) plus its diagonals
 * (plaintext multiply-accumulates); an activation the ciphertext multiplications of baby-step/giant-step evaluation,
 * about 2·√(d+1) + ⌈log2(d+1)⌉ per series of degree d (plus one for a composite's product with its input); an
 * addition nothing.
 *
 * <p>{@link #DEFAULT_BOOTSTRAP} = 2.15e4 limb-operations comes from measured ratios on the n16-resnet chain
 * (2026-11-30 ResNet-20 run, CPU backend, {@code bench/results/2026-11-30-cpu-epyc2-e2e}): 246 s of linear layers
 * and 66.3 s per bootstrap, with the linear layers of that run (lazy placement, no level dropping) counted by this
 * model; see {@code bench/results/2026-12-03-cpu-epyc2-levels/README.md} for the arithmetic. That bootstrap ended at
 * the top ({@link #DEFAULT_TOP_LEVEL}, the chain's levels after bootstrapping); {@link #DEFAULT_SLOTS_TO_COEFFS} is
 * SlotToCoeff's operations per limb on that chain at its 2^15 slots.
 */
public final class LimbCostModel implements LevelCostModel {
    /** A bootstrap in limb-operations (see the class comment). */
    public static final double DEFAULT_BOOTSTRAP = 2.15e4;

    /** The end level {@link #DEFAULT_BOOTSTRAP} was measured at: the n16-resnet chain's levels after bootstrapping. */
    public static final int DEFAULT_TOP_LEVEL = 16;
    /** SlotToCoeff's operations per limb on the n16-resnet chain at 2^15 slots (a test recomputes it). */
    public static final double DEFAULT_SLOTS_TO_COEFFS = 196;

    private final double bootstrap;
    private final int topLevel;
    private final double slotsToCoeffs;

    /**
     * @param bootstrap     a bootstrap ending at {@code topLevel}, in limb-operations
     * @param slotsToCoeffs limb-operations saved per level a bootstrap ends below {@code topLevel} (0: the same price
     *                      at every end level)
     */
    public LimbCostModel(double bootstrap, int topLevel, double slotsToCoeffs) {
        if (!(bootstrap >= 0) || !(slotsToCoeffs >= 0) || topLevel < 0) {
            throw new IllegalArgumentException("limb cost model: bootstrap " + bootstrap + " at level " + topLevel
                    + ", SlotToCoeff " + slotsToCoeffs + " per level");
        }
        this.bootstrap = bootstrap;
        this.topLevel = topLevel;
        this.slotsToCoeffs = slotsToCoeffs;
    }

    /** A bootstrap of {@code bootstrap} limb-operations at every end level. */
    public LimbCostModel(double bootstrap) {
        this(bootstrap, 0, 0);
    }

    /** The n16-resnet figures (see the class comment). */
    public LimbCostModel() {
        this(DEFAULT_BOOTSTRAP, DEFAULT_TOP_LEVEL, DEFAULT_SLOTS_TO_COEFFS);
    }

    @Override
    public double step(HeStep step, int readLevel) {
        return (readLevel + 1.0) * operations(step);
    }

    /** The top-end-level cost less SlotToCoeff's operations per level below the top (more above it), at least 0. */
    @Override
    public double bootstrap(int endLevel) {
        return Math.max(0, bootstrap - slotsToCoeffs * (topLevel - endLevel));
    }

    /** The operation count of a step (see the class comment); compiles a linear step's transform. */
    public static double operations(HeStep step) {
        if (step instanceof HeStep.Linear l) {
            return l.transform().rotationCount() + l.transform().diagonalCount();
        } else if (step instanceof HeStep.Activation a) {
            if (a.function() instanceof UnitActivation.Series s) {
                return multiplications(s.series());
            }
            UnitActivation.InputTimesComposite c = (UnitActivation.InputTimesComposite) a.function();
            return c.stages().stream().mapToDouble(LimbCostModel::multiplications).sum() + 1;
        }
        return 0;
    }

    private static double multiplications(ChebyshevSeries p) {
        int d = p.degree();
        return 2 * Math.ceil(Math.sqrt(d + 1.0)) + (32 - Integer.numberOfLeadingZeros(d));
    }

    /** Limb-operations of the linear layers of {@code program} at the levels it reads them. */
    public static double linearLimbOps(HeProgram program) {
        double sum = 0;
        for (int k = 0; k < program.steps().size(); k++) {
            if (program.steps().get(k) instanceof HeStep.Linear l) {
                sum += (program.readLevel(k) + 1.0) * operations(l);
            }
        }
        return sum;
    }
}

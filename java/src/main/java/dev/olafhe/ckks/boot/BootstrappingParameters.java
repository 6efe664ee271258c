package dev.olafhe.ckks.boot;

import dev.olafhe.ckks.CkksParameters;
import dev.olafhe.ckks.CkksParametersLiteral;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Validated bootstrapping parameters: the CKKS parameters of the whole chain, the EvalMod polynomial
 * and the depth of every stage with the levels left after it. Create with {@link #of}.
 */
public final class BootstrappingParameters {
    /** One stage of the circuit: its depth and the ciphertext level after it. */
    public record Stage(String name, int depth, int levelAfter) {
    }

    private final BootstrappingParametersLiteral literal;
    private final CkksParameters ckks;
    private final EvalMod evalMod;
    private final List<Stage> stages;

    private BootstrappingParameters(BootstrappingParametersLiteral literal, CkksParameters ckks, EvalMod evalMod,
                                    List<Stage> stages) {
        this.literal = literal;
        this.ckks = ckks;
        this.evalMod = evalMod;
        this.stages = stages;
    }

    /**
     * Validates the literal, sizes the EvalMod levels and builds the CKKS parameters of the full chain
     * (which enforce the security bound unless test-only).
     *
     * @throws IllegalArgumentException naming every problem
     */
    public static BootstrappingParameters of(BootstrappingParametersLiteral lit) {
        List<String> problems = new ArrayList<>();
        if (lit.residualLogQ().length < 1) {
            problems.add("residualLogQ needs at least q_0");
        }
        if (lit.coeffsToSlotsLogQ().length < 1 || lit.slotsToCoeffsLogQ().length < 1) {
            problems.add("CoeffToSlot and SlotToCoeff need at least one level each");
        }
        if (lit.coeffsToSlotsLogQ().length > lit.logN() - 1 || lit.slotsToCoeffsLogQ().length > lit.logN() - 1) {
            problems.add("a DFT of at most 2^" + (lit.logN() - 1) + " slots has at most " + (lit.logN() - 1) + " levels");
        }
        if (lit.k() < 1) {
            problems.add("K must be >= 1, got " + lit.k());
        }
        if (lit.cosineDegree() < 2) {
            problems.add("the cosine degree must be >= 2, got " + lit.cosineDegree());
        }
        if (lit.doubleAngles() < 0) {
            problems.add("double angles must be >= 0, got " + lit.doubleAngles());
        }
        if (lit.arcsinDegree() < 0 || (lit.arcsinDegree() > 0 && lit.arcsinDegree() % 2 == 0)) {
            problems.add("the arcsin degree must be 0 (none) or odd, got " + lit.arcsinDegree());
        }
        if (lit.ephemeralHammingWeight() < 0 || lit.ephemeralHammingWeight() > (1 << lit.logN())) {
            problems.add("ephemeral Hamming weight must be in [0, N], got " + lit.ephemeralHammingWeight());
        }
        if (lit.evalModLogQ() < lit.logDefaultScale() || lit.evalModLogQ() > 61) {
            problems.add("EvalMod primes must have between logDefaultScale and 61 bits, got " + lit.evalModLogQ());
        }
        if (lit.residualLogQ().length > 0 && lit.residualLogQ()[0] - lit.logDefaultScale() < 4) {
            problems.add("q_0 must exceed the scale by at least 4 bits (the message ratio q_0/Δ), got "
                    + (lit.residualLogQ()[0] - lit.logDefaultScale()));
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid bootstrapping parameters: " + String.join("; ", problems));
        }
        EvalMod evalMod = new EvalMod(lit.k(), lit.cosineDegree(), lit.doubleAngles(), lit.arcsinDegree());
        int[] evalModQ = CkksParametersLiteral.repeat(lit.evalModLogQ(), evalMod.depth());
        int[] logQ = CkksParametersLiteral.concat(lit.residualLogQ(), lit.slotsToCoeffsLogQ(), evalModQ,
                lit.coeffsToSlotsLogQ());
        CkksParameters ckks = CkksParameters.of(new CkksParametersLiteral(lit.logN(), logQ, lit.logP(),
                lit.logDefaultScale(), lit.secret(), lit.dnum(), lit.testOnly()));
        List<Stage> stages = new ArrayList<>();
        int level = ckks.maxLevel();
        stages.add(new Stage("ModRaise (+trace for sparse slots)", 0, level));
        level -= lit.coeffsToSlotsLogQ().length;
        stages.add(new Stage("CoeffToSlot", lit.coeffsToSlotsLogQ().length, level));
        level -= evalMod.depth();
        stages.add(new Stage("EvalMod", evalMod.depth(), level));
        level -= lit.slotsToCoeffsLogQ().length;
        stages.add(new Stage("SlotToCoeff", lit.slotsToCoeffsLogQ().length, level));
        return new BootstrappingParameters(lit, ckks, evalMod, List.copyOf(stages));
    }

    public BootstrappingParametersLiteral literal() {
        return literal;
    }

    /** The CKKS parameters of the whole chain (what contexts and keys are built on). */
    public CkksParameters ckks() {
        return ckks;
    }

    EvalMod evalMod() {
        return evalMod;
    }

    public List<Stage> stages() {
        return stages;
    }

    public int coeffsToSlotsLevels() {
        return literal.coeffsToSlotsLogQ().length;
    }

    public int slotsToCoeffsLevels() {
        return literal.slotsToCoeffsLogQ().length;
    }

    public int evalModDepth() {
        return evalMod.depth();
    }

    /** Levels bootstrapping consumes. */
    public int depth() {
        return coeffsToSlotsLevels() + evalModDepth() + slotsToCoeffsLevels();
    }

    /** The level of a bootstrapped ciphertext: what is left to the circuit. */
    public int levelsAfterBootstrapping() {
        return literal.residualLogQ().length - 1;
    }

    /** log2 of the worst error of the cosine interpolant before the double angles. */
    public double cosineLog2Error() {
        return evalMod.cosineLog2Error();
    }

    /** Multi-line report: chain, security, stage depths and levels left. */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        sb.append(ckks).append('\n');
        sb.append(String.format(Locale.ROOT, "EvalMod: K=%d, cosine degree %d (interpolation error 2^%.1f), %d double angles, "
                        + "arcsin degree %d, %s%n", literal.k(), literal.cosineDegree(), cosineLog2Error(),
                literal.doubleAngles(), literal.arcsinDegree(), literal.ephemeralHammingWeight() > 0
                        ? "sparse-secret encapsulation h'=" + literal.ephemeralHammingWeight() : "no encapsulation"));
        for (Stage s : stages) {
            sb.append(String.format(Locale.ROOT, "  %-36s depth %2d  -> level %d%n", s.name(), s.depth(), s.levelAfter()));
        }
        sb.append(String.format(Locale.ROOT, "  bootstrapping depth %d, levels left to the circuit: %d", depth(),
                levelsAfterBootstrapping()));
        return sb.toString();
    }

    @Override
    public String toString() {
        return describe();
    }
}

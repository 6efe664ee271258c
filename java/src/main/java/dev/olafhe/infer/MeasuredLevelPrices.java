package dev.olafhe.infer;

import dev.olafhe.approx.ChebyshevSeries;
import dev.olafhe.ckks.poly.Parity;
import dev.olafhe.ckks.poly.PolynomialCost;
import dev.olafhe.nn.Network;
import dev.olafhe.plan.LevelPrices;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link LevelPrices} from an {@code ola calibrate} file ({@link MeasuredLevelCosts}) for one network: what the planner's
 * level-priced DP charges. The network's linear steps are compiled once (they do not depend on the polynomials) and
 * grouped by the activation layer that follows them in program order (the tail after the last one); each step is
 * priced by its exact operation counts at the level it reads at: the group's read level less the levels its own
 * input already consumed within the group (residual additions take the deeper operand). Polynomials are priced by their
 * {@link PolynomialCost} counts, a bootstrap by its measured time at its end level.
 */
public final class MeasuredLevelPrices implements LevelPrices {
    private record Step(SlotLinearTransform.Operations operations, int levelsBefore) {
    }

    private final MeasuredLevelCosts costs;
    private final int levelsAfterBootstrap;
    /** [layer] (the tail last): its linear steps, and the levels the group consumes. */
    private final List<List<Step>> groups;
    private final int[] groupLevels;

    private MeasuredLevelPrices(MeasuredLevelCosts costs, int levelsAfterBootstrap, List<List<Step>> groups,
                                int[] groupLevels) {
        this.costs = costs;
        this.levelsAfterBootstrap = levelsAfterBootstrap;
        this.groups = groups;
        this.groupLevels = groupLevels;
    }

    /**
     * The prices of {@code net}'s steps under {@code costs}, measured on the bootstrapping preset {@code preset}.
     *
     * @throws IllegalArgumentException when the preset is unknown or the bootstrap was timed at another slot count
     */
    public static MeasuredLevelPrices of(Network net, MeasuredLevelCosts costs, String preset) {
        Map<Integer, ChebyshevSeries> identity = new HashMap<>();
        for (int l = 0; l < net.numActivations(); l++) {
            identity.put(l, new ChebyshevSeries(-1, 1, new double[] {0, 1}));
        }
        // pricing only, no keys are made: a test-only preset is allowed here
        CompiledSession session = CompiledSession.compile(net, new LayerPolynomials(identity), "linear steps", preset,
                16, 40, true);
        if (session.bootstrapping() == null) {
            throw new IllegalArgumentException("level costs of preset " + preset + ": not a bootstrapping preset");
        }
        HeProgram program = session.program();
        costs.requireBootstrapSlots(program.slots());
        int layers = net.numActivations();
        List<List<Step>> groups = new ArrayList<>();
        for (int l = 0; l <= layers; l++) {
            groups.add(new ArrayList<>());
        }
        int[] levels = new int[layers + 1];
        Map<Integer, Integer> consumed = new HashMap<>(); // value -> levels its group consumed up to it
        List<Step> pending = new ArrayList<>();
        int pendingLevels = 0;
        for (HeStep step : program.steps()) {
            if (step instanceof HeStep.Linear lin) {
                int before = consumed.getOrDefault(lin.input(), 0);
                pending.add(new Step(lin.transform().operations(), before));
                consumed.put(lin.output(), before + lin.transform().depth());
                pendingLevels = Math.max(pendingLevels, before + lin.transform().depth());
            } else if (step instanceof HeStep.Add add) {
                consumed.put(add.output(), Math.max(consumed.getOrDefault(add.left(), 0),
                        consumed.getOrDefault(add.right(), 0)));
            } else if (step instanceof HeStep.Activation act) {
                groups.get(act.layer()).addAll(pending);
                levels[act.layer()] = Math.max(levels[act.layer()], pendingLevels);
                pending.clear();
                pendingLevels = 0;
            } // a bootstrap leaves its value's levels as they were: the placement here is not the plan's
        }
        groups.get(layers).addAll(pending);
        levels[layers] = pendingLevels;
        return new MeasuredLevelPrices(costs, session.bootstrapping().levelsAfterBootstrapping(), groups, levels);
    }

    @Override
    public int linearLevels(int layer) {
        return groupLevels[layer];
    }

    /** Each step at the group's read level less what its input consumed before it (never below level 1). */
    @Override
    public double linearSeconds(int layer, int readLevel) {
        double s = 0;
        for (Step step : groups.get(layer)) {
            s += costs.linear(step.operations(), Math.max(1, readLevel - step.levelsBefore()));
        }
        return s;
    }

    @Override
    public double polynomialSeconds(int degree, boolean odd, int readLevel) {
        return costs.polynomial(PolynomialCost.of(degree, odd ? Parity.ODD : Parity.GENERAL), readLevel);
    }

    @Override
    public double multiplicationSeconds(int readLevel) {
        return costs.seconds(MeasuredLevelCosts.Primitive.MULTIPLY, readLevel)
                + costs.seconds(MeasuredLevelCosts.Primitive.RELINEARIZE, readLevel)
                + costs.seconds(MeasuredLevelCosts.Primitive.RESCALE, readLevel);
    }

    @Override
    public double bootstrapSeconds(int endLevel) {
        return costs.bootstrap(endLevel);
    }

    @Override
    public int levelsAfterBootstrap() {
        return levelsAfterBootstrap;
    }

    @Override
    public String description() {
        return costs.source() + ", every step at the level it runs at";
    }
}

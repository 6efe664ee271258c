package dev.olafhe.infer;

import dev.olafhe.approx.ChebyshevSeries;
import dev.olafhe.ckks.poly.Parity;
import dev.olafhe.ckks.poly.PolynomialCost;
import dev.olafhe.nn.Network;
import dev.olafhe.plan.LevelPrices;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link LevelPrices} from an {@code ola calibrate} file ({@link MeasuredLevelCosts}) for one network: what the planner
 * charges. The network's steps are compiled once (the linear steps do not depend on the polynomials); the cheapest
 * program is {@link LevelPlanner#solve} over them with the planner's candidates at the activations, so that the plan's
 * bootstraps, levels and seconds are those the runtime will have. Linear steps and additions are priced by their exact
 * operation counts at the level they read at, polynomials by their {@link PolynomialCost} counts, a bootstrap by its
 * measured time at its end level.
 */
public final class MeasuredLevelPrices implements LevelPrices {
    private final MeasuredLevelCosts costs;
    private final int levelsAfterBootstrap;
    private final int layers;
    /** The compiled program's steps without its bootstraps, and its input level. */
    private final List<HeStep> steps;
    private final int inputLevel;

    private MeasuredLevelPrices(MeasuredLevelCosts costs, int levelsAfterBootstrap, int layers, List<HeStep> steps,
                                int inputLevel) {
        this.costs = costs;
        this.levelsAfterBootstrap = levelsAfterBootstrap;
        this.layers = layers;
        this.steps = steps;
        this.inputLevel = inputLevel;
    }

    /**
     * The prices of {@code net}'s steps under {@code costs}, measured on the bootstrapping preset {@code preset}.
     *
     * @throws IllegalArgumentException when the preset is unknown, the bootstrap was timed at another slot count, or an
     *                                  activation layer is not exactly one step of the program
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
        List<HeStep> steps = program.steps().stream().filter(s -> !(s instanceof HeStep.Bootstrap)).toList();
        int[] seen = new int[net.numActivations()];
        steps.stream().filter(s -> s instanceof HeStep.Activation)
                .forEach(s -> seen[((HeStep.Activation) s).layer()]++);
        for (int l = 0; l < seen.length; l++) {
            if (seen[l] != 1) {
                throw new IllegalArgumentException("activation layer " + l + " is " + seen[l] + " steps of the compiled"
                        + " program, not one: the planner chooses one polynomial per step");
            }
        }
        return new MeasuredLevelPrices(costs, session.bootstrapping().levelsAfterBootstrapping(), seen.length, steps,
                program.inputLevel());
    }

    @Override
    public Cheapest cheapest(Candidates candidates, int maxBins) {
        LevelPlanner.Solution s = LevelPlanner.solve(steps, inputLevel, levelsAfterBootstrap, costs,
                choices(candidates), maxBins);
        if (s == null) {
            return null;
        }
        int[] choice = new int[layers];
        boolean[] boot = new boolean[layers];
        double[] layerSeconds = new double[layers + 1];
        double pending = 0;
        for (int k = 0; k < steps.size(); k++) {
            pending += s.stepCost()[k];
            if (steps.get(k) instanceof HeStep.Activation a) {
                choice[a.layer()] = s.candidate()[k];
                boot[a.layer()] = s.bootstrapBefore()[k];
                layerSeconds[a.layer()] = pending;
                pending = 0;
            }
        }
        layerSeconds[layers] = pending;
        return new Cheapest(choice, boot, s.cost(), s.bins(), layerSeconds);
    }

    /** The planner's candidates as the programme's choices at each activation step. */
    private LevelPlanner.Choices choices(Candidates candidates) {
        return new LevelPlanner.Choices() {
            @Override
            public int count(HeStep.Activation step) {
                return candidates.count(step.layer());
            }

            @Override
            public int depth(HeStep.Activation step, int c) {
                return candidates.depth(step.layer(), c);
            }

            @Override
            public int bins(HeStep.Activation step, int c) {
                return candidates.bins(step.layer(), c);
            }

            @Override
            public double cost(HeStep.Activation step, int c, int readLevel) {
                // with the doubling of a halved input, as the runtime prices its activations
                return candidates.seconds(step.layer(), c, readLevel) + costs.inputDoubling(step, readLevel);
            }
        };
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

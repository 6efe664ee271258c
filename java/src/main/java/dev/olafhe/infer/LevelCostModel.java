package dev.olafhe.infer;

/**
 * What a step costs at the level it reads at, and what a bootstrap costs, in one unit of the model's choice:
 * the objective of {@link LevelPlanner} and of {@link HeProgram#predictedCost}.
 */
public interface LevelCostModel {
    /** Cost of {@code step} (a linear layer, an activation or an addition) reading its input at {@code readLevel}. */
    double step(HeStep step, int readLevel);

    /**
     * Cost of one bootstrap that ends at {@code endLevel} (the level it leaves: bootstrapping ends straight at the
     * level the rest of its segment needs, and a lower end level is cheaper since SlotToCoeff runs at fewer limbs).
     */
    double bootstrap(int endLevel);
}

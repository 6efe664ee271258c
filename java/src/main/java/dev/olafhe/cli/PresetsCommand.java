package dev.olafhe.cli;

import dev.olafhe.ckks.boot.BootstrappingParameters;
import dev.olafhe.ckks.boot.BootstrappingParametersLiteral;
import dev.olafhe.ckks.boot.BootstrappingPresets;
import dev.olafhe.ckks.boot.LevelBudget;
import dev.olafhe.ckks.boot.LevelBudgetReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code ola presets}: the bootstrapping presets (chain, security, stage depths, levels left) and, with
 * {@code --level-budget}, what each CoeffToSlot/SlotToCoeff level budget leaves and costs ({@link LevelBudgetReport}:
 * computed on the host, no keys generated, no bootstrap run).
 */
@Command(name = "presets", mixinStandardHelpOptions = true,
        description = "Describe the bootstrapping presets; with --level-budget, the levels left, log QP, DFT diagonals, "
                + "rotation keys and memory of each level budget (computed: nothing is generated or run; `ola "
                + "calibrate --level-budget` measures a budget's bootstrap time).")
public final class PresetsCommand implements Callable<Integer> {
    @Parameters(arity = "0..*", paramLabel = "PRESET", description = "presets to describe (default: all of "
            + "n16-resnet, n16-h192, logn11-insecure)")
    List<String> presets = new ArrayList<>();

    @Option(names = "--level-budget", paramLabel = "C,S|all", description = "CoeffToSlot and SlotToCoeff levels "
            + "(each " + LevelBudget.MIN_LEVELS + ".." + LevelBudget.MAX_LEVELS + ", e.g. 4,4; repeatable), or all")
    List<String> levelBudgets = new ArrayList<>();

    @Option(names = "--log-slots", description = "log2 of the slots bootstrapped (default: the most the ring has)")
    Integer logSlots;

    @Override
    public Integer call() {
        List<LevelBudget> budgets = new ArrayList<>();
        for (String b : levelBudgets) {
            budgets.addAll(b.strip().equals("all") ? LevelBudget.all() : List.of(LevelBudget.parse(b)));
        }
        List<String> names = presets.isEmpty()
                ? BootstrappingPresets.names().subList(1, BootstrappingPresets.names().size()) : presets;
        for (String name : names) {
            BootstrappingParametersLiteral literal = BootstrappingPresets.byName(name).orElseThrow(() ->
                    new IllegalArgumentException("'" + BootstrappingPresets.NONE + "' is not a bootstrapping preset"));
            System.out.println(name + ": " + BootstrappingParameters.of(literal).describe());
            if (!budgets.isEmpty()) {
                System.out.print(LevelBudgetReport.table(literal, budgets, logSlots));
            }
            System.out.println();
        }
        return 0;
    }
}

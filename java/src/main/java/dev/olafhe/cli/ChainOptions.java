package dev.olafhe.cli;

import dev.olafhe.ckks.CkksParameters;
import dev.olafhe.ckks.SecurityPolicy;
import dev.olafhe.ckks.boot.BootstrappingPresets;
import dev.olafhe.ckks.boot.LevelBudget;
import dev.olafhe.ckks.boot.LevelBudgetReport;
import dev.olafhe.infer.InferenceParameters;
import picocli.CommandLine.Option;

import java.util.List;

/**
 * The options that choose the CKKS chain of an encrypted run: a bootstrapping preset, or without one a chain of
 * exactly the levels the program needs (--logn, --log-scale), and whether INSECURE choices are allowed
 * ({@link SecurityPolicy}). One default each, for every command that compiles a model (run, keygen, bench).
 */
final class ChainOptions {
    /** What --insecure allows (also `ola demo`'s). */
    static final String INSECURE_HELP = "allow what is not 128-bit secure, for tests and demos only: parameters below "
            + "the 128-bit bound, test-only presets (--bootstrapping logn11-insecure, demo --logn 10-12), "
            + "deterministic --seed; reported as INSECURE";

    @Option(names = "--bootstrapping", defaultValue = "none", description = "none (default: every level up front, "
            + "--logn/--log-scale), n16-resnet (logN 16, 16 levels after bootstrapping, 128-bit), n16-h192 (logN 16, "
            + "sparse h=192 secret, 10 levels after bootstrapping, more precise, 128-bit) or logn11-insecure "
            + "(tests, needs --insecure); with bootstrapping the preset fixes the ring and the scale")
    String bootstrapping;

    @Option(names = "--level-budget", paramLabel = "C,S", description = "bootstrap with this many CoeffToSlot and "
            + "SlotToCoeff levels (each 2..5, e.g. 4,4): fewer rotation keys and less key memory for fewer levels left "
            + "(`ola presets --level-budget all` prints each budget's levels and memory); default: the preset's own")
    String levelBudget;

    @Option(names = "--logn", defaultValue = "16", description = "log2 ring degree without bootstrapping, "
            + CkksParameters.MIN_LOG_N + " to " + CkksParameters.MAX_LOG_N + " (default: ${DEFAULT-VALUE})")
    int logN;

    @Option(names = "--log-scale", defaultValue = "40", description = "log2 of the scale and of each level's prime "
            + "without bootstrapping, logN + 2 to " + InferenceParameters.MAX_LOG_SCALE + " (default: ${DEFAULT-VALUE})")
    int logScale;

    @Option(names = SecurityPolicy.INSECURE_FLAG, description = INSECURE_HELP)
    boolean insecure;

    /** The bootstrapping preset's name, with the level budget when one is chosen (as session files record it). */
    String preset() {
        return BootstrappingPresets.withBudget(bootstrapping, levelBudget == null ? null
                : LevelBudget.parse(levelBudget));
    }

    /**
     * The chosen level budget's levels and memory ({@link LevelBudgetReport}); empty without --level-budget. Refuses
     * a budget without a preset as {@link #preset} does (whichever a command calls first).
     */
    String levelBudgetReport() {
        String preset = preset();
        if (levelBudget == null) {
            return "";
        }
        return LevelBudgetReport.table(BootstrappingPresets.byName(bootstrapping).orElseThrow(() ->
                new IllegalStateException("no base preset for " + preset)), List.of(LevelBudget.parse(levelBudget)),
                null);
    }
}

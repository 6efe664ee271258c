package dev.olafhe.cli;

import dev.olafhe.ckks.RandomSources;
import dev.olafhe.ckks.boot.BootstrappingPresets;
import dev.olafhe.ckks.boot.LevelBudget;
import dev.olafhe.ckks.boot.LevelBudgetReport;
import dev.olafhe.infer.Calibration;
import dev.olafhe.infer.LevelCostFile;
import dev.olafhe.infer.MeasuredLevelCosts;
import dev.olafhe.util.SafeFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.concurrent.Callable;

/**
 * {@code ola calibrate}: times every primitive the runtime issues at each level of a bootstrapping preset, and one
 * bootstrap, on a backend ({@link Calibration}); writes the cost file that {@code ola bench/run/plan --level-costs}
 * read ({@link LevelCostFile}).
 */
@Command(name = "calibrate", mixinStandardHelpOptions = true,
        description = "Measure the per-level cost of each HE primitive (add, multiply, relinearize, rescale, rotations, "
                + "hoisted rotations, ModDown, diagonal multiply-accumulate) and of bootstrapping on this machine and "
                + "backend; writes a versioned cost file for --level-costs.")
public final class CalibrateCommand implements Callable<Integer> {
    @Option(names = "--bootstrapping", required = true, description = "the preset to measure: n16-resnet, n16-h192 "
            + "or logn11-insecure (the levels it leaves are the ones a program runs at)")
    String preset;

    @Option(names = "--out", required = true, description = "the cost file to write (JSON)")
    Path out;

    @Option(names = "--repeats", defaultValue = "3", description = "timed batches per primitive and level; the "
            + "file keeps their median and spread (default: ${DEFAULT-VALUE})")
    int repeats;

    @Option(names = "--level-step", defaultValue = "1", description = "measure every k-th level from the top (and "
            + "level 1); the levels between are interpolated (default: ${DEFAULT-VALUE})")
    int levelStep;

    @Option(names = "--log-slots", description = "log2 of the slots the bootstrap is timed at: the program's "
            + "(`ola bench`/`ola run` print it; default: the most the preset has)")
    Integer logSlots;

    @Option(names = "--compact", description = "time with keys, DFT factors and diagonals compact in memory, as runs "
            + "with --compact yes (or auto choosing it: ResNet at logN 16 on a 24 GB machine) keep them")
    boolean compact;

    @Option(names = "--level-budget", paramLabel = "C,S", description = "calibrate the preset with this many "
            + "CoeffToSlot and SlotToCoeff levels (each 2..5, e.g. 4,4; `ola presets --level-budget` shows what each "
            + "leaves and costs); the file then prices only that budget's chain (default: the preset's own)")
    String levelBudget;

    @Option(names = "--skip-bootstrap", description = "do not time bootstrapping (such a file prices no bootstrap)")
    boolean skipBootstrap;

    @Mixin
    BackendOption backend;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        OptionBounds.check(spec, "--repeats", repeats, 1, 1000);
        OptionBounds.check(spec, "--level-step", levelStep, 1, 1000);
        SafeFiles.checkWritable(out);
        LevelBudget budget = levelBudget == null ? null : LevelBudget.parse(levelBudget);
        Calibration.Options options = new Calibration.Options(preset, levelStep, repeats, !skipBootstrap,
                OlaVersion.get(), logSlots, compact, budget);
        if (budget != null && BootstrappingPresets.byName(preset).isPresent()) { // "none": Calibration refuses it
            System.out.print(LevelBudgetReport.table(BootstrappingPresets.byName(preset).get(), List.of(budget),
                    logSlots));
        }
        LevelCostFile costs = Calibration.run(options, backend.decide(), RandomSources.secure(), new ConsoleProgress());
        costs.write(out);
        System.out.print(table(costs));
        System.out.println("wrote " + out);
        return 0;
    }

    /** Median microseconds per primitive (columns) and measured level (rows), and the bootstrap. */
    static String table(LevelCostFile costs) {
        StringBuilder sb = new StringBuilder();
        sb.append("backend ").append(costs.backend()).append(", ").append(costs.machine().get("cpu")).append(", ")
                .append(costs.preset()).append(": median microseconds per operation\nlevel");
        for (MeasuredLevelCosts.Primitive p : MeasuredLevelCosts.Primitive.values()) {
            sb.append(String.format(Locale.ROOT, " %11s", abbreviate(p.key())));
        }
        sb.append('\n');
        SortedMap<Integer, LevelCostFile.Timing> first = costs.primitives().values().iterator().next();
        for (int level : first.keySet()) {
            sb.append(String.format(Locale.ROOT, "%5d", level));
            for (Map.Entry<MeasuredLevelCosts.Primitive, SortedMap<Integer, LevelCostFile.Timing>> e
                    : costs.primitives().entrySet()) {
                sb.append(String.format(Locale.ROOT, " %11.1f", e.getValue().get(level).median() * 1e6));
            }
            sb.append('\n');
        }
        if (costs.bootstrap() == null) {
            sb.append("bootstrap: not measured\n");
        } else {
            costs.bootstrap().forEach((end, t) -> sb.append(String.format(Locale.ROOT,
                    "bootstrap: %.3f s (spread %.3f s) ending at level %d%n", t.median(), t.spread(), end)));
        }
        return sb.toString();
    }

    private static String abbreviate(String key) {
        return key.length() <= 11 ? key : key.substring(0, 11);
    }
}

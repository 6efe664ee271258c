package dev.olafhe.ola;

import dev.olafhe.plan.PlanFile;
import dev.olafhe.plan.Plan;
import dev.olafhe.util.SafeFiles;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Where `ola plan` writes: the plan JSON (by default next to the model, MODEL.plan.json for MODEL.onnx), and next
 * to the plan its chart (.png) and its Markdown report (.md), both with the plan's name minus ".json".
 */
public record PlanOutputs(Path plan, Path chart, Path report) {
    /** The outputs for a plan file; chart and report live next to it. */
    public static PlanOutputs at(Path plan) {
        return new PlanOutputs(plan, sibling(plan, ".png"), sibling(plan, ".md"));
    }

    /** The outputs for a model's default plan: MODEL.plan.json instead of MODEL.onnx. */
    public static PlanOutputs besideModel(Path model) {
        String name = model.getFileName().toString();
        String base = name.endsWith(".onnx") ? name.substring(0, name.length() - 5) : name;
        return at(model.resolveSibling(base + ".plan.json"));
    }

    /**
     * Checks, before any planning, that the three files can be written: each missing or a regular file, in a
     * folder that exists or can be created ({@link SafeFiles#checkWritable}).
     */
    public void checkWritable() throws IOException {
        for (Path p : new Path[] {plan, chart, report}) {
            SafeFiles.checkWritable(p);
        }
    }

    /** Writes the plan, its chart and its report, each atomically. */
    public void write(Plan p) throws IOException {
        PlanFile.write(p, plan);
        PlanChart.write(p, chart);
        SafeFiles.writeString(report, PlanReport.markdown(p));
    }

    /** The plan path with .json replaced by {@code ext}. */
    private static Path sibling(Path plan, String ext) {
        String name = plan.getFileName().toString();
        String base = name.endsWith(".json") ? name.substring(0, name.length() - 5) : name;
        return plan.resolveSibling(base + ext);
    }
}

package dev.olafhe.plan;

import dev.olafhe.nn.ActivationKind;
import dev.olafhe.util.JsonInput;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;

/**
 * Every field of a plan file checked before the plan is used: each of its JSON type, no unknown fields, counts and
 * lengths bounded before anything is allocated from them, the runtime's numbers (intervals, coefficients, degrees)
 * finite and within sane bounds, layer indices in activation order, known activation kinds and basis, and every
 * per-layer array as long as the plan has layers. Numbers that are only evidence (accuracies, times, errors) may be
 * anything a plan can record, NaN included. The first problem is an IOException naming the file and the field.
 */
final class PlanChecks {
    /** Most activation layers a plan may have. */
    static final int MAX_LAYERS = 4096;
    /** Largest |end| of a layer's interval. */
    static final double MAX_INTERVAL_END = 1e6;
    /**
     * Largest |Chebyshev coefficient|. A fit of a function bounded by |x| (ReLU, GELU) on an interval within
     * {@link #MAX_INTERVAL_END} has coefficients below twice its largest value; anything beyond this bound is damage.
     */
    static final double MAX_COEFFICIENT = 1e8;
    /** Most images of a data split, points of a front, attempts or baselines a plan records. */
    static final int MAX_IMAGES = 1 << 26;
    static final int MAX_ENTRIES = 1 << 16;
    /** The one basis the planner writes and the runtime evaluates. */
    static final String BASIS = "chebyshev";

    private PlanChecks() {
    }

    /** Checks the whole document (format and version already checked). */
    static void check(JsonInput root) throws IOException {
        root.onlyFields("format", "version", "model", "data", "targetActivation", "budget", "solver", "costModel",
                "layers", "accuracy", "predictedSeconds", "baselines", "paretoFront", "attempts", "impact",
                "provenance");
        int layers = model(root.field("model"));
        data(root.field("data"));
        root.field("targetActivation").string();
        JsonInput budget = root.field("budget");
        budget.onlyFields("metric", "value", "confidence");
        budget.field("metric").string();
        budget.field("value").finite(0, 1);
        JsonInput confidence = budget.optionalField("confidence");
        if (confidence != null) {
            confidence.finite(0, 1);
        }
        int degrees = solver(root.field("solver"));
        costModel(root.field("costModel"));
        List<JsonInput> list = root.field("layers").array(layers, layers);
        for (int i = 0; i < layers; i++) {
            layer(list.get(i), i);
        }
        accuracy(root.field("accuracy"));
        root.field("predictedSeconds").number();
        for (JsonInput b : root.field("baselines").array(0, MAX_ENTRIES)) {
            baseline(b);
        }
        for (JsonInput f : root.field("paretoFront").array(0, MAX_ENTRIES)) {
            f.onlyFields("budget", "predictedDrop", "predictedSeconds", "degrees");
            numbers(f, "budget", "predictedDrop", "predictedSeconds");
            f.field("degrees").integerArray(layers, layers, 1, PlanFile.MAX_DEGREE);
        }
        for (JsonInput a : root.field("attempts").array(0, MAX_ENTRIES)) {
            a.onlyFields("dpBudget", "logitMseScale", "predictedDrop", "measuredDrop", "predictedSeconds", "degrees",
                    "margin");
            numbers(a, "dpBudget", "logitMseScale", "predictedDrop", "measuredDrop", "predictedSeconds");
            optionalNumber(a, "margin");
            a.field("degrees").integerArray(layers, layers, 1, PlanFile.MAX_DEGREE);
        }
        impact(root.field("impact"), layers, degrees);
        root.field("provenance").object();
    }

    /** The model reference; returns its number of activation layers (the plan's layers). */
    private static int model(JsonInput m) throws IOException {
        m.onlyFields("path", "sha256", "name", "activations");
        m.field("path").string();
        JsonInput sha = m.field("sha256");
        if (!sha.string().matches("[0-9a-f]{64}")) {
            throw sha.problem("must be 64 lower-case hex digits, not " + JsonInput.quote(sha.string()));
        }
        m.field("name").string();
        return m.field("activations").smallInteger(1, MAX_LAYERS);
    }

    private static void data(JsonInput d) throws IOException {
        d.onlyFields("spec", "seed", "calibrationImages", "validationImages", "testImages", "calibration",
                "validation", "impactImages");
        JsonInput impact = d.optionalField("impactImages");
        if (impact != null) {
            impact.smallInteger(1, MAX_IMAGES);
        }
        d.field("spec").string();
        d.field("seed").integer(Long.MIN_VALUE, Long.MAX_VALUE);
        d.field("calibrationImages").smallInteger(1, MAX_IMAGES);
        d.field("validationImages").smallInteger(1, MAX_IMAGES);
        JsonInput test = d.optionalField("testImages");
        if (test != null) {
            test.smallInteger(0, MAX_IMAGES);
        }
        d.field("calibration").string();
        d.field("validation").string();
    }

    /** The solver's settings; returns the number of candidate degrees (the impact table's columns). */
    private static int solver(JsonInput s) throws IOException {
        s.onlyFields("kind", "bins", "degrees", "fit", "scaleR", "floor", "intervalMargin", "intervalTail");
        JsonInput tail = s.optionalField("intervalTail");
        if (tail != null) {
            tail.finite(0, 1e3);
        }
        s.field("kind").string();
        s.field("bins").smallInteger(1, MAX_ENTRIES);
        int[] degrees = s.field("degrees").integerArray(1, PlanFile.MAX_DEGREE, 1, PlanFile.MAX_DEGREE);
        s.field("fit").string();
        s.field("scaleR").finite(Double.MIN_VALUE, 1e6);
        s.field("floor").finite(0, 1e6);
        s.field("intervalMargin").finite(0, 1e3);
        if (Arrays.stream(degrees).distinct().count() != degrees.length) {
            throw s.field("degrees").problem("names a degree twice");
        }
        return degrees.length;
    }

    private static void costModel(JsonInput c) throws IOException {
        c.onlyFields("description", "slots", "bootstrapSeconds", "levelsAfterBootstrap");
        c.field("description").string();
        c.field("slots").smallInteger(1, 1 << 24);
        c.field("bootstrapSeconds").number();
        c.field("levelsAfterBootstrap").smallInteger(0, MAX_ENTRIES);
    }

    /** Layer {@code index}: what the runtime evaluates is checked closely, the evidence by type. */
    private static void layer(JsonInput l, int index) throws IOException {
        l.onlyFields("index", "name", "kind", "elements", "ciphertexts", "interval", "basis", "degree",
                "coefficients", "weightedRms", "maxError", "outOfIntervalRateValidation", "deltaTop1",
                "deltaLogitMse", "seconds", "depth", "linearDepthBefore", "bootstrapBefore", "profile");
        JsonInput at = l.field("index");
        if (at.smallInteger(0, MAX_LAYERS - 1) != index) {
            throw at.problem("is " + at.smallInteger(0, MAX_LAYERS - 1) + "; layers must be in activation order, "
                    + "so this one must be " + index);
        }
        l.field("name").string();
        JsonInput kind = l.field("kind");
        String k = kind.string();
        if (Arrays.stream(ActivationKind.values()).noneMatch(known -> known.name().equals(k))) {
            throw kind.problem("is " + JsonInput.quote(k) + ", not an activation kind "
                    + Arrays.toString(ActivationKind.values()));
        }
        l.field("elements").integer(1, Integer.MAX_VALUE);
        l.field("ciphertexts").integer(1, Integer.MAX_VALUE);
        JsonInput interval = l.field("interval");
        double[] ab = interval.finiteArray(2, -MAX_INTERVAL_END, MAX_INTERVAL_END);
        if (!(ab[0] < ab[1])) {
            throw interval.problem("is [" + ab[0] + ", " + ab[1] + "]; it needs a < b");
        }
        JsonInput basis = l.field("basis");
        if (!BASIS.equals(basis.string())) {
            throw basis.problem("is " + JsonInput.quote(basis.string()) + "; plans hold " + BASIS + " series only");
        }
        int degree = l.field("degree").smallInteger(1, PlanFile.MAX_DEGREE);
        JsonInput coefficients = l.field("coefficients");
        int count = coefficients.array(0, PlanFile.MAX_DEGREE + 1).size();
        if (count != degree + 1) {
            throw coefficients.problem("has " + count + " values; a polynomial of degree " + degree
                    + " has degree + 1 = " + (degree + 1) + " Chebyshev coefficients");
        }
        coefficients.finiteArray(degree + 1, -MAX_COEFFICIENT, MAX_COEFFICIENT);
        numbers(l, "weightedRms", "maxError", "outOfIntervalRateValidation", "deltaTop1", "deltaLogitMse", "seconds");
        l.field("depth").smallInteger(0, PlanFile.MAX_DEGREE);
        l.field("linearDepthBefore").smallInteger(0, MAX_ENTRIES);
        l.field("bootstrapBefore").bool();
        JsonInput p = l.field("profile");
        p.onlyFields("count", "min", "max", "mean", "std");
        p.field("count").integer(0, Long.MAX_VALUE);
        numbers(p, "min", "max", "mean", "std");
    }

    private static void accuracy(JsonInput a) throws IOException {
        a.onlyFields("plaintextValidation", "predictedValidation", "measuredValidation", "plaintextTest",
                "measuredTest", "acceptanceMargin", "validationNonFinite", "test");
        numbers(a, "plaintextValidation", "predictedValidation", "measuredValidation");
        optionalNumber(a, "plaintextTest");
        optionalNumber(a, "measuredTest");
        optionalNumber(a, "acceptanceMargin");
        JsonInput nonFinite = a.optionalField("validationNonFinite");
        if (nonFinite != null) {
            nonFinite.smallInteger(0, MAX_IMAGES);
        }
        JsonInput test = a.optionalField("test");
        if (test != null) {
            test.onlyFields("images", "drop", "dropUpperBound", "nonFiniteLogits", "outOfIntervalShare");
            test.field("images").smallInteger(0, MAX_IMAGES);
            numbers(test, "drop", "dropUpperBound", "outOfIntervalShare");
            test.field("nonFiniteLogits").smallInteger(0, MAX_IMAGES);
        }
    }

    /** A uniform or composite baseline; a uniform one's name carries its degree ("uniform-7"), which bench uses. */
    private static void baseline(JsonInput b) throws IOException {
        b.onlyFields("name", "description", "predictedSeconds", "bootstraps", "measuredValidation", "measuredTest",
                "meetsBudget", "speedupOfPlan", "dropUpperBound");
        optionalNumber(b, "dropUpperBound");
        JsonInput name = b.field("name");
        String n = name.string();
        String degree = n.startsWith("uniform-") ? n.substring("uniform-".length()) : null;
        if (degree != null && (!degree.matches("[1-9][0-9]{0,2}") || Integer.parseInt(degree) > PlanFile.MAX_DEGREE)) {
            throw name.problem("is " + JsonInput.quote(n) + "; a uniform baseline is named uniform-D with a degree D"
                    + " in [1, " + PlanFile.MAX_DEGREE + "]");
        }
        b.field("description").string();
        numbers(b, "predictedSeconds", "measuredValidation", "speedupOfPlan");
        b.field("bootstraps").integer(-1, Integer.MAX_VALUE); // -1: not placed (amortised costs) or infeasible
        optionalNumber(b, "measuredTest");
        b.field("meetsBudget").bool();
    }

    /** The impact table: one row per layer, one column per candidate degree, for both metrics. */
    private static void impact(JsonInput m, int layers, int degrees) throws IOException {
        m.onlyFields("metric", "images", "degrees", "top1Drop", "logitMse");
        m.field("metric").string();
        m.field("images").smallInteger(0, MAX_IMAGES);
        m.field("degrees").integerArray(degrees, degrees, 1, PlanFile.MAX_DEGREE);
        for (String table : new String[] {"top1Drop", "logitMse"}) {
            for (JsonInput row : m.field(table).array(layers, layers)) {
                for (JsonInput cell : row.array(degrees, degrees)) {
                    cell.number();
                }
            }
        }
    }

    private static void numbers(JsonInput o, String... fields) throws IOException {
        for (String f : fields) {
            o.field(f).number();
        }
    }

    private static void optionalNumber(JsonInput o, String field) throws IOException {
        JsonInput v = o.optionalField(field);
        if (v != null) {
            v.number();
        }
    }
}

package dev.olafhe.infer;

import com.google.gson.GsonBuilder;
import com.google.gson.ToNumberPolicy;
import dev.olafhe.nn.InputFiles;
import dev.olafhe.util.JsonInput;
import dev.olafhe.util.SafeFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The result of {@code ola bench}: per configuration (OLA plan, uniform baselines) and image, the encrypted
 * inference time and its breakdown, the class, and the agreement with the plaintext model; with the machine,
 * parameters, key memory and inputs it came from. Written as JSON, a Markdown table and a PNG chart.
 */
public record BenchReport(String date, String command, Map<String, Object> machine, String backend, String parameters,
                          Map<String, Object> inputs, Map<String, Object> memory, List<Config> configs) {
    /** The configuration names: the plan, the uniform baseline (named uniform-d), the composite ReLU. */
    public static final String OLA = "ola";
    public static final String UNIFORM = "uniform";
    public static final String COMPOSITE = "composite";
    /** The JSON file's format name and version. */
    public static final String FORMAT = "olafhe-bench";
    public static final int VERSION = 1;
    /** Largest report read back, and most configurations or images in one (reports have a few of each). */
    private static final long MAX_JSON_BYTES = 64L << 20;
    private static final int MAX_ENTRIES = 1 << 20;

    /** One image of one configuration. */
    public record Image(int index, int label, int encryptedTop1, int plaintextTop1, int exactTop1,
                        double maxAbsLogitError, double seconds, Map<String, Double> stageSeconds,
                        Map<String, Integer> stageCounts) {
        static Image of(int index, int label, PlaintextComparison cmp, EncryptedInference.Timing t) {
            Map<String, Double> s = new LinkedHashMap<>();
            Map<String, Integer> c = new LinkedHashMap<>();
            t.seconds().forEach((stage, v) -> s.put(stage.name().toLowerCase(Locale.ROOT), v));
            t.counts().forEach((stage, v) -> c.put(stage.name().toLowerCase(Locale.ROOT), v));
            return new Image(index, label, cmp.encryptedTop1(), cmp.plaintextTop1(), cmp.exactTop1(),
                    cmp.maxAbsLogitError(), t.totalSeconds(), s, c);
        }
    }

    /**
     * One configuration: its polynomials (degree per activation layer), program shape, plaintext accuracy of the
     * same polynomials on the test images, and the encrypted runs.
     */
    public record Config(String name, String description, int[] degrees, int activationDepth, int bootstraps,
                         int rotationKeys, Double plaintextTop1, int plaintextImages, Double predictedSeconds,
                         String predictionSource, Map<String, Double> predictedStageSeconds, List<Image> images) {
        public double medianSeconds() {
            return median(images.stream().mapToDouble(Image::seconds).toArray());
        }

        public double medianStage(String stage) {
            return median(images.stream().mapToDouble(i -> i.stageSeconds().getOrDefault(stage, 0.0)).toArray());
        }

        public long correct() {
            return images.stream().filter(i -> i.encryptedTop1() == i.label()).count();
        }

        public long agree() {
            return images.stream().filter(i -> i.encryptedTop1() == i.plaintextTop1()).count();
        }

        public double maxLogitError() {
            return images.stream().mapToDouble(Image::maxAbsLogitError).max().orElse(Double.NaN);
        }
    }

    /** The {@link Config#predictionSource} of the plan's own prediction, priced by {@code costModel} (the plan's). */
    public static String planPrediction(String costModel) {
        return "the plan's own prediction (its cost model: " + costModel + ")";
    }

    /** The stages of {@link EncryptedInference.Stage}, by the names the report uses. */
    public static final String[] STAGES = {"linear", "activation", "bootstrap", "add"};

    static double median(double[] v) {
        if (v.length == 0) {
            return Double.NaN;
        }
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    /** The configuration the speed-ups are relative to (the OLA plan), or null. */
    public Config reference() {
        return configs.stream().filter(c -> c.name().equals(OLA)).findFirst().orElse(null);
    }

    /** Median time of {@code c} over the OLA plan's median time. */
    public double speedupOfOla(Config c) {
        Config ola = reference();
        return ola == null ? Double.NaN : c.medianSeconds() / ola.medianSeconds();
    }

    /**
     * A report read back from its JSON (to render the Markdown and chart again), every field checked: a damaged or
     * foreign file is an IOException of one line naming the file and the field. The derived numbers a report
     * writes (medians, counts, speed-ups) are checked as numbers and computed again from the images.
     */
    public static BenchReport readJson(Path file) throws IOException {
        byte[] bytes = InputFiles.readAll(file, MAX_JSON_BYTES, "no bench report here (`ola bench` writes one)");
        JsonInput root = JsonInput.parseObject(file, bytes, "an ola bench report");
        JsonInput format = root.optionalField("format");
        if (format == null || !format.element().isJsonPrimitive() || !FORMAT.equals(format.element().getAsString())) {
            throw new IOException(file + " is not an ola bench report (\"format\" must be \"" + FORMAT + "\")");
        }
        root.onlyFields("format", "version", "date", "command", "machine", "backend", "parameters", "inputs", "memory",
                "configs");
        root.field("version").smallInteger(VERSION, VERSION);
        List<Config> configs = new ArrayList<>();
        for (JsonInput c : root.field("configs").array(0, MAX_ENTRIES)) {
            configs.add(readConfig(c));
        }
        return new BenchReport(root.field("date").string(), root.field("command").string(),
                freeForm(root.field("machine")), root.field("backend").string(), root.field("parameters").string(),
                freeForm(root.field("inputs")), freeForm(root.field("memory")), configs);
    }

    private static Config readConfig(JsonInput c) throws IOException {
        c.onlyFields("name", "description", "degrees", "activationDepth", "bootstraps", "rotationKeys",
                "plaintextTop1", "plaintextImages", "predictedSeconds", "predictionSource", "predictedStageSeconds", "medianSeconds", "medianStageSeconds",
                "encryptedCorrect",
                "agreeWithPlaintext", "maxAbsLogitError", "speedupOfOla", "images");
        for (String derived : new String[] {"medianSeconds", "encryptedCorrect", "agreeWithPlaintext",
                "maxAbsLogitError", "speedupOfOla"}) {
            c.field(derived).number();
        }
        for (String stage : c.field("medianStageSeconds").fieldNames()) {
            c.field("medianStageSeconds").field(stage).number();
        }
        List<Image> images = new ArrayList<>();
        for (JsonInput i : c.field("images").array(0, MAX_ENTRIES)) {
            images.add(readImage(i));
        }
        JsonInput plaintextTop1 = c.optionalField("plaintextTop1");
        JsonInput predicted = c.optionalField("predictedSeconds"); // absent in reports before 2026-12-03
        JsonInput source = c.optionalField("predictionSource"); // absent before --level-costs
        JsonInput stages = c.optionalField("predictedStageSeconds"); // only with --level-costs
        Map<String, Double> predictedStages = null;
        if (stages != null) {
            predictedStages = new LinkedHashMap<>();
            for (String stage : stages.fieldNames()) {
                predictedStages.put(stage, stages.field(stage).number());
            }
        }
        return new Config(c.field("name").string(), c.field("description").string(),
                c.field("degrees").integerArray(0, MAX_ENTRIES, 0, Integer.MAX_VALUE),
                c.field("activationDepth").smallInteger(0, Integer.MAX_VALUE),
                c.field("bootstraps").smallInteger(0, Integer.MAX_VALUE),
                c.field("rotationKeys").smallInteger(0, Integer.MAX_VALUE),
                plaintextTop1 == null ? null : plaintextTop1.number(),
                c.field("plaintextImages").smallInteger(0, Integer.MAX_VALUE),
                predicted == null || predicted.element().isJsonNull() ? null : predicted.number(),
                source == null ? null : source.string(), predictedStages, images);
    }

    private static Image readImage(JsonInput i) throws IOException {
        i.onlyFields("index", "label", "encryptedTop1", "plaintextTop1", "exactTop1", "maxAbsLogitError", "seconds",
                "stageSeconds", "stageCounts");
        Map<String, Double> seconds = new LinkedHashMap<>();
        JsonInput s = i.field("stageSeconds");
        for (String stage : s.fieldNames()) {
            seconds.put(stage, s.field(stage).number());
        }
        Map<String, Integer> counts = new LinkedHashMap<>();
        JsonInput c = i.field("stageCounts");
        for (String stage : c.fieldNames()) {
            counts.put(stage, c.field(stage).smallInteger(0, Integer.MAX_VALUE));
        }
        return new Image(i.field("index").smallInteger(0, Integer.MAX_VALUE),
                i.field("label").smallInteger(Integer.MIN_VALUE, Integer.MAX_VALUE),
                i.field("encryptedTop1").smallInteger(Integer.MIN_VALUE, Integer.MAX_VALUE),
                i.field("plaintextTop1").smallInteger(Integer.MIN_VALUE, Integer.MAX_VALUE),
                i.field("exactTop1").smallInteger(Integer.MIN_VALUE, Integer.MAX_VALUE),
                i.field("maxAbsLogitError").number(), i.field("seconds").number(), seconds, counts);
    }

    /** A free-form section (machine, inputs, memory); its numbers stay as written (a plain Gson turns 2 into 2.0). */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> freeForm(JsonInput section) throws IOException {
        section.object();
        return new GsonBuilder().setObjectToNumberStrategy(ToNumberPolicy.LAZILY_PARSED_NUMBER).create()
                .fromJson(section.element(), LinkedHashMap.class);
    }

    /** Where {@code ola bench} writes a report unless told otherwise: bench/results/{date}-{backend}-{host}. */
    public Path defaultDirectory() {
        return Path.of("bench", "results", LocalDate.now(ZoneOffset.UTC) + "-" + backend + "-" + machine.get("host"));
    }

    /**
     * Writes {model}-bench.json and {model}-bench.md into {@code dir} (created if needed); returns the path of the
     * two without the extension (where a chart of the report goes as .png).
     */
    public Path write(Path dir) throws IOException {
        Path stem = dir.resolve(inputs.get("model") + "-bench");
        writeJson(stem.resolveSibling(stem.getFileName() + ".json"));
        SafeFiles.writeString(stem.resolveSibling(stem.getFileName() + ".md"), markdown());
        return stem;
    }

    public void writeJson(Path file) throws IOException {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("format", FORMAT);
        root.put("version", VERSION);
        root.put("date", date);
        root.put("command", command);
        root.put("machine", machine);
        root.put("backend", backend);
        root.put("parameters", parameters);
        root.put("inputs", inputs);
        root.put("memory", memory);
        List<Map<String, Object>> cs = new ArrayList<>();
        for (Config c : configs) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", c.name());
            m.put("description", c.description());
            m.put("degrees", c.degrees());
            m.put("activationDepth", c.activationDepth());
            m.put("bootstraps", c.bootstraps());
            m.put("rotationKeys", c.rotationKeys());
            m.put("plaintextTop1", c.plaintextTop1());
            m.put("plaintextImages", c.plaintextImages());
            m.put("predictedSeconds", c.predictedSeconds());
            if (c.predictionSource() != null) { // absent as in older reports, which stay byte-identical on --render
                m.put("predictionSource", c.predictionSource());
            }
            if (c.predictedStageSeconds() != null) {
                m.put("predictedStageSeconds", c.predictedStageSeconds());
            }
            m.put("medianSeconds", c.medianSeconds());
            Map<String, Double> stages = new LinkedHashMap<>();
            for (String s : STAGES) {
                stages.put(s, c.medianStage(s));
            }
            m.put("medianStageSeconds", stages);
            m.put("encryptedCorrect", c.correct());
            m.put("agreeWithPlaintext", c.agree());
            m.put("maxAbsLogitError", c.maxLogitError());
            m.put("speedupOfOla", speedupOfOla(c));
            m.put("images", c.images());
            cs.add(m);
        }
        root.put("configs", cs);
        SafeFiles.writeString(file, new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues()
                .create().toJson(root) + "\n");
    }

    public String markdown() {
        StringBuilder sb = new StringBuilder();
        sb.append("# ").append(inputs.get("model")).append(": encrypted inference, OLA plan vs uniform baselines\n\n");
        sb.append("- date: ").append(date).append("\n- command: `").append(command).append("`\n");
        sb.append("- machine: ").append(machine).append("\n- backend: ").append(backend).append("\n");
        sb.append("- parameters: ").append(parameters).append("\n- memory: ").append(memory).append("\n");
        sb.append("- inputs: ").append(inputs).append("\n\n");
        int n = configs.isEmpty() ? 0 : configs.get(0).images().size();
        sb.append(String.format(Locale.ROOT, "Times are medians over %d encrypted image%s per configuration "
                + "(same keys, parameters and images for all).%n%n", n, n == 1 ? "" : "s"));
        sb.append("| configuration | degrees | bootstraps | predicted (s) | latency (s) | linear | activation "
                + "| bootstrap | add | encrypted top-1 | agrees with plaintext | max logit error | plaintext top-1 (test) "
                + "| time vs OLA |\n");
        sb.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Config c : configs) {
            sb.append(String.format(Locale.ROOT, "| %s | %s | %d | %s | %.1f | %.1f | %.1f | %.1f | %.1f | %d/%d "
                            + "| %d/%d | %.1e | %s | %.2fx |%n", c.name(), degreeSummary(c.degrees()), c.bootstraps(),
                    c.predictedSeconds() == null ? "-" : String.format(Locale.ROOT, "%.1f", c.predictedSeconds()),
                    c.medianSeconds(), c.medianStage("linear"), c.medianStage("activation"),
                    c.medianStage("bootstrap"), c.medianStage("add"), c.correct(), c.images().size(), c.agree(),
                    c.images().size(), c.maxLogitError(), c.plaintextTop1() == null ? "-"
                            : String.format(Locale.ROOT, "%.2f%% (%d)", 100 * c.plaintextTop1(), c.plaintextImages()),
                    speedupOfOla(c)));
        }
        sb.append("\nConfigurations:\n\n");
        for (Config c : configs) {
            sb.append("- **").append(c.name()).append("**: ").append(c.description()).append("; degrees ")
                    .append(Arrays.toString(c.degrees())).append('\n');
        }
        return sb.toString();
    }

    /** "3..31" style summary of per-layer degrees (all equal: the degree). */
    static String degreeSummary(int[] degrees) {
        int min = Arrays.stream(degrees).min().orElse(0);
        int max = Arrays.stream(degrees).max().orElse(0);
        return min == max ? Integer.toString(min) : min + "–" + max;
    }
}

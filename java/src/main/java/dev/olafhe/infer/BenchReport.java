package dev.olafhe.infer;

import com.google.gson.GsonBuilder;

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
                         int rotationKeys, Double plaintextTop1, int plaintextImages, List<Image> images) {
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

    /** A report read back from its JSON (to render the Markdown and chart again). */
    @SuppressWarnings("unchecked")
    public static BenchReport readJson(Path file) throws IOException {
        // numbers in the free-form maps stay as written (a plain Gson would turn 2 into 2.0)
        com.google.gson.Gson gson = new com.google.gson.GsonBuilder()
                .setObjectToNumberStrategy(com.google.gson.ToNumberPolicy.LAZILY_PARSED_NUMBER).create();
        com.google.gson.JsonObject root = com.google.gson.JsonParser.parseString(Files.readString(file))
                .getAsJsonObject();
        if (!root.has("format") || !"olafhe-bench".equals(root.get("format").getAsString())) {
            throw new IOException(file + " is not an ola bench report (format olafhe-bench)");
        }
        List<Config> configs = new ArrayList<>();
        for (com.google.gson.JsonElement e : root.getAsJsonArray("configs")) {
            com.google.gson.JsonObject c = e.getAsJsonObject();
            List<Image> images = new ArrayList<>();
            for (com.google.gson.JsonElement i : c.getAsJsonArray("images")) {
                images.add(gson.fromJson(i, Image.class));
            }
            configs.add(new Config(c.get("name").getAsString(), c.get("description").getAsString(),
                    gson.fromJson(c.get("degrees"), int[].class), c.get("activationDepth").getAsInt(),
                    c.get("bootstraps").getAsInt(), c.get("rotationKeys").getAsInt(),
                    c.get("plaintextTop1").isJsonNull() ? null : c.get("plaintextTop1").getAsDouble(),
                    c.get("plaintextImages").getAsInt(), images));
        }
        return new BenchReport(root.get("date").getAsString(), root.get("command").getAsString(),
                gson.fromJson(root.get("machine"), LinkedHashMap.class), root.get("backend").getAsString(),
                root.get("parameters").getAsString(), gson.fromJson(root.get("inputs"), LinkedHashMap.class),
                gson.fromJson(root.get("memory"), LinkedHashMap.class), configs);
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
        Files.createDirectories(dir);
        Path stem = dir.resolve(inputs.get("model") + "-bench");
        writeJson(stem.resolveSibling(stem.getFileName() + ".json"));
        Files.writeString(stem.resolveSibling(stem.getFileName() + ".md"), markdown());
        return stem;
    }

    public void writeJson(Path file) throws IOException {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("format", "olafhe-bench");
        root.put("version", 1);
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
        Files.writeString(file, new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues().create()
                .toJson(root) + "\n");
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
        sb.append("| configuration | degrees | bootstraps | latency (s) | linear | activation | bootstrap | add "
                + "| encrypted top-1 | agrees with plaintext | max logit error | plaintext top-1 (test) | time vs OLA |\n");
        sb.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Config c : configs) {
            sb.append(String.format(Locale.ROOT, "| %s | %s | %d | %.1f | %.1f | %.1f | %.1f | %.1f | %d/%d | %d/%d "
                            + "| %.1e | %s | %.2fx |%n", c.name(), degreeSummary(c.degrees()), c.bootstraps(),
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

package dev.olafhe.infer;

import com.google.gson.GsonBuilder;
import dev.olafhe.ckks.CkksParameters;
import dev.olafhe.ckks.ParameterFingerprint;
import dev.olafhe.ckks.boot.BootstrappingParameters;
import dev.olafhe.ckks.boot.BootstrappingPresets;
import dev.olafhe.util.JsonInput;
import dev.olafhe.util.SafeFiles;

import java.io.IOException;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A measured cost file ({@code ola calibrate}, {@link Calibration}): per level, the median and spread of each
 * primitive the runtime issues, and of one bootstrap, with the machine, backend and parameters they were measured on.
 * Versioned JSON:
 * <pre>{ "format": "olafhe-level-costs", "version": 2, "olaVersion": "...", "date": "...",
 *   "machine": {"cpu": "...", "cpus": "2", "java": "...", ...}, "backend": "cpu", "preset": "logn11-insecure",
 *   "parameters": "...", "parameterFingerprint": "64 hex digits", "logSlots": 10, "compact": false, "repeats": 3,
 *   "primitives": {"add": {"1": {"median": 1.2e-5, "spread": 1e-7}, ...}, ...},
 *   "bootstrap": {"1": {"median": 1.9, "spread": 0.05}, "5": {"median": 2.1, "spread": 0.05}} }</pre>
 * {@code bootstrap} is keyed by the level the bootstrap ends at (SlotToCoeff runs lower for lower end levels), absent
 * when it was not measured. Spreads are max − min over the repeats. Version 1 files (still read) have one bootstrap
 * timing, {@code "bootstrap": {"median": 2.1, "spread": 0.05}}, which then applies to every end level (the model's
 * source says so).
 *
 * @param machine    what {@link MachineInfo#describe} says, as strings (cpu, cpus and java required)
 * @param logSlots   log2 of the slots the bootstrap was timed at
 * @param compact    whether keys, DFT factors and diagonals were compact while timing
 * @param primitives per primitive, per measured level, the timing (every primitive, at least one level)
 * @param bootstrap  one bootstrap by the level it ends at, or null; a version-1 file's single timing is keyed by the
 *                   preset's levels after bootstrapping
 * @param version    the format version (written as read: a version-1 record writes its single bootstrap timing)
 */
public record LevelCostFile(String olaVersion, String date, Map<String, String> machine, String backend, String preset,
                            String parameters, String parameterFingerprint, int logSlots, boolean compact, int repeats,
                            Map<MeasuredLevelCosts.Primitive, SortedMap<Integer, Timing>> primitives,
                            SortedMap<Integer, Timing> bootstrap, int version) {
    public static final String FORMAT = "olafhe-level-costs";
    public static final int VERSION = 2;

    public LevelCostFile {
        if (version < 1 || version > VERSION || (version == 1 && bootstrap != null && bootstrap.size() != 1)
                || (bootstrap != null && bootstrap.isEmpty())) {
            throw new IllegalArgumentException("level-cost file version " + version + " with bootstrap end levels "
                    + (bootstrap == null ? "none" : bootstrap.keySet()));
        }
    }
    private static final int MAX_BYTES = 4 << 20;
    private static final int MAX_LEVEL = 1 << 10;
    private static final String WHAT = "an ola level-cost file";

    /** Median and spread (max − min) of the repeats, in seconds. */
    public record Timing(double median, double spread) {
    }

    /** The costs as a model, naming {@code file} as their source. */
    public MeasuredLevelCosts model(Path file) {
        Map<MeasuredLevelCosts.Primitive, Map<Integer, Double>> medians = new EnumMap<>(MeasuredLevelCosts.Primitive.class);
        primitives.forEach((p, byLevel) -> {
            Map<Integer, Double> m = new TreeMap<>();
            byLevel.forEach((level, t) -> m.put(level, t.median()));
            medians.put(p, m);
        });
        Map<Integer, Double> boot = null;
        if (bootstrap != null) {
            boot = new TreeMap<>();
            for (Map.Entry<Integer, Timing> e : bootstrap.entrySet()) {
                boot.put(e.getKey(), e.getValue().median());
            }
        }
        return new MeasuredLevelCosts(medians, boot, logSlots, compact,
                "measured level costs " + file + " (" + backend + ", " + machine.get("cpu") + ")");
    }

    /**
     * Refuses costs measured for other parameters than {@code params} (a run's): another ring, chain or scale.
     *
     * @throws IllegalArgumentException one line naming the file and both parameter sets
     */
    public void requireParameters(CkksParameters params, Path file) {
        if (!fingerprint(params).equals(parameterFingerprint)) {
            throw new IllegalArgumentException("--level-costs " + file + " was measured for other parameters ("
                    + preset + ": " + parameters + ") than this run's (" + params.summary() + "); calibrate with "
                    + "the same --bootstrapping preset");
        }
    }

    /**
     * The measured costs of {@code file} for a run with bootstrapping preset {@code preset}: refused (one line) when
     * the run has no preset (its chain depends on the program), when the file was measured for other parameters, or
     * when it has no bootstrap time.
     */
    public static MeasuredLevelCosts load(Path file, String preset) throws IOException {
        var literal = BootstrappingPresets.byName(preset);
        if (literal.isEmpty()) {
            throw new IllegalArgumentException("--level-costs needs a --bootstrapping preset: without one the chain "
                    + "depends on the program, and the cost file was measured on a preset's chain");
        }
        LevelCostFile costs = read(file);
        costs.requireParameters(BootstrappingParameters.of(literal.get()).ckks(), file);
        MeasuredLevelCosts model = costs.model(file);
        if (!model.hasBootstrap()) {
            throw new IllegalArgumentException("--level-costs " + file + " has no bootstrap time (calibrated with "
                    + "--skip-bootstrap); calibrate again with bootstrapping");
        }
        return model;
    }

    /** The fingerprint a cost file records for {@code params}. */
    static String fingerprint(CkksParameters params) {
        return HexFormat.of().formatHex(ParameterFingerprint.of(params));
    }

    /** Writes the file (atomically, as {@link SafeFiles} does). */
    public void write(Path file) throws IOException {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("format", FORMAT);
        root.put("version", version);
        root.put("olaVersion", olaVersion);
        root.put("date", date);
        root.put("machine", machine);
        root.put("backend", backend);
        root.put("preset", preset);
        root.put("parameters", parameters);
        root.put("parameterFingerprint", parameterFingerprint);
        root.put("logSlots", logSlots);
        root.put("compact", compact);
        root.put("repeats", repeats);
        Map<String, Object> prims = new LinkedHashMap<>();
        primitives.forEach((p, byLevel) -> {
            Map<String, Timing> levels = new LinkedHashMap<>();
            byLevel.forEach((level, t) -> levels.put(Integer.toString(level), t));
            prims.put(p.key(), levels);
        });
        root.put("primitives", prims);
        if (bootstrap != null && version == 1) {
            root.put("bootstrap", bootstrap.values().iterator().next());
        } else if (bootstrap != null) {
            Map<String, Timing> byEnd = new LinkedHashMap<>();
            bootstrap.forEach((level, t) -> byEnd.put(Integer.toString(level), t));
            root.put("bootstrap", byEnd);
        }
        SafeFiles.writeString(file, new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(root) + "\n");
    }

    /**
     * Reads a cost file, every field checked: a missing, damaged or foreign file is an IOException of one line naming
     * the file and the field.
     */
    public static LevelCostFile read(Path file) throws IOException {
        JsonInput root = JsonInput.readObject(file, MAX_BYTES, WHAT);
        JsonInput format = root.optionalField("format");
        if (format == null || !format.element().isJsonPrimitive() || !FORMAT.equals(format.element().getAsString())) {
            throw new IOException(file + " is not " + WHAT + " (\"format\" must be \"" + FORMAT + "\")");
        }
        root.onlyFields("format", "version", "olaVersion", "date", "machine", "backend", "preset", "parameters",
                "parameterFingerprint", "logSlots", "compact", "repeats", "primitives", "bootstrap");
        int version = root.field("version").smallInteger(1, VERSION);
        String fingerprint = root.field("parameterFingerprint").string();
        if (!fingerprint.matches("[0-9a-f]{64}")) {
            throw root.field("parameterFingerprint").problem("must be 64 lower-case hex digits, got "
                    + JsonInput.quote(fingerprint));
        }
        JsonInput boot = root.optionalField("bootstrap");
        String preset = root.field("preset").string();
        SortedMap<Integer, Timing> bootstrap = null;
        if (boot != null && version == 1) { // one timing: keyed by the preset's top end level (it was timed there)
            bootstrap = new TreeMap<>(Map.of(BootstrappingPresets.byName(preset)
                    .map(l -> BootstrappingParameters.of(l).levelsAfterBootstrapping()).orElse(0), timing(boot)));
        } else if (boot != null) {
            bootstrap = byLevel(boot);
        }
        return new LevelCostFile(root.field("olaVersion").string(), root.field("date").string(),
                machine(root.field("machine")), root.field("backend").string(), preset,
                root.field("parameters").string(), fingerprint, root.field("logSlots").smallInteger(0, 30),
                root.field("compact").bool(),
                root.field("repeats").smallInteger(1, Integer.MAX_VALUE), primitives(root.field("primitives")),
                bootstrap, version);
    }

    private static Map<String, String> machine(JsonInput m) throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        for (String k : m.fieldNames()) {
            JsonInput v = m.field(k);
            out.put(k, v.element().isJsonPrimitive() ? v.element().getAsString() : v.string());
        }
        for (String required : new String[] {"cpu", "cpus", "java"}) {
            m.field(required);
        }
        return out;
    }

    private static Map<MeasuredLevelCosts.Primitive, SortedMap<Integer, Timing>> primitives(JsonInput section)
            throws IOException {
        Map<MeasuredLevelCosts.Primitive, SortedMap<Integer, Timing>> out = new EnumMap<>(MeasuredLevelCosts.Primitive.class);
        for (String key : section.fieldNames()) {
            MeasuredLevelCosts.Primitive p = MeasuredLevelCosts.Primitive.ofKey(key);
            if (p == null) {
                throw section.problem("has the unknown primitive " + JsonInput.quote(key));
            }
            out.put(p, byLevel(section.field(key)));
        }
        for (MeasuredLevelCosts.Primitive p : MeasuredLevelCosts.Primitive.values()) {
            section.field(p.key()); // every primitive must be there
        }
        return out;
    }

    /** Timings keyed by level (at least one). */
    private static SortedMap<Integer, Timing> byLevel(JsonInput levels) throws IOException {
        SortedMap<Integer, Timing> byLevel = new TreeMap<>();
        for (String level : levels.fieldNames()) {
            if (!level.matches("0|[1-9][0-9]{0,3}") || Integer.parseInt(level) > MAX_LEVEL) {
                throw levels.problem("has the key " + JsonInput.quote(level) + ", which is not a level");
            }
            byLevel.put(Integer.parseInt(level), timing(levels.field(level)));
        }
        if (byLevel.isEmpty()) {
            throw levels.problem("has no level");
        }
        return byLevel;
    }

    private static Timing timing(JsonInput t) throws IOException {
        t.onlyFields("median", "spread");
        return new Timing(t.field("median").finite(0, Double.MAX_VALUE), t.field("spread").finite(0, Double.MAX_VALUE));
    }
}

package dev.olafhe.ola;

import dev.olafhe.approx.Basis;
import dev.olafhe.nn.InputFiles;
import dev.olafhe.util.JsonInput;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * A cost table measured on a backend and stored as JSON (e.g. under bench/results/):
 * <pre>{ "device": "...", "slots": 32768, "multiplication_seconds": 0.4, "bootstrap_seconds": 25.0,
 *   "levels_after_bootstrap": 16, "polynomial_seconds": {"3": 0.9, "7": 1.6, ...} }</pre>
 * Polynomial times are per ciphertext, for general-basis polynomials; odd/even polynomials are charged the same
 * (an upper bound). Depth is ceil(log2(d+1)). A degree that was not measured is refused with the list of those
 * that were.
 */
public final class MeasuredCostTable extends AbstractCostTable {
    /** Largest table read (a real one has a few hundred bytes), and most levels after a bootstrap. */
    private static final long MAX_BYTES = 1 << 20;
    private static final int MAX_LEVELS = 1 << 10;
    private final String device;
    private final Path source;
    private final TreeMap<Integer, Double> seconds;

    MeasuredCostTable(String device, Path source, int slots, double multiplication, double bootstrap,
                      int levelsAfterBootstrap, Map<Integer, Double> seconds) {
        super(slots, multiplication, bootstrap, levelsAfterBootstrap);
        this.device = device;
        this.source = source;
        this.seconds = new TreeMap<>(seconds);
    }

    /**
     * Reads a table, every field checked (types and bounds here, what the constants must satisfy in the constructor):
     * a damaged or foreign file is an IOException of one line naming the file and the field.
     */
    public static MeasuredCostTable load(Path file) throws IOException {
        byte[] bytes = InputFiles.readAll(file, MAX_BYTES, "no cost table here (--costs names a measured table)");
        JsonInput o = JsonInput.parseObject(file, bytes, "a measured cost table");
        o.onlyFields("device", "slots", "multiplication_seconds", "bootstrap_seconds", "levels_after_bootstrap",
                "polynomial_seconds");
        String device = o.field("device").string();
        int slots = o.field("slots").smallInteger(0, 1 << 24);
        double multiplication = o.field("multiplication_seconds").finite(0, Double.MAX_VALUE);
        double bootstrap = o.field("bootstrap_seconds").finite(0, Double.MAX_VALUE);
        int levels = o.field("levels_after_bootstrap").smallInteger(0, MAX_LEVELS);
        JsonInput polynomials = o.field("polynomial_seconds");
        Map<Integer, Double> sec = new TreeMap<>();
        for (String k : polynomials.fieldNames()) {
            if (!k.matches("[1-9][0-9]{0,2}")) {
                throw polynomials.problem("has the key " + JsonInput.quote(k) + ", which is not a degree");
            }
            sec.put(Integer.parseInt(k), polynomials.field(k).finite(0, Double.MAX_VALUE));
        }
        try {
            return new MeasuredCostTable(device, file, slots, multiplication, bootstrap, levels, sec);
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": " + e.getMessage(), e); // a constant the tables cannot work with
        }
    }

    @Override
    public String description() {
        return "measured on " + device + " (" + source + ")";
    }

    @Override
    public double polynomialSeconds(int degree, Basis basis) {
        Double s = seconds.get(degree);
        if (s == null) {
            throw new IllegalArgumentException("degree " + degree + " was not measured in " + source
                    + "; measured degrees: " + seconds.keySet() + " (restrict --degrees to them or re-measure)");
        }
        return s;
    }

    @Override
    public int depth(int degree, Basis basis) {
        return PolynomialCounts.depthOf(degree);
    }
}

package dev.olafhe.ola;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import dev.olafhe.approx.Basis;

import java.io.IOException;
import java.nio.file.Files;
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

    public static MeasuredCostTable load(Path file) throws IOException {
        JsonObject o;
        try {
            o = new Gson().fromJson(Files.readString(file), JsonObject.class);
        } catch (JsonParseException e) {
            throw new IOException(file + " is not valid JSON: " + e.getMessage(), e);
        }
        String[] required = {"device", "slots", "multiplication_seconds", "bootstrap_seconds",
                "levels_after_bootstrap", "polynomial_seconds"};
        for (String k : required) {
            if (o == null || !o.has(k)) {
                throw new IOException(file + ": measured cost table lacks \"" + k + "\" (needs " + String.join(", ",
                        required) + ")");
            }
        }
        Map<Integer, Double> sec = new TreeMap<>();
        for (String k : o.getAsJsonObject("polynomial_seconds").keySet()) {
            try {
                sec.put(Integer.parseInt(k), o.getAsJsonObject("polynomial_seconds").get(k).getAsDouble());
            } catch (NumberFormatException e) {
                throw new IOException(file + ": polynomial_seconds key \"" + k + "\" is not a degree");
            }
        }
        try {
            return new MeasuredCostTable(o.get("device").getAsString(), file, o.get("slots").getAsInt(),
                    o.get("multiplication_seconds").getAsDouble(), o.get("bootstrap_seconds").getAsDouble(),
                    o.get("levels_after_bootstrap").getAsInt(), sec);
        } catch (IllegalArgumentException | IllegalStateException | UnsupportedOperationException e) {
            throw new IOException(file + ": " + e.getMessage(), e); // a constant out of range or not a number
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

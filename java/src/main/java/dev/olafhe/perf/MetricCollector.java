package dev.olafhe.perf;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Collects samples by metric name, in first-seen order, and turns them into {@link Metric}s: the converters add
 * one value per trial or image, the quick suite one value per round.
 */
public final class MetricCollector {
    private record Kind(String unit, Better better, boolean deterministic) {
    }

    private final Map<String, Kind> kinds = new LinkedHashMap<>();
    private final Map<String, List<Double>> samples = new LinkedHashMap<>();

    /** Adds one sample; a metric keeps the unit, direction and kind it was first added with. */
    public MetricCollector add(String name, String unit, Better better, boolean deterministic, double value) {
        Kind k = new Kind(unit, better, deterministic);
        Kind known = kinds.putIfAbsent(name, k);
        if (known != null && !known.equals(k)) {
            throw new IllegalArgumentException("metric " + name + " added as " + k + " after " + known);
        }
        samples.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
        return this;
    }

    public boolean isEmpty() {
        return samples.isEmpty();
    }

    public List<Metric> metrics() {
        List<Metric> out = new ArrayList<>();
        samples.forEach((name, values) -> {
            Kind k = kinds.get(name);
            out.add(new Metric(name, k.unit(), k.better(), k.deterministic(),
                    values.stream().mapToDouble(Double::doubleValue).toArray()));
        });
        return out;
    }
}

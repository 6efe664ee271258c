package dev.olafhe.perf;

import java.util.Locale;

/** Which direction of a metric is an improvement. */
public enum Better {
    LOWER, HIGHER;

    /** The name in records: "lower" or "higher". */
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Better ofJson(String s) {
        return valueOf(s.toUpperCase(Locale.ROOT));
    }
}

package dev.olafhe.cli;

/** The project version, for provenance records (plans, benchmark results) and {@code ola --version}. */
public final class OlaVersion {
    private OlaVersion() {
    }

    public static String get() {
        String v = OlaVersion.class.getPackage().getImplementationVersion();
        return v != null ? v : "0.1.0-SNAPSHOT";
    }
}

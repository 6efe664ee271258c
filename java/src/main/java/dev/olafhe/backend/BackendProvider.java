package dev.olafhe.backend;

/**
 * Discovers and creates one {@link Backend} implementation. Providers are listed in
 * {@code META-INF/services/dev.olafhe.backend.BackendProvider}; {@link Backends} picks one by name or,
 * in auto mode, the available provider with the highest rank.
 */
public interface BackendProvider {
    /** Short name used by {@code OLAFHE_BACKEND} / {@code -Dolafhe.backend}: "cpu", "cuda". */
    String name();

    /** Preference in auto mode; higher wins among available providers. */
    int rank();

    /** Cheap check whether {@link #create()} can succeed here; never throws. */
    Availability probe();

    /** Creates the backend; only called after {@link #probe()} reported it available. */
    Backend create();
}

package dev.olafhe.backend;

/**
 * No backend can serve the request: the one asked for (for example {@code cuda} on a machine without a GPU) or, for
 * {@code auto}, any. The message says why, as the providers' availability probes reported it; the CLI prints it as
 * one error line. An {@link IllegalStateException}, as before, for callers that caught that.
 */
public final class BackendUnavailableException extends IllegalStateException {
    public BackendUnavailableException(String message) {
        super(message);
    }
}

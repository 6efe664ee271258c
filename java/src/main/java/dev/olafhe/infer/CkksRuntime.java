package dev.olafhe.infer;

import dev.olafhe.backend.Backend;
import dev.olafhe.backend.Backends;
import dev.olafhe.ckks.CkksContext;
import dev.olafhe.ckks.CkksParameters;

/** A backend (as a {@link Backends.Decision} chose it, with the reason) and a CKKS context on it; closes both. */
public record CkksRuntime(Backend backend, CkksContext context, String why) implements AutoCloseable {
    public static CkksRuntime open(CkksParameters params, Backends.Decision decision) {
        Backend backend = decision.chosen().create();
        return new CkksRuntime(backend, new CkksContext(params, backend), decision.why());
    }

    @Override
    public void close() {
        context.close();
        backend.close();
    }
}

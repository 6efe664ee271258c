package dev.olafhe.cli;

import dev.olafhe.backend.Backends;
import dev.olafhe.ckks.CkksParameters;
import dev.olafhe.infer.CkksRuntime;
import picocli.CommandLine.Option;

import java.util.Locale;

/** The --backend option of the commands that run CKKS, and the runtime it opens. */
final class BackendOption {
    @Option(names = "--backend", description = "cpu, cuda or auto (default: OLAFHE_BACKEND / -Dolafhe.backend, "
            + "else auto)")
    String name;

    /** The backend --backend asks for (else -Dolafhe.backend, else OLAFHE_BACKEND, else auto), and why. */
    Backends.Decision decide() {
        return Backends.decide(name == null ? Backends.requested() : name.trim().toLowerCase(Locale.ROOT));
    }

    /** A CKKS context for {@code params} on the chosen backend. */
    CkksRuntime open(CkksParameters params) {
        return CkksRuntime.open(params, decide());
    }
}

package dev.olafhe.cli;

import dev.olafhe.backend.Backends;
import dev.olafhe.ckks.CkksParameters;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/** The --backend option of the commands that run CKKS, and the runtime it opens. */
final class BackendOption {
    @Option(names = "--backend", description = "cpu, cuda or auto (default: OLAFHE_BACKEND, else auto)")
    String name;

    /** The backend --backend asks for (else OLAFHE_BACKEND, else auto), and why. */
    Backends.Decision decide() {
        return Backends.decide(name == null ? Backends.requested() : name.trim().toLowerCase(Locale.ROOT));
    }

    /** A CKKS context for {@code params} on the chosen backend. */
    InferenceSession.Runtime open(CkksParameters params) {
        return InferenceSession.Runtime.open(params, decide());
    }

    /** A CKKS context for the parameters stored in key directory {@code dir}, checked against {@code expected}. */
    InferenceSession.Runtime openStored(Path dir, CkksParameters expected) throws IOException {
        return open(InferenceSession.storedParameters(dir, expected));
    }
}

package dev.olafhe.backend.cpu;

import dev.olafhe.backend.Availability;
import dev.olafhe.backend.Backend;
import dev.olafhe.backend.BackendProvider;

/** The pure-Java backend: always available, lowest rank (a GPU backend wins in auto mode). */
public final class CpuBackendProvider implements BackendProvider {
    @Override
    public String name() {
        return "cpu";
    }

    @Override
    public int rank() {
        return 0;
    }

    @Override
    public Availability probe() {
        return Availability.yes("pure Java, " + CpuBackend.defaultThreads() + " threads");
    }

    @Override
    public Backend create() {
        return new CpuBackend();
    }
}

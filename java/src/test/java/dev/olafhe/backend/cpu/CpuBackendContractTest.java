package dev.olafhe.backend.cpu;

import dev.olafhe.backend.Backend;
import dev.olafhe.backend.BackendContractTest;

/** Runs the backend contract against the pure-Java backend (with 2 threads to exercise the parallel paths). */
class CpuBackendContractTest extends BackendContractTest {
    @Override
    protected Backend backend() {
        return new CpuBackend(2);
    }
}

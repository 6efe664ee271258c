package dev.olafhe.backend.cuda;

import dev.olafhe.backend.Availability;
import dev.olafhe.backend.Backend;
import dev.olafhe.backend.BackendContractTest;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The backend contract on the GPU: bit-identical results to the host references for every exact primitive.
 * Skipped (by assumption, with the probe's reason) where no usable GPU is present.
 */
class CudaBackendContractTest extends BackendContractTest {
    @Override
    protected Backend backend() {
        Availability availability = CudaProbe.probe();
        assumeTrue(availability.available(), () -> "CUDA backend unavailable: " + availability.reason());
        return new CudaBackend(0);
    }
}

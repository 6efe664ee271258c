package dev.olafhe.backend.cuda;

import dev.olafhe.backend.Availability;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** What the CUDA tests share: a backend on device 0, or the test skipped (JUnit assumption) with the probe's reason. */
final class CudaTests {
    private CudaTests() {
    }

    static CudaBackend backendOrSkip() {
        Availability availability = CudaProbe.probe();
        assumeTrue(availability.available(), () -> "CUDA backend unavailable: " + availability.reason());
        return new CudaBackend(0);
    }

    /** Closes what a test opened, in order, skipping what it never got to open. */
    static void closeAll(AutoCloseable... opened) throws Exception {
        for (AutoCloseable c : opened) {
            if (c != null) {
                c.close();
            }
        }
    }
}

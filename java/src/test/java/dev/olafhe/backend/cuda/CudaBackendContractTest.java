package dev.olafhe.backend.cuda;

import dev.olafhe.backend.Backend;
import dev.olafhe.backend.BackendContractTest;
import dev.olafhe.backend.DevicePoly;
import dev.olafhe.backend.DeviceRing;
import dev.olafhe.math.Primes;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The backend contract on the GPU: bit-identical results to the host references for every exact primitive,
 * plus what is specific to device memory (the pool, stale handles). Skipped (by assumption, with the probe's
 * reason) where no usable GPU is present; runs on host-emulated kernels with {@code -Pemulated-device}.
 */
class CudaBackendContractTest extends BackendContractTest {
    private CudaBackend cuda;

    @Override
    protected Backend backend() {
        cuda = CudaTests.backendOrSkip();
        return cuda;
    }

    @Test
    void poolReusesFreedBlocksAndClosedHandlesAreRefused() {
        long[] q = Primes.nttFriendlyPrimes(6, new int[] {40, 41}, List.of());
        try (DeviceRing ring = cuda.createRing(6, q, new long[0])) {
            DevicePoly first = cuda.allocate(ring, 2, 0);
            long inUse = cuda.memoryStatistics()[0];
            first.close();
            assertTrue(cuda.memoryStatistics()[1] >= 2 * 64 * 8, "the freed block is cached");
            try (DevicePoly second = cuda.allocate(ring, 2, 0)) {
                assertEquals(inUse, cuda.memoryStatistics()[0], "the cached block is handed out again");
                cuda.synchronize();
                assertThrows(IllegalStateException.class, () -> cuda.add(first, second, second), "closed poly");
            }
            assertEquals(NativeApi.ERR_INVALID_ARGUMENT, NativeApi.olafhe_poly_destroy(Long.MAX_VALUE));
            assertTrue(NativeApi.olafhe_last_error().contains("unknown or destroyed poly handle"), NativeApi.olafhe_last_error());
        }
    }
}

package dev.olafhe.backend.cuda;

import dev.olafhe.backend.DevicePoly;
import dev.olafhe.backend.DeviceRing;
import dev.olafhe.math.Primes;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The native context's work counters ({@link CudaBackend#nativeCounts}) count each kind of work where the native
 * library queues it: one call per ABI call, one launch per element-wise kernel, an NTT as one transform of one launch
 * per phase, pool allocations and reuses, copies with their bytes. Skipped without a GPU or the emulated build.
 */
class NativeCountsTest {
    private static final int LOG_N = 6;
    private static final int N = 1 << LOG_N;

    @Test
    void eachKindOfWorkIsCountedWhereItIsQueued() throws Exception {
        CudaBackend cuda = CudaTests.backendOrSkip();
        DeviceRing ring = null;
        DevicePoly a = null;
        DevicePoly b = null;
        try {
            ring = cuda.createRing(LOG_N, Primes.nttFriendlyPrimes(LOG_N, new int[] {40, 41}, List.of()), new long[0]);
            NativeCounts start = cuda.nativeCounts();
            assertEquals(start, cuda.nativeCounts(), "reading the counters is not counted");

            a = cuda.allocate(ring, 2, 0);
            NativeCounts allocated = cuda.nativeCounts().minus(start);
            assertEquals(1, allocated.calls());
            assertEquals(1, allocated.deviceAllocations() + allocated.poolReuses(), "one block from the pool");
            assertEquals(1, allocated.memsets(), "a new poly is zero-filled");
            assertEquals(0, allocated.launches());

            NativeCounts before = cuda.nativeCounts();
            long[][] limbs = new long[2][N];
            limbs[1][3] = 7;
            cuda.upload(limbs, a);
            NativeCounts upload = cuda.nativeCounts().minus(before);
            assertEquals(1, upload.calls());
            assertEquals(1, upload.copiesToDevice());
            assertEquals(2L * N * Long.BYTES, upload.bytesToDevice());

            b = cuda.allocate(ring, 2, 0);
            before = cuda.nativeCounts();
            cuda.add(a, a, b);
            NativeCounts add = cuda.nativeCounts().minus(before);
            assertEquals(1, add.calls());
            assertEquals(1, add.launches(), "one kernel over both limbs");
            assertEquals(0, add.nttTransforms());

            before = cuda.nativeCounts();
            cuda.ntt(b, b);
            NativeCounts ntt = cuda.nativeCounts().minus(before);
            assertEquals(1, ntt.calls());
            assertEquals(1, ntt.nttTransforms(), "one transform over both limbs");
            assertTrue(ntt.launches() >= 1 && ntt.launches() <= LOG_N, "one launch per phase: " + ntt);

            before = cuda.nativeCounts();
            long[][] back = cuda.download(a);
            NativeCounts download = cuda.nativeCounts().minus(before);
            assertEquals(7, back[1][3]);
            assertEquals(1, download.copiesToHost());
            assertEquals(2L * N * Long.BYTES, download.bytesToHost());

            cuda.resetNativeCounts();
            assertEquals(new NativeCounts(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0), cuda.nativeCounts());
        } finally {
            CudaTests.closeAll(b, a, ring, cuda);
        }
    }

    @Test
    void theReportNamesEveryCounterInTheAbiOrder() {
        long[] values = new long[NativeApi.COUNTER_COUNT];
        for (int i = 0; i < values.length; i++) {
            values[i] = 10L + i;
        }
        NativeCounts counts = NativeCounts.of(values);
        assertEquals(List.of("calls", "launches", "nttTransforms", "deviceAllocations", "poolReuses", "copiesToDevice",
                "bytesToDevice", "copiesToHost", "bytesToHost", "deviceCopies", "memsets"),
                List.copyOf(counts.asMap().keySet()));
        assertEquals(List.of(10L, 11L, 12L, 13L, 14L, 15L, 16L, 17L, 18L, 19L, 20L),
                List.copyOf(counts.asMap().values()));
        assertEquals(new NativeCounts(1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1),
                counts.minus(NativeCounts.of(new long[] {9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19})));
    }
}

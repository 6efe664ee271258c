package dev.olafhe.backend.cuda;

import dev.olafhe.backend.BackendCrossCheck;
import dev.olafhe.backend.DevicePoly;
import dev.olafhe.backend.DeviceRing;
import dev.olafhe.backend.cpu.CpuBackend;
import dev.olafhe.math.Primes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The event timer of the CUDA backend: lifecycle, misuse, Backend#deviceTimeMillis on it and its use by the
 * cross-check. Only the shape of the times is checked (non-negative): on host-emulated kernels
 * ({@code -Pemulated-device}) they are host times. Skipped (by assumption) without a usable GPU.
 */
class DeviceTimerTest {
    private static final int LOG_N = 8;

    private CudaBackend cuda;
    private DeviceRing ring;

    @BeforeEach
    void setUp() {
        cuda = CudaTests.backendOrSkip();
        ring = cuda.createRing(LOG_N, Primes.nttFriendlyPrimes(LOG_N, new int[] {40, 41}, List.of()), new long[0]);
    }

    @AfterEach
    void tearDown() throws Exception {
        CudaTests.closeAll(ring, cuda);
    }

    @Test
    void timesQueuedWorkAndCanBeRestarted() {
        try (DeviceTimer timer = cuda.newTimer(); DevicePoly a = cuda.allocate(ring, 2, 0);
             DevicePoly b = cuda.allocate(ring, 2, 0)) {
            timer.start();
            cuda.ntt(a, b);
            timer.stop();
            double first = timer.elapsedMillis();
            assertTrue(first >= 0, "elapsed " + first);
            assertEquals(first, timer.elapsedMillis(), "reading again does not change the measurement");
            timer.start();
            cuda.intt(b, a);
            timer.stop();
            assertTrue(timer.elapsedMillis() >= 0);
        }
    }

    @Test
    void refusesToStopBeforeStartingAndToReadWhileRunning() {
        try (DeviceTimer timer = cuda.newTimer()) {
            assertMessage("never started", assertThrows(IllegalArgumentException.class, timer::elapsedMillis));
            assertMessage("stopped before it was started", assertThrows(IllegalArgumentException.class, timer::stop));
            timer.start();
            assertMessage("timer is running", assertThrows(IllegalArgumentException.class, timer::elapsedMillis));
        }
    }

    @Test
    void aClosedTimerIsRefusedAndClosingTwiceIsHarmless() {
        DeviceTimer timer = cuda.newTimer();
        timer.close();
        timer.close();
        assertThrows(IllegalStateException.class, timer::start);
        assertThrows(IllegalStateException.class, timer::stop);
        assertThrows(IllegalStateException.class, timer::elapsedMillis);
        assertEquals(NativeApi.ERR_INVALID_ARGUMENT, NativeApi.olafhe_timer_start(Long.MAX_VALUE));
        assertMessage("unknown or destroyed timer handle", NativeApi.olafhe_last_error());
    }

    @Test
    void aTimerKeepsItsContextAliveAfterTheBackendCloses() {
        DeviceTimer timer = cuda.newTimer();
        timer.start();
        timer.stop();
        ring.close();
        ring = null;
        cuda.close();
        assertThrows(IllegalStateException.class, cuda::newTimer, "a closed backend makes no timers");
        assertTrue(timer.elapsedMillis() >= 0);
        timer.close();
    }

    @Test
    void deviceTimeOfWorkIsMeasuredAndExceptionsPassThrough() {
        try (DevicePoly a = cuda.allocate(ring, 2, 0); DevicePoly b = cuda.allocate(ring, 2, 0)) {
            int[] runs = new int[1];
            double millis = cuda.deviceTimeMillis(() -> {
                runs[0]++;
                cuda.ntt(a, b);
            }).orElseThrow();
            assertEquals(1, runs[0]);
            assertTrue(millis >= 0, "elapsed " + millis);
            assertThrows(IllegalArgumentException.class, () -> cuda.deviceTimeMillis(() -> cuda.automorphismNtt(a, 5, a)));
            assertTrue(cuda.deviceTimeMillis(() -> cuda.copy(a, b)).orElseThrow() >= 0, "usable after a failed work");
        }
    }

    @Test
    void theCrossCheckReportsTheDeviceTimeOfEveryPrimitive() {
        try (CpuBackend reference = new CpuBackend(1)) {
            for (BackendCrossCheck.Result r : new BackendCrossCheck(reference, cuda, LOG_N, 3).run()) {
                assertTrue(r.match(), r.toString());
                assertTrue(r.candidateDeviceMillis().orElseThrow() >= 0, r.toString());
            }
        }
    }

    private static void assertMessage(String expected, Throwable thrown) {
        assertMessage(expected, thrown.getMessage());
    }

    private static void assertMessage(String expected, String message) {
        assertTrue(message.contains(expected), message);
    }
}

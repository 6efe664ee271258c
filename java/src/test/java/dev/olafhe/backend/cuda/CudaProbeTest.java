package dev.olafhe.backend.cuda;

import dev.olafhe.backend.Availability;
import dev.olafhe.backend.Backends;
import dev.olafhe.backend.cpu.CpuBackendProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/** The availability probe gives one clear reason per missing piece, and selection falls back to the CPU. */
class CudaProbeTest {
    /** A native runtime in each state the probe distinguishes. */
    enum Situation {
        NO_LIBRARY(false, 0, "native library not built"),
        CUDA_NOT_COMPILED(false, 0, "CUDA not compiled in"),
        NO_DRIVER(true, NativeApi.ERR_NO_DRIVER, "no usable NVIDIA driver"),
        NO_GPU(true, NativeApi.ERR_NO_DEVICE, "no GPU"),
        OTHER_CUDA_ERROR(true, NativeApi.ERR_CUDA, "CUDA device query failed (CUDA)"),
        GPU(true, NativeApi.OK, "GPU 0: Fake H200"),
        EMULATION_TEST_BUILD(true, NativeApi.OK, "native library 0.1.0 is a device-emulation test build");

        final boolean compiled;
        final int countStatus;
        final String reasonStart;

        Situation(boolean compiled, int countStatus, String reasonStart) {
            this.compiled = compiled;
            this.countStatus = countStatus;
            this.reasonStart = reasonStart;
        }
    }

    private static NativeRuntime fake(Situation s) {
        if (s == Situation.NO_LIBRARY) {
            throw new IllegalStateException("native library not built: no libjniNativeApi.so");
        }
        return new NativeRuntime() {
            @Override
            public String version() {
                return "0.1.0";
            }

            @Override
            public boolean cudaCompiled() {
                return s.compiled;
            }

            @Override
            public String cudaArchitectures() {
                return s == Situation.EMULATION_TEST_BUILD ? CudaProbe.EMULATION : s.compiled ? "80-real,90" : "";
            }

            @Override
            public int deviceCount(int[] count) {
                count[0] = s == Situation.GPU ? 1 : 0;
                return s.countStatus;
            }

            @Override
            public String lastError() {
                return "olafhe_device_count: native detail";
            }

            @Override
            public String describeDevice(int device) {
                return "GPU 0: Fake H200 (sm_90)";
            }
        };
    }

    @ParameterizedTest
    @EnumSource(Situation.class)
    void eachSituationHasItsOwnReason(Situation situation) {
        assumeFalse(Boolean.getBoolean("olafhe.cuda.allowEmulation"), "emulated-device test run");
        Availability a = CudaProbe.probe(() -> fake(situation));
        assertEquals(situation == Situation.GPU, a.available(), a.reason());
        assertTrue(a.reason().startsWith(situation.reasonStart), a.reason());
        if (situation.countStatus != NativeApi.OK && situation.compiled) {
            assertTrue(a.reason().contains("native detail"), "the native error text is passed on: " + a.reason());
        }
    }

    @Test
    void probeNeverThrowsEvenWhenTheRuntimeDoes() {
        Availability a = CudaProbe.probe(() -> {
            throw new UnsatisfiedLinkError("libolafhe_native.so: cannot open shared object file");
        });
        assertFalse(a.available());
        assertTrue(a.reason().contains("cannot open shared object file"), a.reason());
    }

    @Test
    void realProbeDecidesAndAutoFallsBackToCpuWithTheReason() {
        Availability cuda = CudaProbe.probe();
        assertTrue(Backends.providers().stream().anyMatch(p -> p instanceof CudaBackendProvider),
                "listed in META-INF/services");
        Backends.Decision auto = Backends.decide("auto");
        if (cuda.available()) {
            assertEquals("cuda", auto.chosen().name(), auto.why());
        } else {
            assertInstanceOf(CpuBackendProvider.class, auto.chosen());
            assertTrue(auto.why().contains("cuda unavailable: " + cuda.reason()), auto.why());
            IllegalStateException explicit = assertThrows(IllegalStateException.class, () -> Backends.decide("cuda"));
            assertTrue(explicit.getMessage().contains(cuda.reason()), explicit.getMessage());
            assertThrows(RuntimeException.class, () -> new CudaBackend(0), "creating it anyway fails cleanly");
        }
    }
}

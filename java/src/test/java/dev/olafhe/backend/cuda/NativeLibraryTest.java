package dev.olafhe.backend.cuda;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/** The native library loads from target/classes (as from the jar) and its C ABI reports errors as statuses. */
class NativeLibraryTest {
    private static NativeLibrary library() {
        assumeFalse(Boolean.getBoolean("olafhe.native.skip"), "native build skipped (-Dolafhe.native.skip=true)");
        NativeLibrary.Loaded loaded = NativeLibrary.load();
        assertNotNull(loaded.library(), "the build put libolafhe_native.so next to the classes: " + loaded.failure());
        return loaded.library();
    }

    @Test
    void reportsVersionAndWhetherCudaIsCompiledIn() {
        NativeLibrary lib = library();
        assertTrue(lib.version().matches("\\d+\\.\\d+\\.\\d+"), lib.version());
        assertEquals(lib.cudaCompiled(), !lib.cudaArchitectures().isEmpty(),
                "architectures are listed exactly when CUDA is compiled in: '" + lib.cudaArchitectures() + "'");
        if (lib.cudaCompiled() && !lib.cudaArchitectures().equals(CudaProbe.EMULATION)) {
            assertEquals("80-real,90", lib.cudaArchitectures());
        }
    }

    @Test
    void failedCallReturnsStatusAndThreadLocalErrorText() throws Exception {
        library();
        byte[] name = new byte[64];
        int status = NativeApi.olafhe_device_name(-1, name, name.length); // no device -1 in any build
        assertNotEquals(NativeApi.OK, status);
        String message = NativeApi.olafhe_last_error();
        assertTrue(message.startsWith("olafhe_device_name: "), message);
        String[] otherThread = new String[1];
        Thread t = new Thread(() -> otherThread[0] = NativeApi.olafhe_last_error());
        t.start();
        t.join();
        assertEquals("", otherThread[0], "the error text is per thread");
    }
}

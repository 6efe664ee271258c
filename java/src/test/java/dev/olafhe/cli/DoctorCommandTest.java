package dev.olafhe.cli;

import dev.olafhe.backend.BackendCrossCheck;
import dev.olafhe.backend.cuda.NativeStatus;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.OptionalDouble;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DoctorCommandTest {
    @Test
    void reportsEveryProviderTheDecisionTheNativeLibraryAndTheDevice() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int code = new DoctorCommand().run(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, text);
        assertTrue(text.matches("(?s).*\\n  cuda  \\(rank 10\\): (available|UNAVAILABLE) — .+\\n.*"), text);
        assertTrue(text.matches("(?s).*\\n  cpu   \\(rank  0\\): available — pure Java.*"), text);
        assertTrue(text.matches("(?s).*\\ndecision   : (cuda|cpu) — .+"), text);
        NativeStatus status = NativeStatus.query();
        if (status.loaded()) {
            assertTrue(text.contains("native lib : libolafhe_native " + status.version() + " loaded from "), text);
            assertTrue(text.contains(status.cudaCompiled() ? "CUDA       : compiled in (kernels for " : "NOT compiled in"), text);
        } else {
            assertTrue(text.contains("native lib : not loaded — "), text);
        }
        assertTrue(text.contains("device     : " + (status.device().available() ? "" : "none — ") + status.device().reason()),
                text);
    }

    @Test
    void aCheckLineShowsTheDeviceTimeOnlyWhenTheBackendMeasuredIt() {
        assertEquals("  ntt                      MATCH         1.50 ms  bit-identical", DoctorCommand.checkLine(
                new BackendCrossCheck.Result("ntt", true, "bit-identical", 1.5, OptionalDouble.empty())));
        assertEquals("  ntt                      MATCH         1.50 ms  device     0.042 ms  bit-identical",
                DoctorCommand.checkLine(new BackendCrossCheck.Result("ntt", true, "bit-identical", 1.5,
                        OptionalDouble.of(0.042))));
    }

    @Test
    void doctorIsRegisteredInTheCommandLine() {
        assertTrue(Main.commandLine().getSubcommands().containsKey("doctor"));
    }
}

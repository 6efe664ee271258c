package dev.olafhe.bench;

import dev.olafhe.ckks.CkksParameters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ParameterFileTest {
    /** The committed side-by-side set is the JMH benchmarks' logN-16 set: the same primes and digits. */
    @Test
    void theCommittedIssue16SetIsTheJmhSet() throws IOException {
        ParameterFile f = ParameterFile.read(Path.of("params", "issue16-openfhe.json"));
        CkksParameters file = CkksParameters.of(f.literal());
        CkksParameters jmh = CkksParameters.of(BenchParameters.logN16());
        assertEquals("issue16-openfhe", f.name());
        assertArrayEquals(jmh.qModuli(), file.qModuli());
        assertArrayEquals(jmh.pModuli(), file.pModuli());
        assertEquals(jmh.dnum(), file.dnum());
        assertEquals(jmh.toString(), file.toString());
    }

    @Test
    void refusesWhatItCannotRunWithOneLineNamingTheProblem(@TempDir Path dir) throws IOException {
        String ok = "\"name\": \"x\", \"logN\": 12, \"logQ\": [50, 40], \"logP\": [55], \"logScale\": 40, "
                + "\"dnum\": 0";
        assertRefused(dir, "{" + ok + ", \"secret\": \"ternary\", \"slots\": 5}", "unknown field");
        assertRefused(dir, "{" + ok + ", \"secret\": \"binary\"}", "secret must be \"ternary\"");
        assertRefused(dir, "{" + ok + ", \"secret\": \"ternary\"}", "not valid"); // over the 128-bit bound
        assertRefused(dir, "{" + ok.replace("[50, 40]", "[50, 70]") + ", \"secret\": \"ternary\"}", "logQ");
        assertRefused(dir, "{" + ok + "}", "secret is missing");
    }

    private static void assertRefused(Path dir, String json, String part) throws IOException {
        Path file = dir.resolve("p.json");
        Files.writeString(file, json);
        IOException e = assertThrows(IOException.class, () -> ParameterFile.read(file));
        assertTrue(e.getMessage().contains(part), e.getMessage());
        assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
        assertEquals(-1, e.getMessage().indexOf('\n'), e.getMessage());
    }
}

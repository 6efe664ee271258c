package dev.olafhe.ola;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.olafhe.approx.Basis;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

class CostTableTest {
    @Test
    void analyticDepthIsCeilLog2AndCostGrowsWithDegree() {
        CostTable t = AnalyticCostTable.cpuLogN16();
        double prev = 0;
        for (int d = 1; d <= 63; d++) {
            assertEquals((int) Math.ceil(Math.log(d + 1) / Math.log(2) - 1e-12), t.depth(d, Basis.GENERAL), "d=" + d);
            double s = t.amortisedSeconds(d, Basis.GENERAL);
            assertTrue(s >= prev, "cost must not fall with degree at d=" + d);
            prev = s;
        }
        // the composite ReLU baseline: depth 4 + 4 + 5 + 1 = 14
        double[] composite = t.compositeRelu(new int[] {15, 15, 27});
        assertEquals(14, (int) composite[1]);
        assertTrue(composite[0] > t.polynomialSeconds(63, Basis.GENERAL));
        assertEquals(1, t.ciphertexts(16 * 32 * 32));
        assertEquals(3, t.ciphertexts(2 * 32768 + 1));
    }

    @Test
    void measuredTableLoadsAndRefusesUnmeasuredDegrees(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("costs.json");
        Files.writeString(f, "{\"device\": \"test gpu\", \"slots\": 4096, \"multiplication_seconds\": 0.01,"
                + " \"bootstrap_seconds\": 2.0, \"levels_after_bootstrap\": 9,"
                + " \"polynomial_seconds\": {\"3\": 0.05, \"7\": 0.08}}");
        MeasuredCostTable t = MeasuredCostTable.load(f);
        assertEquals(0.08, t.polynomialSeconds(7, Basis.GENERAL));
        assertEquals(3, t.depth(7, Basis.GENERAL));
        assertEquals(0.05 + 2.0 * 2 / 9, t.amortisedSeconds(3, Basis.GENERAL), 1e-12);
        assertTrue(t.description().contains("test gpu"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> t.polynomialSeconds(5, Basis.GENERAL));
        assertTrue(e.getMessage().contains("[3, 7]"), e.getMessage());
        Files.writeString(f, "{\"device\": \"x\"}");
        IOException bad = assertThrows(IOException.class, () -> MeasuredCostTable.load(f));
        assertTrue(bad.getMessage().contains("slots"), bad.getMessage());
        Files.writeString(f, "{\"device\": \"x\", \"slots\": 0, \"multiplication_seconds\": 0.01,"
                + " \"bootstrap_seconds\": 2.0, \"levels_after_bootstrap\": 9, \"polynomial_seconds\": {\"3\": 0.05}}");
        IOException invalid = assertThrows(IOException.class, () -> MeasuredCostTable.load(f));
        assertTrue(invalid.getMessage().contains(f.toString()) && invalid.getMessage().contains("0 slots"),
                invalid.getMessage());
    }

    @Test
    void analyticTableRefusesInvalidConstants() {
        assertThrows(IllegalArgumentException.class,
                () -> new AnalyticCostTable(PolynomialCounts.INSTANCE, "n", 1 << 15, 0.5, -1, 30, 16));
        assertThrows(IllegalArgumentException.class,
                () -> new AnalyticCostTable(PolynomialCounts.INSTANCE, "n", 1 << 15, 0, 0.01, 30, 16));
    }
}

package dev.olafhe.ckks;

import dev.olafhe.backend.cpu.CpuBackend;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DemoCircuitTest {
    @Test
    void presetsAreSecureFrom13AndTestOnlyBelowAndRefusedOutside() {
        for (int logN = 10; logN <= 16; logN++) {
            CkksParameters p = CkksParameters.of(DemoCircuit.preset(logN));
            assertEquals(logN < 13, p.isTestOnly(), "logN " + logN);
            assertEquals(3, p.maxLevel(), "a depth-2 circuit: three primes above q_0");
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DemoCircuit.preset(17));
        assertTrue(e.getMessage().contains("[10, 16]"), e.getMessage());
    }

    @Test
    void theCircuitIsPreciseReportsEveryStepAndRepeatsWithTheSameSeeds() {
        CkksParameters params = CkksParameters.of(DemoCircuit.preset(11));
        try (CpuBackend backend = new CpuBackend(); CkksContext context = new CkksContext(params, backend)) {
            List<String> steps = new ArrayList<>();
            DemoCircuit.Result a = DemoCircuit.run(context, new Random(1), new Random(2), new Random(3),
                    (what, nanos) -> steps.add(what));
            DemoCircuit.Result b = DemoCircuit.run(context, new Random(1), new Random(2), new Random(3),
                    (what, nanos) -> { });
            assertEquals(8, steps.size(), steps.toString());
            assertEquals(1, a.level());
            assertEquals(a.slot0(), b.slot0());
            // depth-2 circuit at scale 2^35, logN 11: Lattigo's single-op criterion minus 2 bits for the depth
            assertTrue(a.precision().real().mean() >= 35 - (11 + 2) - 2, a.precision().toString());
            assertTrue(Math.abs(a.slot0() - a.expectedSlot0()) < 1e-3);
        }
    }
}

package dev.olafhe.bench;

import dev.olafhe.backend.CountingBackend;
import dev.olafhe.backend.cpu.CpuBackend;
import dev.olafhe.backend.shape.ShapeBackend;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Why the logN-16 counts of {@code OperationCounts --resnet20} are the CPU backend's: every operation of
 * {@link OperationCounts#fast} (key switch, hoisted batch, bootstrapping, one tiny_resnet image with its encryption
 * and decryption, on the logn11 chain) gives exactly the same counts per backend method, allocated bytes and
 * host/device bytes through the {@link ShapeBackend} as through the {@link CpuBackend}. CKKS evaluation is
 * data-oblivious, so what holds for these operations holds at any ring degree; the shape backend's own checks are
 * the CPU backend's ({@code ShapeBackendTest}).
 */
class ShapeBackendCountsTest {
    @Test
    void shapeBackendCountsWhatTheCpuBackendCounts() throws IOException {
        List<CountedOperations.Counted> cpu;
        try (CpuBackend backend = new CpuBackend()) {
            cpu = OperationCounts.fast(new CountingBackend(backend));
        }
        List<CountedOperations.Counted> shape;
        try (ShapeBackend backend = new ShapeBackend()) {
            shape = OperationCounts.fast(new CountingBackend(backend));
        }
        assertEquals(cpu.stream().map(CountedOperations.Counted::name).toList(),
                shape.stream().map(CountedOperations.Counted::name).toList());
        for (int i = 0; i < cpu.size(); i++) {
            assertEquals(cpu.get(i).counts(), shape.get(i).counts(), cpu.get(i).name());
        }
        CountingBackend.Counts bootstrap = cpu.stream().filter(c -> c.name().equals("logn11.bootstrap")).findFirst()
                .orElseThrow().counts();
        assertTrue(bootstrap.totalCalls() > 100 && bootstrap.allocations() > 0,
                "the compared operations do real work: " + bootstrap);
    }
}

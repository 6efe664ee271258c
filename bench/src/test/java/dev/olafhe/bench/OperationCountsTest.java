package dev.olafhe.bench;

import dev.olafhe.backend.CountingBackend;
import dev.olafhe.backend.cpu.CpuBackend;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static java.util.Map.entry;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The regression check on backend work that needs no GPU: the counts of {@link OperationCounts} on the
 * logn11-insecure chain (key switch, hoisted batch, bootstrapping, one tiny_resnet image and its client side) are
 * pinned here, compared exactly as {@code ola bench compare} compares deterministic metrics. A change that adds
 * backend calls, allocations or host/device bytes fails; so does one that removes some, so that the pinned numbers
 * follow every deliberate improvement.
 */
class OperationCountsTest {
    /** Totals per operation, as {@link OperationCounts#totals} names them; calls by method are in the report. */
    private static final Map<String, Long> PINNED = Map.ofEntries(
            entry("calls.logn11.keySwitch", 1L),
            entry("allocations.logn11.keySwitch", 0L),
            entry("allocatedBytes.logn11.keySwitch", 0L),
            entry("uploadBytes.logn11.keySwitch", 0L),
            entry("downloadBytes.logn11.keySwitch", 0L),
            entry("calls.logn11.rotateHoisted8", 9L),
            entry("allocations.logn11.rotateHoisted8", 0L),
            entry("allocatedBytes.logn11.rotateHoisted8", 0L),
            entry("uploadBytes.logn11.rotateHoisted8", 0L),
            entry("downloadBytes.logn11.rotateHoisted8", 0L),
            entry("calls.logn11.bootstrap", 220L),
            entry("allocations.logn11.bootstrap", 30L),
            entry("allocatedBytes.logn11.bootstrap", 7995392L),
            entry("uploadBytes.logn11.bootstrap", 0L),
            entry("downloadBytes.logn11.bootstrap", 0L),
            entry("calls.logn11.encryptImage", 15L),
            entry("allocations.logn11.encryptImage", 4L),
            entry("allocatedBytes.logn11.encryptImage", 393216L),
            entry("uploadBytes.logn11.encryptImage", 393216L),
            entry("downloadBytes.logn11.encryptImage", 0L),
            entry("calls.logn11.image", 708L),
            entry("allocations.logn11.image", 163L),
            entry("allocatedBytes.logn11.image", 23953408L),
            entry("uploadBytes.logn11.image", 0L),
            entry("downloadBytes.logn11.image", 0L),
            entry("calls.logn11.decryptLogits", 7L),
            entry("allocations.logn11.decryptLogits", 2L),
            entry("allocatedBytes.logn11.decryptLogits", 32768L),
            entry("uploadBytes.logn11.decryptLogits", 0L),
            entry("downloadBytes.logn11.decryptLogits", 16384L));

    @Test
    void countsAtTestParametersAreThePinnedOnes() throws IOException {
        List<CountedOperations.Counted> counted;
        try (CpuBackend cpu = new CpuBackend()) {
            counted = OperationCounts.fast(new CountingBackend(cpu));
        }
        System.out.print(OperationCounts.markdown(counted, Map.of()));
        Map<String, Long> now = OperationCounts.totals(counted);
        Set<String> names = new TreeSet<>(PINNED.keySet());
        names.addAll(now.keySet());
        String changes = names.stream().filter(name -> !Objects.equals(PINNED.get(name), now.get(name)))
                .map(name -> "  " + name + ": pinned " + PINNED.get(name) + ", now " + now.get(name)
                        + (PINNED.containsKey(name) && now.containsKey(name) && now.get(name) > PINNED.get(name)
                        ? " (MORE work)" : ""))
                .collect(Collectors.joining("\n"));
        String update = now.entrySet().stream()
                .map(e -> String.format("            entry(\"%s\", %dL)", e.getKey(), e.getValue()))
                .collect(Collectors.joining(",\n"));
        assertEquals("", changes, "backend work at test parameters changed (fewer is better):\n" + changes
                + "\nIf the change is deliberate, replace PINNED in " + getClass().getSimpleName()
                + " by the entries below (calls by method are in the table printed above), and refresh the"
                + " committed report (bench/results/*-counts/README.md says how):\n" + update + "\n");
    }
}

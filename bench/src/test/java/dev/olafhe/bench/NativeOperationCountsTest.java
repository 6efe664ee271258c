package dev.olafhe.bench;

import dev.olafhe.backend.Availability;
import dev.olafhe.backend.BackendProvider;
import dev.olafhe.backend.Backends;
import dev.olafhe.backend.CountingBackend;
import dev.olafhe.backend.cuda.CudaBackend;
import dev.olafhe.backend.cuda.NativeCounts;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static java.util.Map.entry;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The native counts of {@link OperationCounts} on the CUDA backend's emulated build ({@code -Pemulated-device
 * -Dolafhe.cuda.allowEmulation=true}): native calls, kernel launches, NTTs, device allocations and copies of a key
 * switch, a hoisted batch and a bootstrapping on the logn11-insecure chain, pinned exactly as {@link
 * OperationCountsTest} pins the SPI counts. They are counted on the host where the native library queues the work,
 * so they depend only on the code. Skipped without the emulated build: a GPU build counts the same calls and copies,
 * but its NTTs take fewer phases (2^11-word tiles, the emulation's are 2^5), hence fewer launches; its counts come
 * from {@code cuda/device-check.sh}'s counts step.
 */
class NativeOperationCountsTest {
    private static final Map<String, NativeCounts> PINNED = Map.ofEntries(
            entry("logn11.keySwitch", new NativeCounts(1, 23, 6, 3, 15, 3, 576, 0, 0, 8, 0)),
            entry("logn11.rotateHoisted8", new NativeCounts(9, 143, 34, 0, 89, 24, 4608, 0, 0, 8, 0)),
            entry("logn11.bootstrap", new NativeCounts(299, 3135, 674, 5, 2282, 909, 174096, 0, 0, 354, 14)));

    @Test
    void nativeCountsOfKeySwitchHoistedBatchAndBootstrappingAreThePinnedOnes() throws IOException {
        List<CountedOperations.Counted> counted;
        try (CudaBackend cuda = emulatedCudaOrSkip()) {
            counted = OperationCounts.fast(new CountingBackend(cuda), cuda::nativeCounts, false);
        }
        System.out.print(OperationCounts.markdown(counted, Map.of()));
        Map<String, NativeCounts> now = new LinkedHashMap<>();
        counted.forEach(c -> now.put(c.name(), c.nativeCounts()));
        String changes = PINNED.keySet().stream().sorted().filter(name -> !PINNED.get(name).equals(now.get(name)))
                .map(name -> "  " + name + ": pinned " + PINNED.get(name) + ",\n" + " ".repeat(name.length() + 4)
                        + "now    " + now.get(name))
                .collect(Collectors.joining("\n"));
        String update = now.entrySet().stream()
                .map(e -> "            entry(\"" + e.getKey() + "\", new NativeCounts(" + e.getValue().asMap().values()
                        .stream().map(String::valueOf).collect(Collectors.joining(", ")) + "))")
                .collect(Collectors.joining(",\n"));
        assertEquals("", changes, "native work at test parameters changed (fewer is better):\n" + changes
                + "\nIf the change is deliberate, replace PINNED in " + getClass().getSimpleName()
                + " by the entries below and refresh bench/results/*-counts-coarse (its README says how):\n"
                + update + "\n");
    }

    /** The CUDA backend of the emulated build, or the test skipped (JUnit assumption) with the reason. */
    private static CudaBackend emulatedCudaOrSkip() {
        BackendProvider provider = Backends.providers().stream().filter(p -> p.name().equals("cuda")).findFirst()
                .orElse(null);
        assumeTrue(provider != null, "no CUDA backend provider on the class path");
        Availability availability = provider.probe();
        assumeTrue(availability.available(), () -> "CUDA backend unavailable: " + availability.reason());
        CudaBackend cuda = (CudaBackend) provider.create();
        if (!cuda.emulated()) {
            cuda.close();
        }
        assumeTrue(cuda.emulated(), "the pinned launch counts are the emulated build's (2^5-word NTT tiles)");
        return cuda;
    }
}

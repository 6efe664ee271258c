package dev.olafhe.infer;

import dev.olafhe.perf.Machine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The machine a benchmark ran on, as its report records it: host, CPU and load come from {@link Machine} (the
 * benchmark records' one reader of /proc), the peak resident set from this process.
 */
final class MachineInfo {
    private MachineInfo() {
    }

    /** Host, CPU model and count, OS, JVM, and the load average now. */
    static Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("host", Machine.detectHost());
        m.put("cpu", Machine.detectCpuModel());
        m.put("cpus", Runtime.getRuntime().availableProcessors());
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        m.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        m.put("loadAverageAtEnd", loadAverage());
        return m;
    }

    /** Peak resident set of this process (VmHWM), or -1 where /proc is not available. */
    static long peakResidentBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    /** The 1, 5 and 15-minute load averages. */
    static String loadAverage() {
        return Machine.loadAverage();
    }
}

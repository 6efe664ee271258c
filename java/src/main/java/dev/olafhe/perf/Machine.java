package dev.olafhe.perf;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * The machine a run measured: host name, CPU model and cores, memory, GPU model and driver (null where there is
 * none or it is unknown). Two records are from the same kind of machine when CPU model, cores and GPU model agree
 * ({@link #sameKindAs}); host names and drivers may differ (a fleet of identical runners, a driver update). An
 * unknown CPU model never counts as the same machine.
 */
public record Machine(String host, String cpuModel, int cores, long memoryBytes, String gpuModel, String gpuDriver) {
    public static final String UNKNOWN = "unknown";

    /** The differences that make {@code other} a different kind of machine; empty when the same. */
    public List<String> differencesFrom(Machine other) {
        List<String> d = new ArrayList<>();
        if (UNKNOWN.equals(cpuModel) || UNKNOWN.equals(other.cpuModel)) {
            d.add("the machine is unknown (a converted record without machine.txt?)");
        } else if (!Objects.equals(cpuModel, other.cpuModel)) {
            d.add("CPU " + cpuModel + " vs " + other.cpuModel);
        }
        if (cores != other.cores) {
            d.add("cores " + cores + " vs " + other.cores);
        }
        if (!Objects.equals(gpuModel, other.gpuModel)) {
            d.add("GPU " + gpuModel + " vs " + other.gpuModel);
        }
        return d;
    }

    public boolean sameKindAs(Machine other) {
        return differencesFrom(other).isEmpty();
    }

    /** This machine, as Linux describes it (/proc, and nvidia-smi where a GPU driver is installed). */
    public static Machine detect() {
        String[] gpu = nvidiaSmi();
        return new Machine(detectHost(), detectCpuModel(), Runtime.getRuntime().availableProcessors(),
                detectMemoryBytes(),
                gpu == null ? null : gpu[0], gpu == null ? null : gpu[1]);
    }

    public static String detectHost() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return UNKNOWN;
        }
    }

    public static String detectCpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse(UNKNOWN);
        } catch (IOException e) {
            return UNKNOWN;
        }
    }

    /** MemTotal from /proc/meminfo, or 0 when unknown. */
    static long detectMemoryBytes() {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (l.startsWith("MemTotal:")) {
                    return Long.parseLong(l.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
        return 0;
    }

    /** {name, driver} of the first GPU, or null without nvidia-smi or a GPU. */
    static String[] nvidiaSmi() {
        try {
            Process p = new ProcessBuilder("nvidia-smi", "--query-gpu=name,driver_version", "--format=csv,noheader")
                    .redirectErrorStream(true).start();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return null;
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (p.exitValue() != 0 || out.isEmpty()) {
                return null;
            }
            String[] parts = out.lines().findFirst().orElse("").split(",");
            return parts.length == 2 ? new String[] {parts[0].trim(), parts[1].trim()} : null;
        } catch (IOException e) {
            return null; // no nvidia-smi: no NVIDIA GPU driver
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** The 1, 5 and 15-minute load averages (/proc/loadavg), or "unknown". */
    public static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | ArrayIndexOutOfBoundsException e) {
            return UNKNOWN;
        }
    }
}

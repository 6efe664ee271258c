package dev.olafhe.perf;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a folder under bench/results/ says about the run whose files it holds: the {@code machine.txt} that
 * bench/scripts/run-core-benchmarks.sh writes ("before_key: value" lines, the first value of a key wins) and the
 * date its name starts with.
 */
final class ResultFolder {
    private static final Pattern DATE = Pattern.compile("^(\\d{4}-\\d{2}-\\d{2})");
    private static final Pattern GIB = Pattern.compile("^(\\d+) GiB total");

    private final Map<String, String> machineTxt = new LinkedHashMap<>();
    private final String folderDate;

    private ResultFolder(Path dir) throws IOException {
        Path txt = dir.resolve("machine.txt");
        if (Files.isRegularFile(txt)) {
            for (String line : Files.readAllLines(txt)) {
                int colon = line.indexOf(':');
                if (colon > 0) {
                    String key = line.substring(0, colon).trim().replaceFirst("^(before|after)_", "");
                    machineTxt.putIfAbsent(key, line.substring(colon + 1).trim());
                }
            }
        }
        Matcher m = DATE.matcher(dir.getFileName() == null ? "" : dir.getFileName().toString());
        folderDate = m.find() ? m.group(1) : null;
    }

    /** The folder holding {@code file}. */
    static ResultFolder of(Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        return new ResultFolder(dir);
    }

    /** A machine.txt value, or null. */
    String get(String key) {
        return machineTxt.get(key);
    }

    /** The run's date: machine.txt's start time, else the folder's date, else null. */
    String date() {
        return machineTxt.getOrDefault("date_utc", folderDate);
    }

    /** The machine as machine.txt describes it (unknown fields where there is none). */
    Machine machine() {
        String cpus = get("cpus_online");
        long memory = 0;
        String mem = get("memory");
        if (mem != null) {
            Matcher m = GIB.matcher(mem);
            memory = m.find() ? Long.parseLong(m.group(1)) << 30 : 0;
        }
        return new Machine(Machine.UNKNOWN, machineTxt.getOrDefault("cpu_model", Machine.UNKNOWN),
                cpus == null ? 0 : Integer.parseInt(cpus.trim()), memory, null, null);
    }
}

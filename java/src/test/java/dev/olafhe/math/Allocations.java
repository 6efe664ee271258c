package dev.olafhe.math;

import com.sun.management.ThreadMXBean;

import java.lang.management.ManagementFactory;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;

/**
 * The bytes a piece of vector code allocates once C2 has compiled it: a kernel past C2's inlining budget leaves a
 * helper out of line and boxes every vector that crosses it. Compilation is asynchronous, so the work is repeated until
 * one round allocates nothing, for at most a minute. The tests measure in fresh JVMs ({@link #inFreshJvm}): in the
 * test suite's JVM, what C2 compiled for a thousand earlier tests decides how (and whether) these kernels are compiled
 * again, and one CI run saw a transform that had been compiled elsewhere keep allocating for the whole minute. Even
 * a fresh JVM is not deterministic: on a loaded 2-CPU machine one CI run's child JVM kept boxing the wide key
 * products for the whole minute (16 of 16 quiet runs did not), so a kernel passes when one of up to three fresh JVMs
 * compiles it without boxing; a kernel past C2's inlining budget boxes in all three. The intermittent case can happen
 * in any JVM that runs these kernels: it is a known risk, not a test artefact.
 */
final class Allocations {
    private Allocations() {
    }

    /** Whether this JVM counts allocated bytes per thread (HotSpot does). */
    static boolean measurable() {
        return ManagementFactory.getThreadMXBean() instanceof ThreadMXBean;
    }

    /**
     * The bytes allocated by 100 runs of {@code work} after warming up, repeated until they are at most
     * {@code expected} (what the work allocates by design, 0 for a kernel) or a minute has passed.
     */
    static long onceCompiled(long expected, Runnable work) {
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        long deadline = System.nanoTime() + 60_000_000_000L;
        long allocated;
        do {
            for (int i = 0; i < 2_000; i++) {
                work.run();
            }
            long before = threads.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < 100; i++) {
                work.run();
            }
            allocated = threads.getCurrentThreadAllocatedBytes() - before;
        } while (allocated > expected && System.nanoTime() < deadline);
        return allocated;
    }

    /** Fresh JVMs tried before an allocation check fails (see the class comment). */
    static final int FRESH_JVMS = 3;

    /**
     * What {@code owner.measure(args)} (static, {@code String[]} to {@code long}, calling {@link #onceCompiled})
     * returns in a child JVM of this one's Java, class path and vector module: the first result of at most
     * {@code expected} bytes, else the least of {@link #FRESH_JVMS} children.
     */
    static long inFreshJvm(long expected, Class<?> owner, String measure, String... args) throws Exception {
        long least = Long.MAX_VALUE;
        for (int attempt = 0; attempt < FRESH_JVMS && least > expected; attempt++) {
            least = Math.min(least, inChildJvm(owner, measure, args));
        }
        return least;
    }

    private static long inChildJvm(Class<?> owner, String measure, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-Xmx512m", "--add-modules", "jdk.incubator.vector", "-cp", System.getProperty("java.class.path"),
                Allocations.class.getName(), owner.getName(), measure));
        command.addAll(List.of(args));
        Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(child.getInputStream().readAllBytes());
        if (child.waitFor() != 0 || !output.contains("allocated=")) {
            throw new AssertionError("the allocation check " + owner.getSimpleName() + "." + measure + " failed in its"
                    + " child JVM:\n" + output);
        }
        return Long.parseLong(output.substring(output.lastIndexOf("allocated=") + 10).trim());
    }

    /** Child JVM of {@link #inFreshJvm}: class, static method, its arguments; prints {@code allocated=<bytes>}. */
    public static void main(String[] args) throws Exception {
        Method m = Class.forName(args[0]).getDeclaredMethod(args[1], String[].class);
        m.setAccessible(true);
        long allocated = (long) m.invoke(null, (Object) java.util.Arrays.copyOfRange(args, 2, args.length));
        System.out.println("allocated=" + allocated);
    }
}

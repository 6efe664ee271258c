package dev.olafhe.util;

/**
 * Where library code reports the progress of long work (profiling, planning, evaluation, key files, bootstrapping
 * keys). The library never prints: the caller chooses how to show progress (the CLI renders a bar on stderr), and
 * {@link #NONE} ignores it. Implementations must accept {@link Task#step(long)} from several threads at once.
 */
public interface ProgressListener {
    /** Ignores all progress. */
    ProgressListener NONE = (label, total) -> Task.NONE;

    /** Work called {@code label} of {@code total} units starts; report its steps on the task and close it at the end. */
    Task start(String label, long total);

    /** One piece of long work in progress. */
    interface Task extends AutoCloseable {
        /** A task that ignores its steps. */
        Task NONE = n -> { };

        /** Records {@code n} more units of work done. */
        void step(long n);

        default void step() {
            step(1);
        }

        /** The work ended (successfully or not). */
        @Override
        default void close() {
        }
    }
}

package dev.olafhe.util;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A textual progress bar for long work (evaluation, profiling, planning, benchmarks), written to stderr
 * so that stdout stays machine-readable. Redraws in place on a terminal; on a pipe (CI, logs) it prints a
 * line at most every 10% so logs stay short. Thread-safe: workers call {@link #step(long)} concurrently.
 * A {@link ProgressListener.Task}, so {@code Progress::new} is a listener that draws every task as such a bar.
 */
public final class Progress implements ProgressListener.Task {
    private final String label;
    private final long total;
    private final PrintStream out;
    private final boolean interactive;
    private final long startNanos = System.nanoTime();
    private long done;
    private int lastTenth = -1;
    private long lastDrawNanos;

    public Progress(String label, long total) {
        this(label, total, System.err, System.console() != null);
    }

    public Progress(String label, long total, PrintStream out, boolean interactive) {
        if (total < 0) {
            throw new IllegalArgumentException("total must be >= 0, got " + total);
        }
        this.label = label;
        this.total = total;
        this.out = out;
        this.interactive = interactive;
    }

    /** Records {@code n} more units of work done. */
    public synchronized void step(long n) {
        done = Math.min(total, done + n);
        long now = System.nanoTime();
        if (interactive) {
            if (now - lastDrawNanos > 100_000_000L || done == total) {
                lastDrawNanos = now;
                out.print("\r" + line());
                out.flush();
            }
        } else {
            int tenth = total == 0 ? 10 : (int) (10 * done / total);
            if (tenth != lastTenth) {
                lastTenth = tenth;
                out.println(line());
            }
        }
    }

    public void step() {
        step(1);
    }

    public synchronized long done() {
        return done;
    }

    private String line() {
        double frac = total == 0 ? 1.0 : (double) done / total;
        int width = 30;
        int filled = (int) Math.round(frac * width);
        double elapsed = (System.nanoTime() - startNanos) / 1e9;
        double eta = frac > 0 ? elapsed * (1 - frac) / frac : Double.NaN;
        return String.format(Locale.ROOT, "%s [%s%s] %d/%d %5.1f%% %6.1fs elapsed%s", label,
                "#".repeat(filled), ".".repeat(width - filled), done, total, 100 * frac, elapsed,
                frac > 0 && frac < 1 ? String.format(Locale.ROOT, ", eta %.1fs", eta) : "");
    }

    @Override
    public synchronized void close() {
        if (interactive) {
            out.println();
        }
        out.flush();
    }
}

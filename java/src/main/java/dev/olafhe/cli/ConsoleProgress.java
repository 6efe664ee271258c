package dev.olafhe.cli;

import dev.olafhe.util.ProgressListener;

import java.io.PrintStream;
import java.util.Locale;

/**
 * How the command line shows the progress the library reports: a text bar per task on stderr, so that stdout stays
 * machine-readable. On a terminal the bar is redrawn in place (at most every 0.1 s); on a pipe (CI, logs) a line is
 * printed at most every 10% so logs stay short. Tasks accept steps from several threads at once.
 */
public final class ConsoleProgress implements ProgressListener {
    private static final int WIDTH = 30;
    private static final long REDRAW_NANOS = 100_000_000L;

    private final PrintStream out;
    private final boolean interactive;

    /** Bars on stderr, redrawn in place when stderr is a terminal. */
    public ConsoleProgress() {
        this(System.err, System.console() != null);
    }

    ConsoleProgress(PrintStream out, boolean interactive) {
        this.out = out;
        this.interactive = interactive;
    }

    @Override
    public Task start(String label, long total) {
        if (total < 0) {
            throw new IllegalArgumentException("total must be >= 0, got " + total);
        }
        return new Bar(label, total);
    }

    /** One task's bar. */
    private final class Bar implements Task {
        private final String label;
        private final long total;
        private final long startNanos = System.nanoTime();
        private long done;
        private int lastTenth = -1;
        private long lastDrawNanos;

        Bar(String label, long total) {
            this.label = label;
            this.total = total;
        }

        @Override
        public synchronized void step(long n) {
            done = Math.min(total, done + n);
            long now = System.nanoTime();
            if (interactive) {
                if (now - lastDrawNanos > REDRAW_NANOS || done == total) {
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

        private String line() {
            double frac = total == 0 ? 1.0 : (double) done / total;
            int filled = (int) Math.round(frac * WIDTH);
            double elapsed = (System.nanoTime() - startNanos) / 1e9;
            double eta = frac > 0 ? elapsed * (1 - frac) / frac : Double.NaN;
            return String.format(Locale.ROOT, "%s [%s%s] %d/%d %5.1f%% %6.1fs elapsed%s", label,
                    "#".repeat(filled), ".".repeat(WIDTH - filled), done, total, 100 * frac, elapsed,
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
}

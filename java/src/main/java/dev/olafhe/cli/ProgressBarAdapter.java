package dev.olafhe.cli;

import dev.olafhe.util.Progress;
import dev.olafhe.util.ProgressListener;

/**
 * The stderr bar of {@link Progress} as a {@link ProgressListener}, for library calls that report progress through
 * a listener. Temporary: replaced by the CLI's own renderer once it exists.
 */
final class ProgressBarAdapter {
    private ProgressBarAdapter() {
    }

    /** A listener that draws one {@link Progress} bar per task. */
    static ProgressListener stderrBar() {
        return (label, total) -> new ProgressListener.Task() {
            private final Progress bar = new Progress(label, total);

            @Override
            public void step(long n) {
                bar.step(n);
            }

            @Override
            public void close() {
                bar.close();
            }
        };
    }
}

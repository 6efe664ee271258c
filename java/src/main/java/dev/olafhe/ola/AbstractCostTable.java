package dev.olafhe.ola;

import java.util.Locale;

/**
 * The constants every cost table has, whether assumed ({@link AnalyticCostTable}) or measured
 * ({@link MeasuredCostTable}): slots per ciphertext, the time of one multiplication and of one bootstrap, and the
 * levels a bootstrap leaves. The two differ only in where polynomial times and depths come from.
 */
public abstract class AbstractCostTable implements CostTable {
    private final int slots;
    private final double multiplication;
    private final double bootstrap;
    private final int levelsAfterBootstrap;

    protected AbstractCostTable(int slots, double multiplication, double bootstrap, int levelsAfterBootstrap) {
        if (slots < 1 || !(multiplication > 0) || !(bootstrap >= 0) || levelsAfterBootstrap < 1) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "invalid cost constants: %d slots, %s s per"
                            + " multiplication, %s s per bootstrap, %d levels after a bootstrap (need slots >= 1,"
                            + " multiplication > 0, bootstrap >= 0, levels >= 1)", slots, multiplication, bootstrap,
                    levelsAfterBootstrap));
        }
        this.slots = slots;
        this.multiplication = multiplication;
        this.bootstrap = bootstrap;
        this.levelsAfterBootstrap = levelsAfterBootstrap;
    }

    @Override
    public final int slots() {
        return slots;
    }

    @Override
    public final double bootstrapSeconds() {
        return bootstrap;
    }

    @Override
    public final int levelsAfterBootstrap() {
        return levelsAfterBootstrap;
    }

    @Override
    public final double multiplicationSeconds() {
        return multiplication;
    }
}

package dev.olafhe.nn;

import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.PropagationMode;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;

/**
 * Sizes the properties of a fuzz test class that declares {@code @AddLifecycleHook(FuzzTries.class)}. By default
 * they run their own (small, CI-sized) number of tries from a fixed seed, so CI always checks the same corpus. For a
 * longer run, {@code -Dolafhe.fuzz.tries=N} sets the tries and draws a fresh seed (jqwik reports the seed of a
 * failure; {@code -Dolafhe.fuzz.seed=S} replays it), e.g.
 * {@code mvn -pl java test -Dtest='*FuzzTest' -Dolafhe.fuzz.tries=10000}.
 */
public final class FuzzTries implements AroundPropertyHook {
    /** The seed of the CI corpus. */
    private static final String CI_SEED = "20261202";

    /** Declared on a test class, the hook applies to the properties in it. */
    @Override
    public PropagationMode propagateTo() {
        return PropagationMode.ALL_DESCENDANTS;
    }

    @Override
    public PropertyExecutionResult aroundProperty(PropertyLifecycleContext context, PropertyExecutor property) {
        String tries = System.getProperty("olafhe.fuzz.tries", "").trim();
        String seed = System.getProperty("olafhe.fuzz.seed", "").trim();
        if (!tries.isEmpty()) {
            context.attributes().setTries(Integer.parseInt(tries));
        }
        if (!seed.isEmpty()) {
            context.attributes().setSeed(seed);
        } else if (tries.isEmpty()) {
            context.attributes().setSeed(CI_SEED);
        }
        return property.execute();
    }
}

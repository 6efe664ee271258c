package dev.olafhe.util;

import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.PropagationMode;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;

/**
 * jqwik hook for fuzz properties ({@code @AddLifecycleHook(FuzzBudget.class)}): their tries and seed come from the
 * annotation (bounded for CI, with a fixed seed so that CI runs the same corpus every time) unless overridden with
 * {@code -Dolafhe.fuzz.tries=N} (a longer or shorter run) and {@code -Dolafhe.fuzz.seed=S} (another corpus).
 */
public final class FuzzBudget implements AroundPropertyHook {
    public static final String TRIES_PROPERTY = "olafhe.fuzz.tries";
    public static final String SEED_PROPERTY = "olafhe.fuzz.seed";

    /** Added to a test class, the hook applies to every property in it. */
    @Override
    public PropagationMode propagateTo() {
        return PropagationMode.ALL_DESCENDANTS;
    }

    @Override
    public PropertyExecutionResult aroundProperty(PropertyLifecycleContext context, PropertyExecutor property) {
        String tries = System.getProperty(TRIES_PROPERTY, "").trim();
        if (!tries.isEmpty()) {
            context.attributes().setTries(Integer.parseInt(tries));
        }
        String seed = System.getProperty(SEED_PROPERTY, "").trim();
        if (!seed.isEmpty()) {
            context.attributes().setSeed(seed);
        }
        return property.execute();
    }
}

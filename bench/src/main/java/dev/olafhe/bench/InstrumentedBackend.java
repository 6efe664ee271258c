package dev.olafhe.bench;

import dev.olafhe.backend.Backend;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * The backend the quick suite runs on: the chosen backend behind a decorator that counts calls by method while
 * counting is on (the deterministic call and allocation counts of each operation), and that can add a fixed
 * delay to every call of one named method.
 *
 * <p>The delay is a <b>test fixture</b> for the regression runner, never a measurement: the system property
 * {@value #SLOW_PROPERTY}{@code =<Backend method>:<milliseconds>} (e.g. {@code rescaleNtt:2}) makes that primitive
 * deliberately slower, so that a run can show that the comparison flags it. The record of such a run says so in
 * its conditions.
 */
final class InstrumentedBackend implements InvocationHandler {
    static final String SLOW_PROPERTY = "olafhe.bench.slowPrimitive";

    private final Backend target;
    private final String slowMethod;
    private final long delayNanos;
    private final Map<String, LongAdder> calls = new ConcurrentHashMap<>();
    private volatile boolean counting;

    private InstrumentedBackend(Backend target, String slowMethod, long delayNanos) {
        this.target = target;
        this.slowMethod = slowMethod;
        this.delayNanos = delayNanos;
    }

    /** Wraps {@code target}; {@code slowSpec} is the value of {@value #SLOW_PROPERTY} or null. */
    static InstrumentedBackend wrap(Backend target, String slowSpec) {
        if (slowSpec == null || slowSpec.isBlank()) {
            return new InstrumentedBackend(target, null, 0);
        }
        String[] parts = slowSpec.split(":");
        double ms;
        try {
            ms = parts.length == 2 ? Double.parseDouble(parts[1]) : -1;
        } catch (NumberFormatException e) {
            ms = -1;
        }
        if (ms <= 0 || !isBackendMethod(parts[0])) {
            throw new IllegalArgumentException(SLOW_PROPERTY + "=" + slowSpec
                    + ": expected <Backend method>:<milliseconds > 0>, e.g. rescaleNtt:2");
        }
        return new InstrumentedBackend(target, parts[0], Math.round(ms * 1e6));
    }

    private static boolean isBackendMethod(String name) {
        for (Method m : Backend.class.getMethods()) {
            if (m.getName().equals(name)) {
                return true;
            }
        }
        return false;
    }

    Backend backend() {
        return (Backend) Proxy.newProxyInstance(Backend.class.getClassLoader(), new Class<?>[] {Backend.class}, this);
    }

    /** The injected delay as "method:milliseconds", or null when there is none. */
    String injectedDelay() {
        return slowMethod == null ? null : slowMethod + ":" + delayNanos / 1e6;
    }

    /** Starts counting from zero. */
    void startCounting() {
        calls.clear();
        counting = true;
    }

    /** Stops counting; returns the calls per method since {@link #startCounting}. */
    Map<String, Long> stopCounting() {
        counting = false;
        Map<String, Long> out = new TreeMap<>();
        calls.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        if (counting) {
            calls.computeIfAbsent(method.getName(), k -> new LongAdder()).increment();
        }
        if (delayNanos > 0 && method.getName().equals(slowMethod)) {
            TimeUnit.NANOSECONDS.sleep(delayNanos);
        }
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}

package dev.olafhe.bench;

import dev.olafhe.backend.Backend;
import dev.olafhe.backend.WholeOperation;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.concurrent.TimeUnit;

/**
 * A <b>test fixture</b> for the regression runner, never a measurement: a decorator that adds a fixed delay to
 * every call of one named {@link Backend} method. The system property
 * {@value #SLOW_PROPERTY}{@code =<Backend method>:<milliseconds>} (e.g. {@code rescaleNtt:2}) makes that primitive
 * deliberately slower, so that a run can show that the comparison flags it. The record of such a run says so in
 * its conditions. (The quick suite's counts come from {@link dev.olafhe.backend.CountingBackend}.) Whole operations
 * ({@link WholeOperation}) other than the slowed method run their default composition through the decorator, so
 * that the primitive is slowed wherever it runs, also inside them (a native whole operation is bypassed then: this
 * is a fixture, not a measurement).
 */
final class SlowPrimitive implements InvocationHandler {
    static final String SLOW_PROPERTY = "olafhe.bench.slowPrimitive";

    private final Backend target;
    private final String slowMethod;
    private final long delayNanos;

    private SlowPrimitive(Backend target, String slowMethod, long delayNanos) {
        this.target = target;
        this.slowMethod = slowMethod;
        this.delayNanos = delayNanos;
    }

    /** {@code slowSpec}: the value of {@value #SLOW_PROPERTY}, or null or blank for no delay. */
    static SlowPrimitive parse(Backend target, String slowSpec) {
        if (slowSpec == null || slowSpec.isBlank()) {
            return new SlowPrimitive(target, null, 0);
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
        return new SlowPrimitive(target, parts[0], Math.round(ms * 1e6));
    }

    private static boolean isBackendMethod(String name) {
        for (Method m : Backend.class.getMethods()) {
            if (m.getName().equals(name)) {
                return true;
            }
        }
        return false;
    }

    /** The target itself when there is no delay, else the target behind the delaying decorator. */
    Backend backend() {
        if (slowMethod == null) {
            return target;
        }
        return (Backend) Proxy.newProxyInstance(Backend.class.getClassLoader(), new Class<?>[] {Backend.class}, this);
    }

    /** The injected delay as "method:milliseconds", or null when there is none. */
    String injectedDelay() {
        return slowMethod == null ? null : slowMethod + ":" + delayNanos / 1e6;
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        if (method.getName().equals(slowMethod)) {
            TimeUnit.NANOSECONDS.sleep(delayNanos);
        } else if (method.isAnnotationPresent(WholeOperation.class)) {
            return InvocationHandler.invokeDefault(proxy, method, args);
        }
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}

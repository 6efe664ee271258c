package dev.olafhe.backend;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts the work done through a backend: {@link #backend()} is a {@link Backend} that delegates every call to
 * another one and, while counting is on ({@link #start} .. {@link #stop}), counts the calls of each {@code Backend}
 * method, the bytes allocated and the bytes moved between host and device ({@code upload}: host to device,
 * {@code download}: device to host; 8 bytes a residue). The counts depend only on the code that runs, never on the
 * machine: they are the deterministic cost measures of the benchmarks and of the tests that pin them. A dynamic
 * proxy rather than a hand-written delegate, so that every method of the interface, default methods and methods
 * added later included, reaches the wrapped backend and is counted. Thread-safe.
 *
 * <p>A {@link WholeOperation} counts as one call: its work runs inside the wrapped backend (natively, or its
 * default composition there). A counter made with {@code expandWholeOperations} instead runs every whole operation's
 * default composition through itself, so that the primitives it is made of are counted too (the call itself as
 * well): for tests that reason about primitive work, such as one key inner product per rotation.
 */
public final class CountingBackend {
    /** The method name under which {@link Backend#allocate} is counted. */
    public static final String ALLOCATE = "allocate";

    /** Counter values at one moment; {@link #minus} of two gives the work in between. */
    public record Counts(SortedMap<String, Long> calls, long allocatedBytes, long uploadBytes, long downloadBytes) {
        public Counts {
            calls = new TreeMap<>(calls);
        }

        /** Calls of the backend method {@code method} (0 when it was not called). */
        public long calls(String method) {
            return calls.getOrDefault(method, 0L);
        }

        /** Calls of all methods together. */
        public long totalCalls() {
            return calls.values().stream().mapToLong(Long::longValue).sum();
        }

        /** Polynomials allocated. */
        public long allocations() {
            return calls(ALLOCATE);
        }

        /** The counts since {@code before} (a snapshot taken earlier in the same counting period). */
        public Counts minus(Counts before) {
            SortedMap<String, Long> diff = new TreeMap<>();
            calls.forEach((method, n) -> {
                long d = n - before.calls(method);
                if (d != 0) {
                    diff.put(method, d);
                }
            });
            return new Counts(diff, allocatedBytes - before.allocatedBytes, uploadBytes - before.uploadBytes,
                    downloadBytes - before.downloadBytes);
        }
    }

    private final Backend inner;
    private final Backend counted;
    private final Map<String, LongAdder> calls = new ConcurrentHashMap<>();
    private final LongAdder allocatedBytes = new LongAdder();
    private final LongAdder uploadBytes = new LongAdder();
    private final LongAdder downloadBytes = new LongAdder();
    private final boolean expandWholeOperations;
    private volatile boolean counting;

    /** Wraps {@code inner}; counting is off until {@link #start}. */
    public CountingBackend(Backend inner) {
        this(inner, false);
    }

    /** Wraps {@code inner}, expanding whole operations into their counted primitives when asked (class comment). */
    public CountingBackend(Backend inner, boolean expandWholeOperations) {
        this.inner = inner;
        this.expandWholeOperations = expandWholeOperations;
        this.counted = (Backend) Proxy.newProxyInstance(Backend.class.getClassLoader(),
                new Class<?>[] {Backend.class}, this::invoke);
    }

    /** The counting backend: use it where the wrapped one would be used; closing it closes the wrapped one. */
    public Backend backend() {
        return counted;
    }

    /** Sets every counter to zero and starts counting. */
    public void start() {
        counting = false;
        calls.clear();
        allocatedBytes.reset();
        uploadBytes.reset();
        downloadBytes.reset();
        counting = true;
    }

    /** Stops counting; returns the counts since {@link #start}. */
    public Counts stop() {
        counting = false;
        return snapshot();
    }

    /** The counts since {@link #start} so far (counting goes on). */
    public Counts snapshot() {
        SortedMap<String, Long> out = new TreeMap<>();
        calls.forEach((method, n) -> out.put(method, n.sum()));
        return new Counts(out, allocatedBytes.sum(), uploadBytes.sum(), downloadBytes.sum());
    }

    private Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        if (method.getDeclaringClass() == Object.class) { // equals, hashCode, toString: of the proxy, not counted
            return switch (method.getName()) {
                case "equals" -> proxy == args[0];
                case "hashCode" -> System.identityHashCode(proxy);
                default -> "counting " + inner;
            };
        }
        if (counting) {
            calls.computeIfAbsent(method.getName(), k -> new LongAdder()).increment();
            countBytes(method.getName(), args);
        }
        if (expandWholeOperations && method.isAnnotationPresent(WholeOperation.class)) {
            return InvocationHandler.invokeDefault(proxy, method, args);
        }
        try {
            return method.invoke(inner, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private void countBytes(String method, Object[] args) {
        switch (method) {
            case ALLOCATE -> allocatedBytes.add(8L * ((int) args[1] + (int) args[2]) * ((DeviceRing) args[0]).n());
            case "upload" -> {
                for (long[] limb : (long[][]) args[0]) {
                    uploadBytes.add(8L * limb.length);
                }
            }
            case "download" -> {
                DevicePoly src = (DevicePoly) args[0];
                downloadBytes.add(8L * src.limbCount() * src.ring().n());
            }
            default -> {
            }
        }
    }
}

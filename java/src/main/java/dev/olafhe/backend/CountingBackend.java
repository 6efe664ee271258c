package dev.olafhe.backend;

import java.math.BigInteger;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * A backend that delegates everything to another one and, while counting is on ({@link #start} .. {@link #stop}),
 * counts the calls of each {@link Backend} method, the bytes {@link #allocate}d, and the bytes moved between host
 * and device ({@link #upload}: host to device, {@link #download}: device to host; 8 bytes a residue). The counts
 * depend only on the code that runs, never on the machine: they are the deterministic cost measures of the
 * benchmarks and of the tests that pin them. Thread-safe: a backend may be called from several threads.
 */
public final class CountingBackend implements Backend {
    /** The method name under which {@link #allocate} is counted. */
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
    private final Map<String, LongAdder> calls = new ConcurrentHashMap<>();
    private final LongAdder allocatedBytes = new LongAdder();
    private final LongAdder uploadBytes = new LongAdder();
    private final LongAdder downloadBytes = new LongAdder();
    private volatile boolean counting;

    /** Wraps {@code inner}; counting is off until {@link #start}. */
    public CountingBackend(Backend inner) {
        this.inner = inner;
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

    private void count(String method) {
        if (counting) {
            calls.computeIfAbsent(method, k -> new LongAdder()).increment();
        }
    }

    private void countBytes(LongAdder counter, long residues) {
        if (counting) {
            counter.add(8 * residues);
        }
    }

    @Override
    public String name() {
        count("name");
        return inner.name();
    }

    @Override
    public String description() {
        count("description");
        return inner.description();
    }

    @Override
    public void synchronize() {
        count("synchronize");
        inner.synchronize();
    }

    @Override
    public OptionalDouble deviceTimeMillis(Runnable work) {
        count("deviceTimeMillis");
        return inner.deviceTimeMillis(work);
    }

    @Override
    public long memoryCapacityBytes() {
        count("memoryCapacityBytes");
        return inner.memoryCapacityBytes();
    }

    @Override
    public void close() {
        count("close");
        inner.close();
    }

    @Override
    public DeviceRing createRing(int logN, long[] qModuli, long[] pModuli) {
        count("createRing");
        return inner.createRing(logN, qModuli, pModuli);
    }

    @Override
    public DevicePoly allocate(DeviceRing ring, int qCount, int pCount) {
        count(ALLOCATE);
        countBytes(allocatedBytes, (long) (qCount + pCount) * ring.n());
        return inner.allocate(ring, qCount, pCount);
    }

    @Override
    public void upload(long[][] limbs, DevicePoly dst) {
        count("upload");
        long residues = 0;
        for (long[] limb : limbs) {
            residues += limb.length;
        }
        countBytes(uploadBytes, residues);
        inner.upload(limbs, dst);
    }

    @Override
    public long[][] download(DevicePoly src) {
        count("download");
        countBytes(downloadBytes, (long) src.limbCount() * src.ring().n());
        return inner.download(src);
    }

    @Override
    public void copy(DevicePoly src, DevicePoly dst) {
        count("copy");
        inner.copy(src, dst);
    }

    @Override
    public void add(DevicePoly a, DevicePoly b, DevicePoly out) {
        count("add");
        inner.add(a, b, out);
    }

    @Override
    public void sub(DevicePoly a, DevicePoly b, DevicePoly out) {
        count("sub");
        inner.sub(a, b, out);
    }

    @Override
    public void neg(DevicePoly a, DevicePoly out) {
        count("neg");
        inner.neg(a, out);
    }

    @Override
    public void mul(DevicePoly a, DevicePoly b, DevicePoly out) {
        count("mul");
        inner.mul(a, b, out);
    }

    @Override
    public void mulAdd(DevicePoly a, DevicePoly b, DevicePoly acc) {
        count("mulAdd");
        inner.mulAdd(a, b, acc);
    }

    @Override
    public void mulScalar(DevicePoly a, BigInteger c, DevicePoly out) {
        count("mulScalar");
        inner.mulScalar(a, c, out);
    }

    @Override
    public void addScalarNtt(DevicePoly a, BigInteger c, DevicePoly out) {
        count("addScalarNtt");
        inner.addScalarNtt(a, c, out);
    }

    @Override
    public void tensor(DevicePoly a0, DevicePoly a1, DevicePoly b0, DevicePoly b1, DevicePoly d0, DevicePoly d1,
                       DevicePoly d2) {
        count("tensor");
        inner.tensor(a0, a1, b0, b1, d0, d1, d2);
    }

    @Override
    public void ntt(DevicePoly a, DevicePoly out) {
        count("ntt");
        inner.ntt(a, out);
    }

    @Override
    public void intt(DevicePoly a, DevicePoly out) {
        count("intt");
        inner.intt(a, out);
    }

    @Override
    public void automorphismNtt(DevicePoly a, long galoisElement, DevicePoly out) {
        count("automorphismNtt");
        inner.automorphismNtt(a, galoisElement, out);
    }

    @Override
    public void automorphismCoeff(DevicePoly a, long galoisElement, DevicePoly out) {
        count("automorphismCoeff");
        inner.automorphismCoeff(a, galoisElement, out);
    }

    @Override
    public void rescaleNtt(DevicePoly a, DevicePoly out) {
        count("rescaleNtt");
        inner.rescaleNtt(a, out);
    }

    @Override
    public void modRaise(DevicePoly a, DevicePoly out) {
        count("modRaise");
        inner.modRaise(a, out);
    }

    @Override
    public void modUp(DevicePoly in, int firstLimb, int limbCount, DevicePoly out) {
        count("modUp");
        inner.modUp(in, firstLimb, limbCount, out);
    }

    @Override
    public void innerProduct(DevicePoly[] digits, DevicePoly[] keyB, DevicePoly[] keyA, DevicePoly out0,
                             DevicePoly out1) {
        count("innerProduct");
        inner.innerProduct(digits, keyB, keyA, out0, out1);
    }

    @Override
    public void modDown(DevicePoly in, DevicePoly out) {
        count("modDown");
        inner.modDown(in, out);
    }
}

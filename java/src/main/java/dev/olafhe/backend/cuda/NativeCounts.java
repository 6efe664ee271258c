package dev.olafhe.backend.cuda;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The work counters of a CUDA backend's native context at one moment ({@link CudaBackend#nativeCounts}), counted on
 * the host where the native library queues the work, so the same code counts on a GPU and in the emulated build;
 * {@link #minus} of two snapshots gives the work in between (as {@code CountingBackend.Counts} does for SPI calls).
 * Like those, the counts depend only on the calls made, never on the machine or on timing.
 *
 * @param calls             native (C ABI) calls that used the context: one per JNI crossing that did work on it
 * @param launches          kernel launches
 * @param nttTransforms     NTTs, forward or inverse, over any number of limbs: each launches one kernel per phase,
 *                          ceil(logN / tile log) phases (tiles of 2^11 words on a GPU, 2^5 in the emulated build)
 * @param deviceAllocations cudaMalloc calls of the context's memory pool
 * @param poolReuses        pool requests served from freed blocks (no cudaMalloc)
 * @param copiesToDevice    host-to-device copies: poly uploads and constants (per call, or once into a ring's cache)
 * @param bytesToDevice     bytes of those copies
 * @param copiesToHost      device-to-host copies (poly downloads)
 * @param bytesToHost       bytes of those copies
 * @param deviceCopies      device-to-device copies made with cudaMemcpyAsync rather than a kernel
 * @param memsets           zero fills (cudaMemsetAsync) of newly allocated polys
 */
public record NativeCounts(long calls, long launches, long nttTransforms, long deviceAllocations, long poolReuses,
                           long copiesToDevice, long bytesToDevice, long copiesToHost, long bytesToHost,
                           long deviceCopies, long memsets) {

    /** The counters as {@code olafhe_context_counters} writes them, indexed by {@code NativeApi.COUNTER_*}. */
    static NativeCounts of(long[] v) {
        if (v.length != NativeApi.COUNTER_COUNT) {
            throw new IllegalArgumentException(v.length + " counters, expected " + NativeApi.COUNTER_COUNT);
        }
        return new NativeCounts(v[NativeApi.COUNTER_CALLS], v[NativeApi.COUNTER_LAUNCHES],
                v[NativeApi.COUNTER_NTT_TRANSFORMS], v[NativeApi.COUNTER_DEVICE_ALLOCATIONS],
                v[NativeApi.COUNTER_POOL_REUSES], v[NativeApi.COUNTER_COPIES_TO_DEVICE],
                v[NativeApi.COUNTER_BYTES_TO_DEVICE], v[NativeApi.COUNTER_COPIES_TO_HOST],
                v[NativeApi.COUNTER_BYTES_TO_HOST], v[NativeApi.COUNTER_DEVICE_COPIES], v[NativeApi.COUNTER_MEMSETS]);
    }

    /** The counts since {@code before} (an earlier snapshot of the same backend, with no reset in between). */
    public NativeCounts minus(NativeCounts before) {
        return new NativeCounts(calls - before.calls, launches - before.launches, nttTransforms - before.nttTransforms,
                deviceAllocations - before.deviceAllocations, poolReuses - before.poolReuses,
                copiesToDevice - before.copiesToDevice, bytesToDevice - before.bytesToDevice,
                copiesToHost - before.copiesToHost, bytesToHost - before.bytesToHost,
                deviceCopies - before.deviceCopies, memsets - before.memsets);
    }

    /** Every counter by its component name, in declaration order (for reports). */
    public Map<String, Long> asMap() {
        Map<String, Long> m = new LinkedHashMap<>();
        for (var component : NativeCounts.class.getRecordComponents()) {
            try {
                m.put(component.getName(), (Long) component.getAccessor().invoke(this));
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
        return m;
    }
}

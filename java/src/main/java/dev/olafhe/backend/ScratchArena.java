package dev.olafhe.backend;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Temporary polys reused across operations, so that a key switch or a rescale does not allocate its working
 * memory at every call. A caller asks for {@code count} polys of one shape under a purpose name; the same request
 * later returns the same polys, with whatever they held (callers overwrite them: no zero-fill). Different purposes
 * never share polys, so an operation may hold the scratch of one purpose while it calls an operation that uses
 * another.
 *
 * <p>Only the {@value #MAX_ENTRIES} most recently used (purpose, shape) entries are kept: levels change as a
 * computation goes on, and holding every level's scratch would cost the memory of many ciphertexts. The polys of an
 * evicted entry are closed, so a caller must not keep scratch across a call that may take scratch of other shapes
 * for its own purpose. Scratch never leaves the operation that took it: results handed to callers are allocated.
 * Not thread-safe (one arena per thread of evaluation). Closing frees every poly.
 */
public final class ScratchArena implements AutoCloseable {
    /** Entries kept: the shapes of the few operations running nested at one level, and the next level's. */
    static final int MAX_ENTRIES = 8;

    private record Key(String purpose, int qCount, int pCount) {
    }

    private final Backend backend;
    private final DeviceRing ring;
    /** Access order: the first entry is the least recently used. */
    private final Map<Key, List<DevicePoly>> entries = new LinkedHashMap<>(16, 0.75f, true);

    /** An empty arena that allocates through {@code backend} on {@code ring}. */
    public ScratchArena(Backend backend, DeviceRing ring) {
        this.backend = backend;
        this.ring = ring;
    }

    /** {@code count} polys over q_0..q_{qCount-1}, p_0..p_{pCount-1} for {@code purpose}; contents undefined. */
    public DevicePoly[] polys(String purpose, int count, int qCount, int pCount) {
        List<DevicePoly> held = entries.computeIfAbsent(new Key(purpose, qCount, pCount), k -> new ArrayList<>());
        while (held.size() < count) {
            held.add(backend.allocate(ring, qCount, pCount));
        }
        evictBeyondLimit();
        return held.subList(0, count).toArray(new DevicePoly[0]);
    }

    /** One poly, as {@link #polys} with count 1. */
    public DevicePoly poly(String purpose, int qCount, int pCount) {
        return polys(purpose, 1, qCount, pCount)[0];
    }

    /** Polys held now (for tests and memory reports). */
    public int heldPolys() {
        return entries.values().stream().mapToInt(List::size).sum();
    }

    private void evictBeyondLimit() {
        Iterator<List<DevicePoly>> oldest = entries.values().iterator();
        while (entries.size() > MAX_ENTRIES) {
            oldest.next().forEach(DevicePoly::close);
            oldest.remove();
        }
    }

    @Override
    public void close() {
        entries.values().forEach(held -> held.forEach(DevicePoly::close));
        entries.clear();
    }
}

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
 * <p>The arena holds at most a byte budget, but always the {@value #MIN_ENTRIES} most recently used (purpose,
 * shape) entries: levels change as a computation goes on, and holding every level's scratch would cost the memory
 * of many ciphertexts, so the least recently used entries beyond the budget are closed. A caller therefore must
 * not keep scratch across a call that takes scratch of more than a few other purposes or shapes. Scratch never leaves the operation that took it: results handed to callers are allocated.
 * With a {@link PolyPool}, polys come from it and evicted ones go back to it, so that the scratch of a level a
 * computation left serves the results of the next; the budget then counts the memory behind each poly (its pool
 * buffer's capacity). Not thread-safe (one arena per thread of evaluation). Closing
 * frees every poly.
 */
public final class ScratchArena implements AutoCloseable {
    /** Entries kept whatever the budget: the shapes of the few operations that run nested. */
    static final int MIN_ENTRIES = 8;

    private record Key(String purpose, int qCount, int pCount) {
    }

    private final Backend backend;
    private final DeviceRing ring;
    private final long budgetBytes;
    private final PolyPool pool; // null: allocate and free directly
    private long heldBytes;
    /** Access order: the first entry is the least recently used. */
    private final Map<Key, List<DevicePoly>> entries = new LinkedHashMap<>(16, 0.75f, true);

    /** An empty arena that allocates through {@code backend} on {@code ring} and keeps only its last few entries. */
    public ScratchArena(Backend backend, DeviceRing ring) {
        this(backend, ring, 0);
    }

    /** An empty arena that keeps up to {@code budgetBytes} of polys (8 bytes a residue), and its last few entries. */
    public ScratchArena(Backend backend, DeviceRing ring, long budgetBytes) {
        this(backend, ring, budgetBytes, null);
    }

    /** As {@link #ScratchArena(Backend, DeviceRing, long)}, taking polys from {@code pool} and evicting into it. */
    public ScratchArena(Backend backend, DeviceRing ring, long budgetBytes, PolyPool pool) {
        this.backend = backend;
        this.ring = ring;
        this.budgetBytes = budgetBytes;
        this.pool = pool;
    }

    /** {@code count} polys over q_0..q_{qCount-1}, p_0..p_{pCount-1} for {@code purpose}; contents undefined. */
    public DevicePoly[] polys(String purpose, int count, int qCount, int pCount) {
        List<DevicePoly> held = entries.computeIfAbsent(new Key(purpose, qCount, pCount), k -> new ArrayList<>());
        while (held.size() < count) {
            DevicePoly p = pool != null ? pool.take(qCount, pCount) : backend.allocate(ring, qCount, pCount);
            held.add(p);
            heldBytes += bytes(capacityLimbs(p));
        }
        evictBeyondLimit();
        return held.subList(0, count).toArray(new DevicePoly[0]);
    }

    /** One poly, as {@link #polys} with count 1. */
    public DevicePoly poly(String purpose, int qCount, int pCount) {
        return polys(purpose, 1, qCount, pCount)[0];
    }

    /**
     * Gives back the polys held for {@code purpose} at this shape (to the pool, or frees them without one): for the
     * temporaries of an operation whose shape follows the ciphertext's level, which would otherwise stay held while
     * the computation goes down the levels, where the pool could serve them to the next level instead.
     */
    public void giveBack(String purpose, int qCount, int pCount) {
        List<DevicePoly> held = entries.remove(new Key(purpose, qCount, pCount));
        if (held != null) {
            for (DevicePoly p : held) {
                heldBytes -= bytes(capacityLimbs(p));
                release(p);
            }
        }
    }

    /** Polys held now (for tests and memory reports). */
    public int heldPolys() {
        return entries.values().stream().mapToInt(List::size).sum();
    }

    /** Bytes held now. */
    public long heldBytes() {
        return heldBytes;
    }

    private long bytes(int limbs) {
        return 8L * limbs * ring.n();
    }

    private void evictBeyondLimit() {
        Iterator<Map.Entry<Key, List<DevicePoly>>> oldest = entries.entrySet().iterator();
        while (entries.size() > MIN_ENTRIES && heldBytes > budgetBytes) {
            Map.Entry<Key, List<DevicePoly>> entry = oldest.next();
            for (DevicePoly p : entry.getValue()) {
                heldBytes -= bytes(capacityLimbs(p));
                release(p);
            }
            oldest.remove();
        }
    }

    /** The memory behind p: the capacity of its pool buffer (a pool may serve a shape from a larger poly). */
    private int capacityLimbs(DevicePoly p) {
        return pool != null ? pool.capacityLimbs(p) : p.limbCount();
    }

    private void release(DevicePoly p) {
        if (pool != null) {
            pool.give(p);
        } else {
            p.close();
        }
    }

    /** Frees every poly (into the pool, when there is one: the pool's own close frees them). */
    @Override
    public void close() {
        entries.values().forEach(held -> held.forEach(this::release));
        entries.clear();
        heldBytes = 0;
    }
}

package dev.olafhe.backend;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Freed polys kept for the next request of the same shape, so that an evaluation that frees a result and then needs
 * another of the same level (every rescale, product and temporary of a bootstrapping) does not go back to the
 * backend's allocator: on a device each allocation is a call across the host boundary and an allocator round trip.
 * A poly taken from the pool holds whatever it held when it was given back (no zero-fill): only operations that
 * overwrite all of their output may write into it.
 *
 * <p>The pool holds at most a byte budget of free polys: beyond it the oldest given back are closed. Which polys
 * are kept depends only on the sequence of requests and the budget, so the allocations a computation makes do not
 * depend on the machine. A poly given back twice is kept once; one given back after {@link #close} is closed.
 * Thread-safe (ciphertexts may be closed on any thread). Closing frees every free poly.
 */
public final class PolyPool implements AutoCloseable {
    private final Backend backend;
    private final DeviceRing ring;
    private final long budgetBytes;
    /** Free polys in the order they were given back: the first is the oldest. */
    private final List<DevicePoly> free = new ArrayList<>();
    private final Map<DevicePoly, Boolean> held = new IdentityHashMap<>();
    private long heldBytes;
    private boolean closed;

    /** An empty pool that allocates through {@code backend} on {@code ring} and keeps up to {@code budgetBytes}. */
    public PolyPool(Backend backend, DeviceRing ring, long budgetBytes) {
        this.backend = backend;
        this.ring = ring;
        this.budgetBytes = budgetBytes;
    }

    /**
     * A poly over q_0..q_{qCount-1}, p_0..p_{pCount-1}: the most recently given back of that shape, else a new
     * (zero) allocation. Contents undefined.
     */
    public synchronized DevicePoly take(int qCount, int pCount) {
        for (int i = free.size() - 1; i >= 0; i--) {
            DevicePoly p = free.get(i);
            if (p.qCount() == qCount && p.pCount() == pCount) {
                free.remove(i);
                held.remove(p);
                heldBytes -= bytes(p);
                return p;
            }
        }
        return backend.allocate(ring, qCount, pCount);
    }

    /** Gives {@code p} back: it is kept for a later {@link #take} (within the budget) or closed. */
    public synchronized void give(DevicePoly p) {
        if (closed || p.isClosed() || p.ring() != ring) {
            p.close();
            return;
        }
        if (held.put(p, Boolean.TRUE) != null) {
            return; // already free: a second close of the same owner
        }
        free.add(p);
        heldBytes += bytes(p);
        while (heldBytes > budgetBytes && !free.isEmpty()) {
            DevicePoly oldest = free.remove(0);
            held.remove(oldest);
            heldBytes -= bytes(oldest);
            oldest.close();
        }
    }

    /** Free polys held now (for tests and memory reports). */
    public synchronized int heldPolys() {
        return free.size();
    }

    /** Bytes of the free polys held now. */
    public synchronized long heldBytes() {
        return heldBytes;
    }

    private long bytes(DevicePoly p) {
        return 8L * p.limbCount() * ring.n();
    }

    @Override
    public synchronized void close() {
        free.forEach(DevicePoly::close);
        free.clear();
        held.clear();
        heldBytes = 0;
        closed = true;
    }
}

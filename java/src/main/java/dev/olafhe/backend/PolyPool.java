package dev.olafhe.backend;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Freed polys kept for the next request that fits them, so that an evaluation that frees a result and then needs
 * another (every rescale, product and temporary of a bootstrapping) does not go back to the backend's allocator: on
 * a device each allocation is a call across the host boundary and an allocator round trip. A poly taken from the
 * pool holds whatever it held when it was given back (no zero-fill): only operations that overwrite all of their
 * output may write into it.
 *
 * <p>Every poly the pool hands out lives in a buffer: a poly the backend allocated, whose limb count is the buffer's
 * capacity. A buffer may serve every shape of k limbs (Q only, or with all P limbs) for c/{@value #MAX_CAPACITY_RATIO}
 * &le; k &le; c; when it first serves a shape other than its own it gets, in one {@link Backend#views} call, a handle
 * for every such shape. A request is served
 * by the free buffer of least capacity that has its shape (the most recently given back among equals), so the polys
 * of one level serve the next levels down, as a bootstrapping or a network goes down its levels, without a backend
 * call, and a poly never holds more than {@value #MAX_CAPACITY_RATIO} times the memory its shape needs. A backend
 * without views (its {@code views} returns null) gets exact shapes only.
 *
 * <p>The pool holds at most a byte budget of free buffers (their capacities): beyond it the oldest given back are
 * closed. Which buffers are kept depends only on the sequence of requests and the budget, so the allocations a
 * computation makes do not depend on the machine. A poly given back twice is kept once; one given back after
 * {@link #close} is closed (its buffer with it). Thread-safe (ciphertexts may be closed on any thread). Closing
 * frees every free buffer.
 */
public final class PolyPool implements AutoCloseable {
    /** The most capacity a request of k limbs is served from, as a multiple of k: the bound on wasted memory. */
    public static final int MAX_CAPACITY_RATIO = 3;

    /** A backend allocation and the handles of other shapes made on it. */
    private static final class Buffer {
        final DevicePoly base;
        final Map<Long, DevicePoly> views = new HashMap<>();

        Buffer(DevicePoly base) {
            this.base = base;
        }

        int capacity() {
            return base.limbCount();
        }

        boolean hasShape(int qCount, int pCount) {
            return base.qCount() == qCount && base.pCount() == pCount;
        }

        /** Whether p is this buffer's base or one of its views. */
        boolean owns(DevicePoly p) {
            return base == p || views.containsValue(p);
        }

        void close() {
            views.values().forEach(DevicePoly::close);
            base.close();
        }
    }

    private final Backend backend;
    private final DeviceRing ring;
    private final long budgetBytes;
    private final int qTotal;
    private final int pTotal;
    /** Free buffers in the order they were given back: the first is the oldest. */
    private final List<Buffer> free = new ArrayList<>();
    /** The buffers handed out, by the handle their holder has. */
    private final Map<DevicePoly, Buffer> taken = new IdentityHashMap<>();
    private long heldBytes;
    private boolean viewsRefused; // the backend answered views with null: exact shapes only
    private boolean closed;

    /** An empty pool that allocates through {@code backend} on {@code ring} and keeps up to {@code budgetBytes}. */
    public PolyPool(Backend backend, DeviceRing ring, long budgetBytes) {
        this.backend = backend;
        this.ring = ring;
        this.budgetBytes = budgetBytes;
        this.qTotal = ring.qModuli().length;
        this.pTotal = ring.pModuli().length;
    }

    /**
     * A poly over q_0..q_{qCount-1}, p_0..p_{pCount-1}: held in the best-fitting free buffer (class comment), else a
     * new (zero) allocation. Contents undefined.
     */
    public synchronized DevicePoly take(int qCount, int pCount) {
        while (true) {
            int best = bestFit(qCount, pCount);
            if (best < 0) {
                DevicePoly p = backend.allocate(ring, qCount, pCount);
                taken.put(p, new Buffer(p));
                return p;
            }
            Buffer b = free.get(best);
            DevicePoly handle = b.hasShape(qCount, pCount) ? b.base : view(b, qCount, pCount);
            if (handle == null) {
                continue; // the backend refused views: bestFit now offers exact shapes only
            }
            free.remove(best);
            heldBytes -= bytes(b.capacity());
            taken.put(handle, b);
            return handle;
        }
    }

    /** Index in {@link #free} of the buffer of least capacity that may serve the shape (latest first), or -1. */
    private int bestFit(int qCount, int pCount) {
        int best = -1;
        for (int i = free.size() - 1; i >= 0; i--) {
            Buffer b = free.get(i);
            if ((b.hasShape(qCount, pCount) || mayView(b, qCount, pCount))
                    && (best < 0 || b.capacity() < free.get(best).capacity())) {
                best = i;
            }
        }
        return best;
    }

    /** Whether b may serve the shape through a view: Q only or Q with all P limbs, c/3 &le; limbs &le; c. */
    private boolean mayView(Buffer b, int qCount, int pCount) {
        int limbs = qCount + pCount;
        return !viewsRefused && (pCount == 0 || pCount == pTotal) && qCount >= 1 && qCount <= qTotal
                && limbs <= b.capacity() && MAX_CAPACITY_RATIO * limbs >= b.capacity();
    }

    /**
     * b's handle of the shape: its views are made when it first serves another shape than its own, all of them in
     * one backend call (buffers that never do, such as those closed over the budget, cost no call); null when the
     * backend refuses views.
     */
    private DevicePoly view(Buffer b, int qCount, int pCount) {
        if (b.views.isEmpty()) {
            addViews(b);
        }
        return b.views.get(shapeKey(qCount, pCount));
    }

    private static long shapeKey(int qCount, int pCount) {
        return ((long) qCount << 32) | pCount;
    }

    /** Gives b the handles of every other shape it may serve, in one backend call (none when views are refused). */
    private void addViews(Buffer b) {
        List<int[]> shapes = new ArrayList<>();
        for (int p : pTotal > 0 ? new int[] {0, pTotal} : new int[] {0}) {
            for (int q = 1; q <= qTotal; q++) {
                if (mayView(b, q, p) && !b.hasShape(q, p)) {
                    shapes.add(new int[] {q, p});
                }
            }
        }
        if (shapes.isEmpty()) {
            return;
        }
        int[] qs = shapes.stream().mapToInt(x -> x[0]).toArray();
        int[] ps = shapes.stream().mapToInt(x -> x[1]).toArray();
        DevicePoly[] views = backend.views(b.base, qs, ps);
        if (views == null) {
            viewsRefused = true;
            return;
        }
        for (int r = 0; r < views.length; r++) {
            b.views.put(shapeKey(qs[r], ps[r]), views[r]);
        }
    }

    /** Gives {@code p} back: its buffer is kept for a later {@link #take} (within the budget) or closed. */
    public synchronized void give(DevicePoly p) {
        Buffer b = taken.remove(p);
        if (b == null) {
            if (isKnown(p)) {
                return; // a handle of a buffer already free or taken again: a second close of the same owner
            }
            if (closed || p.isClosed() || p.ring() != ring) {
                p.close();
                return;
            }
            b = new Buffer(p); // a poly the pool did not hand out (the caller allocated it)
        }
        if (closed || p.isClosed()) {
            b.close();
            return;
        }
        free.add(b);
        heldBytes += bytes(b.capacity());
        while (heldBytes > budgetBytes && !free.isEmpty()) {
            Buffer oldest = free.remove(0);
            heldBytes -= bytes(oldest.capacity());
            oldest.close();
        }
    }

    private boolean isKnown(DevicePoly p) {
        for (Buffer b : free) {
            if (b.owns(p)) {
                return true;
            }
        }
        for (Buffer b : taken.values()) {
            if (b.owns(p)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Limbs of the memory behind {@code p}: its buffer's capacity when the pool handed it out, else its own limb
     * count (for callers that account memory, such as {@link ScratchArena}).
     */
    public synchronized int capacityLimbs(DevicePoly p) {
        Buffer b = taken.get(p);
        return b != null ? b.capacity() : p.limbCount();
    }

    /** Free buffers held now (for tests and memory reports). */
    public synchronized int heldPolys() {
        return free.size();
    }

    /** Bytes of the free buffers held now (their capacities). */
    public synchronized long heldBytes() {
        return heldBytes;
    }

    private long bytes(int limbs) {
        return 8L * limbs * ring.n();
    }

    @Override
    public synchronized void close() {
        free.forEach(Buffer::close);
        free.clear();
        heldBytes = 0;
        closed = true;
    }
}

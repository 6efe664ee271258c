package dev.olafhe.ckks;

import dev.olafhe.backend.Backend;
import dev.olafhe.backend.DevicePoly;
import dev.olafhe.backend.DeviceRing;
import dev.olafhe.backend.PolyPool;
import dev.olafhe.backend.ScratchArena;

/**
 * Parameters bound to a backend: the ring (moduli tables on the device) that the encoder, key generator,
 * encryptor, decryptor and evaluator share, the scratch memory of their operations ({@link #scratch}) and the
 * freed results kept for reuse ({@link #pool}). Closing it frees the ring, the scratch and the pool; the backend stays open (the caller owns it). The evaluators of one
 * context share its scratch, so they run on one thread at a time.
 */
public final class CkksContext implements AutoCloseable {
    /** How many top-level key switches' working memory the scratch may keep (see {@link #scratchBudgetBytes}). */
    static final int SCRATCH_KEY_SWITCHES = 4;

    private final CkksParameters params;
    private final Backend backend;
    private final DeviceRing ring;
    private final PolyPool pool;
    private final ScratchArena scratch;

    public CkksContext(CkksParameters params, Backend backend) {
        this.params = params;
        this.backend = backend;
        this.ring = backend.createRing(params.logN(), params.qModuli(), params.pModuli());
        this.pool = new PolyPool(backend, ring, poolBudgetBytes(params));
        this.scratch = new ScratchArena(backend, ring, scratchBudgetBytes(params), pool);
    }

    public CkksParameters params() {
        return params;
    }

    public Backend backend() {
        return backend;
    }

    public DeviceRing ring() {
        return ring;
    }

    /**
     * The scratch kept across operations: the working memory of {@value #SCRATCH_KEY_SWITCHES} key switches at the
     * top level (digits and inner-product sums), so that the scratch of the few levels a computation is at stays
     * (a key switch at a lower level needs less). From the parameters only, so that counts do not depend on the
     * machine.
     */
    static long scratchBudgetBytes(CkksParameters params) {
        long limbs = (long) (params.digitCount(params.maxLevel()) + 2) * (params.maxLevel() + 1 + params.pCount());
        return SCRATCH_KEY_SWITCHES * limbs * 8L * (1L << params.logN());
    }

    /**
     * The pool's budget: {@link #scratchBudgetBytes}, or the bytes in system property {@code olafhe.pool.bytes}
     * ({@code 0} turns the pool off; for memory-tight runs and for measuring what the pool buys).
     */
    static long poolBudgetBytes(CkksParameters params) {
        String prop = System.getProperty("olafhe.pool.bytes");
        if (prop == null) {
            return scratchBudgetBytes(params);
        }
        try {
            long bytes = Long.parseLong(prop.trim());
            if (bytes < 0) {
                throw new NumberFormatException("negative");
            }
            return bytes;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("olafhe.pool.bytes must be a byte count >= 0, got '" + prop + "'", e);
        }
    }

    /** Working memory reused by the operations on this context; never holds a result handed to a caller. */
    public ScratchArena scratch() {
        return scratch;
    }

    /**
     * Freed results kept for the next of the same shape (the budget of {@link #scratchBudgetBytes} again): the
     * evaluator's outputs come from it and the ciphertexts it makes give their polys back when closed.
     */
    public PolyPool pool() {
        return pool;
    }

    /** A zero polynomial over Q_level (no P limbs). */
    public DevicePoly allocateQ(int level) {
        return backend.allocate(ring, level + 1, 0);
    }

    /** A zero polynomial over Q_level ∪ P. */
    public DevicePoly allocateQP(int level) {
        return backend.allocate(ring, level + 1, params.pCount());
    }

    void checkLevel(int level, String op) {
        if (level < 0 || level > params.maxLevel()) {
            throw new IllegalArgumentException("cannot " + op + ": level " + level + " outside [0, " + params.maxLevel() + "]");
        }
    }

    @Override
    public void close() {
        scratch.close();
        pool.close();
        ring.close();
    }
}

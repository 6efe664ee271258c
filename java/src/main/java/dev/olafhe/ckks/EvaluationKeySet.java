package dev.olafhe.ckks;

import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The public evaluation keys the server side needs: an optional relinearization key and Galois keys by
 * Galois element. Contains no secret. Closing it frees all keys.
 */
public final class EvaluationKeySet implements AutoCloseable {
    private final RelinearizationKey relinearizationKey;
    private final Map<Long, GaloisKey> galoisKeys;

    public EvaluationKeySet(RelinearizationKey relinearizationKey, Iterable<GaloisKey> galoisKeys) {
        this.relinearizationKey = relinearizationKey;
        Map<Long, GaloisKey> map = new TreeMap<>();
        for (GaloisKey k : galoisKeys) {
            map.put(k.galoisElement(), k);
        }
        this.galoisKeys = Collections.unmodifiableMap(map);
    }

    public Optional<RelinearizationKey> relinearizationKey() {
        return Optional.ofNullable(relinearizationKey);
    }

    public Optional<GaloisKey> galoisKey(long galoisElement) {
        return Optional.ofNullable(galoisKeys.get(galoisElement));
    }

    /** The Galois elements for which a key is present. */
    public java.util.Set<Long> galoisElements() {
        return galoisKeys.keySet();
    }

    /**
     * Frees the uniform halves of every seeded key ({@link SwitchingKey#dropUniformHalves}): about half
     * the key memory, paid for by expanding them again at each key switch.
     */
    public void dropUniformHalves() {
        relinearizationKey().ifPresent(k -> k.key().dropUniformHalves());
        galoisKeys.values().forEach(k -> k.key().dropUniformHalves());
    }

    @Override
    public void close() {
        if (relinearizationKey != null) {
            relinearizationKey.close();
        }
        galoisKeys.values().forEach(GaloisKey::close);
    }
}

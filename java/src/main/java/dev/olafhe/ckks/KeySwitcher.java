package dev.olafhe.ckks;

import dev.olafhe.backend.Backend;
import dev.olafhe.backend.DevicePoly;

/**
 * Hybrid key switching (Han–Ki) on top of the backend primitives: decompose into digits of α primes and
 * ModUp each to Q_ℓ ∪ P, inner product with the key's digits, ModDown by P.
 */
final class KeySwitcher {
    private final CkksContext context;
    private final Backend backend;

    KeySwitcher(CkksContext context) {
        this.context = context;
        this.backend = context.backend();
    }

    /** Decompose + ModUp of a level-ℓ polynomial (NTT domain). */
    HoistedDecomposition decompose(DevicePoly c, int level) {
        CkksParameters params = context.params();
        int alpha = params.digitSize();
        int count = params.digitCount(level);
        DevicePoly[] digits = new DevicePoly[count];
        for (int j = 0; j < count; j++) {
            int first = j * alpha;
            int size = Math.min(alpha, level + 1 - first);
            digits[j] = context.allocateQP(level);
            backend.modUp(c, first, size, digits[j]);
        }
        return new HoistedDecomposition(digits, level);
    }

    /** (out0, out1) over Q_ℓ ∪ P = Σ_j digit_j · key_j, still multiplied by P. */
    void innerProduct(HoistedDecomposition decomposition, SwitchingKey key, DevicePoly out0, DevicePoly out1) {
        if (key.level() < decomposition.level()) {
            throw new IllegalArgumentException("the switching key was generated for levels <= " + key.level()
                    + " and cannot switch a level-" + decomposition.level() + " ciphertext; generate it at level >= "
                    + decomposition.level() + " or lower the ciphertext's level first");
        }
        int count = decomposition.digitCount();
        DevicePoly[] kb = java.util.Arrays.copyOf(key.b(), count);
        DevicePoly[] ka = key.a(context, count, decomposition.level());
        try {
            backend.innerProduct(decomposition.digits(), kb, ka, out0, out1);
        } finally {
            if (key.isCompact()) {
                for (DevicePoly p : ka) {
                    p.close();
                }
            }
        }
    }

    /**
     * Full key switch of a level-ℓ polynomial d: (ks0, ks1) over Q_ℓ with ks0 + ks1·s ≈ d·s'. Outputs must
     * be level-ℓ polys; the decomposition is computed here and freed.
     */
    void keySwitch(DevicePoly d, int level, SwitchingKey key, DevicePoly ks0, DevicePoly ks1) {
        try (HoistedDecomposition dec = decompose(d, level)) {
            keySwitchHoisted(dec, key, ks0, ks1);
        }
    }

    /** Key switch from a precomputed decomposition. */
    void keySwitchHoisted(HoistedDecomposition dec, SwitchingKey key, DevicePoly ks0, DevicePoly ks1) {
        int level = dec.level();
        try (DevicePoly qp0 = context.allocateQP(level); DevicePoly qp1 = context.allocateQP(level)) {
            innerProduct(dec, key, qp0, qp1);
            backend.modDown(qp0, ks0);
            backend.modDown(qp1, ks1);
        }
    }
}

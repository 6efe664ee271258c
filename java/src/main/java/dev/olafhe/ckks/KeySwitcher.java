package dev.olafhe.ckks;

import dev.olafhe.backend.Backend;
import dev.olafhe.backend.DevicePoly;
import dev.olafhe.backend.ProductCombination;
import dev.olafhe.backend.ScratchArena;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;

/**
 * Hybrid key switching (Han–Ki) as whole backend operations: decompose into digits of α primes and ModUp each to
 * Q_ℓ ∪ P, inner product with the key's digits, ModDown by P ({@link Backend#keySwitch}), and batches of hoisted
 * automorphisms sharing one decomposition. Java picks the digits of the keys in use; the backend runs each
 * operation in one call, with working memory from the context's scratch.
 */
final class KeySwitcher {
    /** Scratch purpose of the digits of a key switch that is not hoisted (an automorphism's). */
    private static final String AUTOMORPHISM_DIGITS = "automorphism.digits";

    private final CkksContext context;
    private final Backend backend;
    private final ScratchArena scratch;

    KeySwitcher(CkksContext context) {
        this.context = context;
        this.backend = context.backend();
        this.scratch = context.scratch();
    }

    /** Decompose + ModUp of a level-ℓ polynomial (NTT domain), into polys the decomposition owns (from the pool). */
    HoistedDecomposition decompose(DevicePoly c, int level) {
        DevicePoly[] digits = new DevicePoly[context.params().digitCount(level)];
        for (int j = 0; j < digits.length; j++) {
            digits[j] = context.pool().take(level + 1, context.params().pCount());
        }
        backend.decompose(c, context.params().digitSize(), digits);
        return new HoistedDecomposition(digits, level, context.pool());
    }

    /**
     * Full key switch of a level-ℓ polynomial d: (ks0, ks1) over Q_ℓ with ks0 + ks1·s ≈ d·s'. Outputs must be
     * level-ℓ polys.
     */
    void keySwitch(DevicePoly d, int level, SwitchingKey key, DevicePoly ks0, DevicePoly ks1) {
        requireKeyLevel(key, level);
        int count = context.params().digitCount(level);
        try (KeyHalves halves = KeyHalves.of(context, key, count, level)) {
            backend.keySwitch(d, context.params().digitSize(), halves.b, halves.a, ks0, ks1, scratch);
        }
    }

    /** (ks0 + c0, ks1 + c1) into out0, out1 with (ks0, ks1) the key switch of d (relinearization); one call. */
    void keySwitchAdd(DevicePoly d, int level, SwitchingKey key, DevicePoly c0, DevicePoly c1, DevicePoly out0,
                      DevicePoly out1) {
        requireKeyLevel(key, level);
        int count = context.params().digitCount(level);
        try (KeyHalves halves = KeyHalves.of(context, key, count, level)) {
            backend.keySwitchAdd(d, context.params().digitSize(), halves.b, halves.a, c0, c1, out0, out1, scratch);
        }
    }

    /**
     * {@link Backend#multiplyRelinearize} of a and b at the product's level (out's, one above when rescaled),
     * relinearized with {@code key} when it is not null; one call.
     */
    void multiplyRelinearize(DevicePoly[] a, DevicePoly[] b, ProductCombination combination, SwitchingKey key,
                             boolean rescale, DevicePoly[] out) {
        int digitSize = context.params().digitSize();
        if (key == null) {
            backend.multiplyRelinearize(a, b, combination, digitSize, null, null, rescale, out, scratch);
            return;
        }
        int level = out[0].qCount() - 1 + (rescale ? 1 : 0);
        requireKeyLevel(key, level);
        try (KeyHalves halves = KeyHalves.of(context, key, context.params().digitCount(level), level)) {
            backend.multiplyRelinearize(a, b, combination, digitSize, halves.b, halves.a, rescale, out, scratch);
        }
    }

    /**
     * σ_g of the degree-1 ciphertext (c0, c1) for every key: out0[r], out1[r] (Q_ℓ) receive the automorphism by
     * keys[r]'s Galois element, key switched from the digits of c1 (the decomposition, or when it is null, one
     * computed into scratch here).
     */
    void automorphisms(DevicePoly c0, DevicePoly c1, HoistedDecomposition dec, List<GaloisKey> keys,
                       DevicePoly[] out0, DevicePoly[] out1) {
        int level = c0.qCount() - 1;
        int digitSize = context.params().digitSize();
        if (dec == null && keys.size() == 1) { // decomposition and automorphism in one call
            batches(keys, level, context.params().digitCount(level), (r, n, b, a) -> backend.automorphisms(c0, c1,
                    digitSize, galoisElements(keys, r, n), b, a, out0, out1, scratch));
            return;
        }
        DevicePoly[] digits = dec != null ? dec.digits() : scratchDigits(c1, level);
        batches(keys, level, digits.length, (r, n, b, a) -> backend.automorphismsHoisted(c0, digits,
                galoisElements(keys, r, n), b, a, Arrays.copyOfRange(out0, r, r + n),
                Arrays.copyOfRange(out1, r, r + n), scratch));
    }

    /**
     * acc += Σ_r lazy σ_r(terms[r]) (degree-1 ciphertexts at acc's level, keys[r]'s Galois element each; acc over
     * Q_ℓ ∪ P, multiplied by P: no ModDown): one backend call when every key is resident, one per key otherwise (a
     * compact key is expanded for its own call).
     */
    void automorphismsAccumulateLazy(DevicePoly[][] terms, List<GaloisKey> keys, DevicePoly[] acc) {
        int level = acc[0].qCount() - 1;
        int digitSize = context.params().digitSize();
        BigInteger p = context.params().pProduct();
        batches(keys, level, context.params().digitCount(level), (r, n, b, a) -> backend.automorphismsAccumulate(
                Arrays.copyOfRange(terms, r, r + n), digitSize, galoisElements(keys, r, n), b, a, p, acc, scratch));
    }

    /** acc += lazy σ(prev) for a lazy ciphertext prev (both over Q_ℓ ∪ P, times P): {@link Backend#addRotatedLazy}. */
    void addRotatedLazy(DevicePoly[] prev, GaloisKey key, DevicePoly[] acc) {
        int level = acc[0].qCount() - 1;
        int digitSize = context.params().digitSize();
        BigInteger p = context.params().pProduct();
        batches(List.of(key), level, context.params().digitCount(level), (r, n, b, a) -> backend.addRotatedLazy(prev,
                digitSize, key.galoisElement(), b[0], a[0], p, acc, scratch));
    }

    /** out = Σ operands ⊙ factors + lazy σ(prev): {@link Backend#sumOfProductsAddRotatedLazy}. */
    void sumOfProductsAddRotatedLazy(DevicePoly[][] operands, DevicePoly[] factors, DevicePoly[] prev, GaloisKey key,
                                     DevicePoly[] out) {
        int level = out[0].qCount() - 1;
        int digitSize = context.params().digitSize();
        BigInteger p = context.params().pProduct();
        batches(List.of(key), level, context.params().digitCount(level), (r, n, b, a) ->
                backend.sumOfProductsAddRotatedLazy(operands, factors, prev, digitSize, key.galoisElement(), b[0], a[0],
                        p, out, scratch));
    }

    /** The lazy form of {@link #automorphisms} (double hoisting): outputs over Q_ℓ ∪ P, still multiplied by P. */
    void automorphismsLazy(DevicePoly c0, HoistedDecomposition dec, List<GaloisKey> keys,
                           DevicePoly[] out0, DevicePoly[] out1) {
        BigInteger p = context.params().pProduct();
        batches(keys, dec.level(), dec.digitCount(), (r, n, b, a) -> backend.automorphismsHoistedLazy(c0, p,
                dec.digits(), galoisElements(keys, r, n), b, a, Arrays.copyOfRange(out0, r, r + n),
                Arrays.copyOfRange(out1, r, r + n), scratch));
    }

    private DevicePoly[] scratchDigits(DevicePoly c1, int level) {
        CkksParameters params = context.params();
        DevicePoly[] digits = scratch.polys(AUTOMORPHISM_DIGITS, params.digitCount(level), level + 1, params.pCount());
        backend.decompose(c1, params.digitSize(), digits);
        return digits;
    }

    /** One backend batch: keys r..r+n-1, their b and a halves. */
    @FunctionalInterface
    private interface Batch {
        void run(int first, int count, DevicePoly[][] keyB, DevicePoly[][] keyA);
    }

    /**
     * Runs the keys in one batch when all are resident; a compact key's uniform halves are expanded for its own
     * call and freed after it, so that compact keys never hold more than one expansion.
     */
    private void batches(List<GaloisKey> keys, int level, int digitCount, Batch batch) {
        boolean anyCompact = keys.stream().anyMatch(k -> k.key().isCompact());
        int step = anyCompact ? 1 : keys.size();
        for (int r = 0; r < keys.size(); r += step) {
            KeyHalves[] halves = new KeyHalves[step];
            for (int i = 0; i < step; i++) {
                requireKeyLevel(keys.get(r + i).key(), level);
                halves[i] = KeyHalves.of(context, keys.get(r + i).key(), digitCount, level);
            }
            try {
                batch.run(r, step, Arrays.stream(halves).map(h -> h.b).toArray(DevicePoly[][]::new),
                        Arrays.stream(halves).map(h -> h.a).toArray(DevicePoly[][]::new));
            } finally {
                for (KeyHalves h : halves) {
                    h.close();
                }
            }
        }
    }

    private static long[] galoisElements(List<GaloisKey> keys, int first, int count) {
        return keys.subList(first, first + count).stream().mapToLong(GaloisKey::galoisElement).toArray();
    }

    private static void requireKeyLevel(SwitchingKey key, int level) {
        if (key.level() < level) {
            throw new IllegalArgumentException("the switching key was generated for levels <= " + key.level()
                    + " and cannot switch a level-" + level + " ciphertext; generate it at level >= "
                    + level + " or lower the ciphertext's level first");
        }
    }

    /** A key's first digits; the a halves of a compact key are expanded from its seed and freed on close. */
    private record KeyHalves(DevicePoly[] b, DevicePoly[] a, boolean expanded) implements AutoCloseable {
        static KeyHalves of(CkksContext context, SwitchingKey key, int count, int level) {
            return new KeyHalves(Arrays.copyOf(key.b(), count), key.a(context, count, level), key.isCompact());
        }

        @Override
        public void close() {
            if (expanded) {
                for (DevicePoly p : a) {
                    p.close();
                }
            }
        }
    }
}

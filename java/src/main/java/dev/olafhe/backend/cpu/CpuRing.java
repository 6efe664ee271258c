package dev.olafhe.backend.cpu;

import dev.olafhe.backend.DevicePoly;
import dev.olafhe.backend.RingModuli;
import dev.olafhe.math.BasisConverter;
import dev.olafhe.math.Modulus;
import dev.olafhe.math.NttTables;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;

/** Ring tables in host memory: moduli, NTT tables and cached basis converters / automorphism indices. */
final class CpuRing extends RingModuli {
    /** Q moduli then P moduli, in ring-index order (see {@link RingModuli}). */
    final Modulus[] moduli;
    final NttTables[] ntt;
    private final Map<String, BasisConverter> converters = new ConcurrentHashMap<>();
    private final Map<Long, int[]> nttPermutations = new ConcurrentHashMap<>();
    /** Recycled limb arrays; bounded by a quarter of the maximum heap. */
    final LimbPool pool;
    private volatile boolean closed;

    CpuRing(int logN, long[] qModuli, long[] pModuli) {
        super(checkLogN(logN), qModuli, pModuli);
        int total = totalModuli();
        moduli = new Modulus[total];
        for (int i = 0; i < total; i++) {
            moduli[i] = new Modulus(modulus(i));
        }
        // a twentieth of the heap: enough to absorb a key switch's scratch at logN 16 (~150 MiB per digit set),
        // while ResNet-sized runs keep ~10 GiB of keys and ~5 GiB of DFT factors live (a quarter, then a tenth, ran
        // ResNet-20 out of an 18 GiB heap)
        pool = new LimbPool(1 << logN, Runtime.getRuntime().maxMemory() / 20);
        ntt = new NttTables[total];
        IntStream.range(0, total).parallel().forEach(i -> ntt[i] = new NttTables(moduli[i], logN));
    }

    /** P = ∏ p_j. */
    java.math.BigInteger pProduct() {
        java.math.BigInteger p = java.math.BigInteger.ONE;
        for (long v : pModuli()) {
            p = p.multiply(java.math.BigInteger.valueOf(v));
        }
        return p;
    }

    /** Ring index of limb {@code limb} of a poly with the given shape. */
    int ringIndex(DevicePoly poly, int limb) {
        return limb < poly.qCount() ? limb : qTotal() + (limb - poly.qCount());
    }

    int[] automorphismPermutation(long galoisElement) {
        return nttPermutations.computeIfAbsent(galoisElement, g -> NttTables.automorphismNttPermutation(logN(), g));
    }

    /** Converter from the given ring indices to the given ring indices, cached by both lists. */
    BasisConverter converter(int[] sourceRingIndices, int[] targetRingIndices) {
        String key = Arrays.toString(sourceRingIndices) + "->" + Arrays.toString(targetRingIndices);
        return converters.computeIfAbsent(key, k -> new BasisConverter(
                Arrays.stream(sourceRingIndices).mapToObj(i -> moduli[i]).toArray(Modulus[]::new),
                Arrays.stream(targetRingIndices).mapToObj(i -> moduli[i]).toArray(Modulus[]::new)));
    }

    private static int checkLogN(int logN) {
        if (logN < 1 || logN > 17) {
            throw new IllegalArgumentException("logN must be in [1, 17], got " + logN);
        }
        return logN;
    }

    void checkOpen() {
        if (closed) {
            throw new IllegalStateException("ring has been closed");
        }
    }

    @Override
    public void close() {
        closed = true;
        converters.clear();
        nttPermutations.clear();
        pool.clear();
    }
}

package dev.olafhe.math;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;

import java.util.Arrays;
import java.util.Random;
import java.util.stream.IntStream;

import static dev.olafhe.math.KernelResidues.primes;
import static dev.olafhe.math.KernelResidues.residues;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The key switch's vector kernels against the scalar code bit for bit: {@link VectorDotProducts#keyProducts}
 * against {@link WideSums}' 128-bit sums, {@link VectorDotProducts#tensor} against {@link Modulus#mul}, and {@link BasisConverter}'s scaling, overflow and accumulation on the
 * vector path ({@link VectorBasisConversion}) against the same converter on the scalar path, on
 * {@link KernelResidues}' residues. Every modulus size 30..50 (the vector kernels' range) is run once
 * deterministically; the properties add random shapes, and the basis conversion mixes in 51- to 61-bit moduli.
 */
class VectorKeySwitchKernelsTest {
    /** Σ_j x_j·y_j mod q on the scalar path (WideSums), as the CPU backend's inner product computes it. */
    private static long[] scalarProducts(Modulus m, long[][] x, long[][] y, int n) {
        long[] hi = new long[n];
        long[] lo = new long[n];
        for (int j = 0; j < x.length; j++) {
            if (j > 0 && j % (WideSums.MAX_TERMS - 1) == 0) {
                WideSums.fold(m, hi, lo, n);
            }
            WideSums.addProducts(x[j], y[j], 0, hi, lo, n);
        }
        long[] out = new long[n];
        WideSums.reduce(m, hi, lo, out, 0, n);
        return out;
    }

    /** Up to 50 bits {@link VectorDotProducts}, above {@link VectorWideDotProducts} (JDK 24+: else skipped). */
    private static void checkKeyProducts(int bits, int digits, int n, long seed) {
        Modulus m = primes(bits)[0];
        boolean wide = bits > VectorNtt.MAX_BITS;
        // >= 4 lanes (the kernels run whatever -Dolafhe.math.vector says)
        Assume.that(wide ? VectorShoupNtt.fits(m) : VectorModular.fit(m));
        Random rnd = new Random(seed);
        Modulus[] ms = {m};
        long[][] x = residues(digits, n, ms, rnd);
        long[][] kb = residues(digits, n, ms, rnd);
        long[][] ka = residues(digits, n, ms, rnd);
        if (seed == 0) { // every operand q - 1: the largest sums the words must hold
            for (long[][] rows : new long[][][] {x, kb, ka}) {
                for (long[] row : rows) {
                    Arrays.fill(row, m.value() - 1);
                }
            }
        }
        long[] out0 = new long[n];
        long[] out1 = new long[n];
        int done = wide ? VectorWideDotProducts.keyProducts(m, x, kb, ka, out0, out1)
                : VectorDotProducts.keyProducts(m, x, kb, ka, out0, out1);
        assertEquals(n - n % VectorNtt.LANES, done, "whole vectors done, the tail left to the caller");
        String what = bits + "-bit q, " + digits + " digits, n = " + n;
        assertArrayEquals(Arrays.copyOf(scalarProducts(m, x, kb, n), done), Arrays.copyOf(out0, done), what);
        assertArrayEquals(Arrays.copyOf(scalarProducts(m, x, ka, n), done), Arrays.copyOf(out1, done), what);
    }

    @Example
    void keyProductsOnEveryModulusSize() {
        for (int bits = 30; bits <= VectorNtt.MAX_BITS; bits++) {
            checkKeyProducts(bits, 2 * VectorModular.FOLD_TERMS + 1, 67, bits); // folds twice, has a tail
        }
        for (int bits = VectorNtt.MAX_BITS + 1; bits <= Modulus.MAX_BITS && VectorShoupNtt.fits(primes(bits)[0]);
             bits++) { // the wide kernels where this JVM has them (JDK 24+), without skipping the sizes above
            checkKeyProducts(bits, VectorWideDotProducts.MAX_TERMS, 67, bits);
            checkKeyProducts(bits, VectorWideDotProducts.MAX_TERMS, 1100, 0); // all q - 1, two blocks
        }
    }

    /**
     * Once compiled, the wide inner product allocates only its six arrays of sums (and a few small objects) per call:
     * boxed vectors would be megabytes.
     */
    @Example
    void compiledWideKeyProductsAllocateOnlyTheirSums() throws Exception {
        Assume.that(VectorShoupNtt.fits(primes(58)[0]) && Allocations.measurable());
        long allocated = Allocations.inFreshJvm(KEY_PRODUCT_SUMS, VectorKeySwitchKernelsTest.class,
                "keyProductAllocations");
        assertTrue(allocated <= KEY_PRODUCT_SUMS, "the wide inner product allocates " + allocated + " bytes in 100 calls,"
                + " its sums " + KEY_PRODUCT_SUMS + ": vectors boxed across a call that C2 did not inline");
    }

    /** Per call six arrays of 512 sums, 2 KiB for the small objects; 100 calls. */
    private static final long KEY_PRODUCT_SUMS = 100L * (6 * (8L * 512 + 16) + 2048);

    static long keyProductAllocations(String[] args) {
        Modulus m = primes(58)[0];
        int n = 2048;
        long[][] x = residues(10, n, new Modulus[] {m}, new Random(2));
        long[] out0 = new long[n];
        long[] out1 = new long[n];
        return Allocations.onceCompiled(KEY_PRODUCT_SUMS,
                () -> VectorWideDotProducts.keyProducts(m, x, x, x, out0, out1));
    }

    @Example
    void wideKeyProductsLeaveMoreTermsThanTheWordsHoldToTheCaller() {
        Modulus m = primes(60)[0];
        Assume.that(VectorShoupNtt.fits(m));
        long[][] x = residues(VectorWideDotProducts.MAX_TERMS + 1, 8, new Modulus[] {m}, new Random(1));
        assertEquals(0, VectorWideDotProducts.keyProducts(m, x, x, x, new long[8], new long[8]));
    }

    @Property(tries = 150)
    void keyProductsMatchTheScalarSums(@ForAll @IntRange(min = 30, max = 61) int bits,
                                       @ForAll @IntRange(min = 1, max = 20) int digits,
                                       @ForAll @IntRange(min = 1, max = 70) int n, @ForAll long seed) {
        checkKeyProducts(bits, digits, n, seed);
    }

    private static void checkTensor(int bits, int n, long seed) {
        Modulus m = primes(bits)[0];
        Assume.that(VectorModular.fit(m));
        long[][] in = residues(4, n, new Modulus[] {m}, new Random(seed));
        long[][] d = new long[3][n];
        int done = VectorDotProducts.tensor(m, in[0], in[1], in[2], in[3], d[0], d[1], d[2]);
        assertEquals(n - n % VectorNtt.LANES, done, "whole vectors done, the tail left to the caller");
        for (int c = 0; c < done; c++) {
            String what = bits + "-bit q, coefficient " + c;
            assertEquals(m.mul(in[0][c], in[2][c]), d[0][c], what);
            assertEquals(m.add(m.mul(in[0][c], in[3][c]), m.mul(in[1][c], in[2][c])), d[1][c], what);
            assertEquals(m.mul(in[1][c], in[3][c]), d[2][c], what);
        }
    }

    @Example
    void tensorOnEveryModulusSize() {
        for (int bits = 30; bits <= VectorNtt.MAX_BITS; bits++) {
            checkTensor(bits, 259, bits);
        }
    }

    @Property(tries = 100)
    void tensorMatchesScalarProducts(@ForAll @IntRange(min = 30, max = 50) int bits,
                                     @ForAll @IntRange(min = 1, max = 70) int n, @ForAll long seed) {
        checkTensor(bits, n, seed);
    }

    @Example
    void widerModuliStayScalar() {
        for (int bits = VectorNtt.MAX_BITS + 1; bits <= Modulus.MAX_BITS; bits++) {
            assertFalse(VectorModular.fit(primes(bits)[0]), bits + " bits: products not exact in doubles");
            assertFalse(VectorKernels.supports(primes(bits)[0]), bits + " bits");
        }
    }

    /** The three conversion steps with the vector kernels and on the scalar path, compared. */
    private static void checkConversion(int[] sourceBits, int[] targetBits, int n, long seed) {
        Modulus[] all = primes(IntStream.concat(Arrays.stream(sourceBits), Arrays.stream(targetBits)).toArray());
        Modulus[] source = Arrays.copyOf(all, sourceBits.length);
        Modulus[] target = Arrays.copyOfRange(all, sourceBits.length, all.length);
        Assume.that(Arrays.stream(all).anyMatch(m -> VectorModular.fit(m) || VectorShoupNtt.fits(m)));
        BasisConverter vector = new BasisConverter(source, target, true);
        BasisConverter scalar = new BasisConverter(source, target, false);
        Random rnd = new Random(seed);
        long[][] x = residues(source.length, n, source, rnd);
        long[][] scaled = new long[source.length][n];
        long[][] scaledRef = new long[source.length][n];
        for (int i = 0; i < source.length; i++) {
            vector.scaleSource(i, x[i], scaled[i]);
            scalar.scaleSource(i, x[i], scaledRef[i]);
            assertArrayEquals(scaledRef[i], scaled[i], "scaleSource " + source[i]);
        }
        String what = Arrays.toString(sourceBits) + " -> " + Arrays.toString(targetBits) + ", n = " + n;
        for (boolean centred : new boolean[] {false, true}) {
            long[] u = new long[n];
            long[] uRef = new long[n];
            vector.overflow(scaled, centred, u);
            scalar.overflow(scaled, centred, uRef);
            assertArrayEquals(uRef, u, "overflow (centred " + centred + "), " + what);
            int from = rnd.nextInt(n);
            for (long[] overflow : new long[][] {u, null}) {
                long[][] outs = new long[target.length][n];
                if (target.length > 1) {
                    outs[rnd.nextInt(target.length)] = null; // a target left out
                }
                long[][] outsRef = Arrays.stream(outs).map(o -> o == null ? null : new long[n]).toArray(long[][]::new);
                vector.accumulateBlock(scaled, overflow, outs, from, n - from);
                scalar.accumulateBlock(scaled, overflow, outsRef, from, n - from);
                for (int j = 0; j < target.length; j++) {
                    assertArrayEquals(outsRef[j], outs[j], "accumulate into " + target[j] + " from " + from
                            + (overflow == null ? " without" : " with") + " u, " + what);
                }
            }
        }
    }

    /**
     * The wide-target accumulation ({@link VectorShoupConversion}), once compiled, allocates only the block's own sums:
     * a second copy of its product loop in one compiled method put it past C2's inlining budget and boxed vectors
     * (megabytes per limb, 3.5x slower than the scalar path, measured). Shaped like a logN-16 ModUp: three 58-bit
     * sources into 17 targets of 52 to 60 bits, blocks of {@link BasisConverter#BLOCK}.
     */
    @Example
    void compiledWideTargetAccumulationAllocatesOnlyItsSums() throws Exception {
        Assume.that(VectorShoupNtt.fits(primes(58)[0]) && Allocations.measurable());
        long allocated = Allocations.inFreshJvm(WIDE_TARGET_SUMS, VectorKeySwitchKernelsTest.class,
                "wideTargetAllocations");
        assertTrue(allocated <= WIDE_TARGET_SUMS, "the wide-target accumulation allocates " + allocated + " bytes in 100 "
                + "rounds, its sums " + WIDE_TARGET_SUMS + ": vectors boxed across a call that C2 did not inline");
    }

    /** Per round two arrays of sums per block of a 4-block input; 100 rounds. */
    private static final long WIDE_TARGET_SUMS = 100L * 4 * 2 * (8L * BasisConverter.BLOCK + 16);

    static long wideTargetAllocations(String[] args) {
        int[] targetBits = IntStream.range(0, 17).map(j -> j < 8 ? 58 : j < 11 ? 52 : j < 14 ? 60 : 56).toArray();
        Modulus[] all = primes(IntStream.concat(IntStream.of(58, 58, 58), Arrays.stream(targetBits)).toArray());
        Modulus[] source = Arrays.copyOf(all, 3);
        Modulus[] target = Arrays.copyOfRange(all, 3, all.length);
        BasisConverter conversion = new BasisConverter(source, target, true);
        int n = 4 * BasisConverter.BLOCK;
        long[][] scaled = residues(source.length, n, source, new Random(5));
        long[] u = new long[n];
        conversion.overflow(scaled, true, u);
        long[][] outs = new long[target.length][n];
        return Allocations.onceCompiled(WIDE_TARGET_SUMS, () -> {
            for (int from = 0; from < n; from += BasisConverter.BLOCK) {
                conversion.accumulateBlock(scaled, u, outs, from, BasisConverter.BLOCK);
            }
        });
    }

    @Example
    void conversionOnEveryModulusSize() {
        for (int bits = 30; bits <= Modulus.MAX_BITS; bits++) {
            int other = bits <= VectorNtt.MAX_BITS ? 61 : 45;
            checkConversion(new int[] {bits, other, bits, 60}, new int[] {bits, other, 45}, 67, bits);
            checkConversion(new int[] {45, 61}, new int[] {bits, bits}, 37, bits);
        }
    }

    @Property(tries = 100)
    void conversionMatchesTheScalarPath(@ForAll("bitSizes") int[] sourceBits, @ForAll("bitSizes") int[] targetBits,
                                        @ForAll @IntRange(min = 1, max = 70) int n, @ForAll long seed) {
        checkConversion(sourceBits, targetBits, n, seed);
    }

    /** 1 to 12 moduli of 30 to 61 bits, mostly in the vector range (12 wide sources: three folds). */
    @Provide
    Arbitrary<int[]> bitSizes() {
        Arbitrary<Integer> bits = Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.integers().between(30, VectorNtt.MAX_BITS)),
                Tuple.of(1, Arbitraries.integers().between(VectorNtt.MAX_BITS + 1, Modulus.MAX_BITS)));
        return bits.array(int[].class).ofMinSize(1).ofMaxSize(12);
    }
}

package dev.olafhe.math;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.math.BigInteger;

/**
 * One NTT-friendly prime modulus q below 2^61 with the constants for fast 64-bit modular arithmetic.
 * The 61-bit cap leaves three bits of head room so that sums of a few residues (lazy reduction) and the
 * Barrett error terms fit in a signed {@code long} without overflow checks.
 *
 * <p>Two multiplication flavours:
 * <ul>
 *   <li>{@link #mul(long, long)}: Barrett reduction of the 128-bit product (any two residues);</li>
 *   <li>{@link #mulShoup(long, long, long)}: Shoup's method for a fixed operand w with a precomputed
 *       {@code floor(w * 2^64 / q)} (twiddle factors, basis-conversion constants); one high multiply
 *       and one low multiply.</li>
 * </ul>
 * All methods expect inputs in [0, q) unless stated and return values in [0, q).
 */
public final class Modulus {
    /** Largest supported bit size of a modulus (see the class comment). */
    public static final int MAX_BITS = 61;

    private static final MethodType LONG_LONG_TO_LONG = MethodType.methodType(long.class, long.class, long.class);
    /** Math.unsignedMultiplyHigh (JDK 18+), or null. */
    private static final MethodHandle JDK_UNSIGNED_MULTIPLY_HIGH = findJdkUnsignedMultiplyHigh();
    private static final MethodHandle UNSIGNED_MULTIPLY_HIGH = JDK_UNSIGNED_MULTIPLY_HIGH != null
            ? JDK_UNSIGNED_MULTIPLY_HIGH : findEmulatedUnsignedMultiplyHigh();

    private final long q;
    private final int bits;
    /**
     * mu·2^(63−bits) with mu = floor(2^(2·bits) / q) &lt; 2^(bits+1), an unsigned 64-bit value: Barrett's quotient
     * floor(x'·mu / 2^(bits+1)) is then the high word of one unsigned product x'·this (the same value, exactly).
     */
    private final long barrettMuShifted;
    /** 2^64 mod q and its Shoup constant, and floor(2^64 / q) (the Shoup constant of 1), for {@link #reduceWide}. */
    private final long twoTo64;
    private final long twoTo64Shoup;
    private final long oneShoup;
    /** 2^32 mod q and its Shoup constant: the word weights of the wide inner product ({@link #wordWeights}). */
    private final long twoTo32;
    private final long twoTo32Shoup;

    public Modulus(long q) {
        if (q < 3 || 64 - Long.numberOfLeadingZeros(q) > MAX_BITS) {
            throw new IllegalArgumentException("modulus must be in [3, 2^" + MAX_BITS + "), got " + q);
        }
        this.q = q;
        this.bits = 64 - Long.numberOfLeadingZeros(q);
        this.barrettMuShifted = BigInteger.ONE.shiftLeft(2 * bits).divide(BigInteger.valueOf(q)).shiftLeft(63 - bits)
                .longValue();
        this.twoTo64 = BigInteger.ONE.shiftLeft(64).mod(BigInteger.valueOf(q)).longValueExact();
        this.twoTo64Shoup = shoup(twoTo64);
        this.oneShoup = shoup(1);
        this.twoTo32 = reduce(1L << 32);
        this.twoTo32Shoup = shoup(twoTo32);
    }

    /**
     * {2^32 mod q, its Shoup constant, 2^64 mod q, its Shoup constant}: the weights of a sum's second and third
     * 32-bit words, computed once here (a Shoup constant takes a BigInteger division).
     */
    public long[] wordWeights() {
        return new long[] {twoTo32, twoTo32Shoup, twoTo64, twoTo64Shoup};
    }

    public long value() {
        return q;
    }

    public int bits() {
        return bits;
    }

    public long add(long a, long b) {
        long s = a + b;
        return s >= q ? s - q : s;
    }

    public long sub(long a, long b) {
        long d = a - b;
        return d < 0 ? d + q : d;
    }

    public long neg(long a) {
        return a == 0 ? 0 : q - a;
    }

    /** a * b mod q for residues a, b in [0, q). */
    public long mul(long a, long b) {
        return reduce128(Math.multiplyHigh(a, b), a * b);
    }

    /**
     * Reduces the unsigned 128-bit value hi*2^64 + lo, which must be below q^2 (e.g. a product of two
     * residues). Classic Barrett with k = bits: the quotient estimate is at most 2 too small.
     */
    public long reduce128(long hi, long lo) {
        int k = bits;
        long xShifted = (hi << (65 - k)) | (lo >>> (k - 1)); // x >> (k-1) < 2^(k+1)
        long quotient = unsignedMultiplyHigh(xShifted, barrettMuShifted); // floor(xShifted·mu / 2^(k+1))
        long r = lo - quotient * q; // exact in the low 64 bits because the true remainder is < 3q < 2^63
        r -= q & ((q - 1 - r) >> 63); // branch-free: the corrections depend on the data
        return r - (q & ((q - 1 - r) >> 63));
    }

    /**
     * Reduces any unsigned 128-bit value hi*2^64 + lo into [0, q) (sums of many unreduced products): hi·(2^64 mod q)
     * and lo are each reduced below 2q by Shoup's method (valid for any unsigned 64-bit operand), then added.
     */
    public long reduceWide(long hi, long lo) {
        long h = hi * twoTo64 - unsignedMultiplyHigh(hi, twoTo64Shoup) * q; // [0, 2q)
        long l = lo - unsignedMultiplyHigh(lo, oneShoup) * q;                // [0, 2q)
        long s = h + l;                                                      // [0, 4q)
        long twoQ = 2 * q;
        s -= twoQ & ((twoQ - 1 - s) >> 63);
        return s - (q & ((q - 1 - s) >> 63));
    }

    /** Reduces any unsigned 64-bit value into [0, q) without a division (Shoup's method with the constant of 1). */
    public long reduceUnsigned(long a) {
        long r = a - unsignedMultiplyHigh(a, oneShoup) * q; // [0, 2q)
        return r - (q & ((q - 1 - r) >> 63));
    }

    /** Reduces any signed long into [0, q). */
    public long reduce(long a) {
        long r = a % q;
        return r < 0 ? r + q : r;
    }

    /** Reduces a BigInteger (any sign) into [0, q). */
    public long reduce(BigInteger a) {
        return a.mod(BigInteger.valueOf(q)).longValue();
    }

    /** Shoup constant floor(w * 2^64 / q) for a fixed operand w in [0, q), as an unsigned 64-bit value. */
    public long shoup(long w) {
        return BigInteger.valueOf(w).shiftLeft(64).divide(BigInteger.valueOf(q)).longValue();
    }

    /** a * w mod q using w's Shoup constant; a may be any non-negative long (it need not be reduced). */
    public long mulShoup(long a, long w, long wShoup) {
        long r = mulShoupLazy(a, w, wShoup);
        return r >= q ? r - q : r;
    }

    /** a * w mod q in [0, 2q), without the final correction (for lazy accumulation). */
    public long mulShoupLazy(long a, long w, long wShoup) {
        long quotient = unsignedMultiplyHigh(a, wShoup);
        return a * w - quotient * q;
    }

    public long pow(long base, long exponent) {
        long result = 1;
        long b = base % q;
        long e = exponent;
        while (e > 0) {
            if ((e & 1) == 1) {
                result = mul(result, b);
            }
            b = mul(b, b);
            e >>= 1;
        }
        return result;
    }

    /** Multiplicative inverse of a non-zero residue (q is prime, so a^(q-2)). */
    public long inverse(long a) {
        long r = reduce(a);
        if (r == 0) {
            throw new ArithmeticException("0 has no inverse mod " + q);
        }
        return pow(r, q - 2);
    }

    /** Centred representative of a residue: in (-q/2, q/2]. */
    public long centre(long a) {
        return a > q / 2 ? a - q : a;
    }

    /**
     * High 64 bits of the unsigned 128-bit product. Binds to {@code Math.unsignedMultiplyHigh} where the JDK has
     * it (18+, an intrinsic: one instruction) and to {@link #emulatedUnsignedMultiplyHigh} on 17; the handle is a
     * {@code static final} constant, so the JIT inlines either target.
     */
    public static long unsignedMultiplyHigh(long a, long b) {
        try {
            return (long) UNSIGNED_MULTIPLY_HIGH.invokeExact(a, b);
        } catch (Throwable e) {
            throw new AssertionError("unsignedMultiplyHigh cannot throw", e);
        }
    }

    /** The Java 17 form: the signed high product corrected for the operands' top bits. */
    static long emulatedUnsignedMultiplyHigh(long a, long b) {
        return Math.multiplyHigh(a, b) + ((a >> 63) & b) + ((b >> 63) & a);
    }

    /** Whether {@link #unsignedMultiplyHigh} runs on the JDK's own {@code Math.unsignedMultiplyHigh}. */
    public static boolean jdkUnsignedMultiplyHigh() {
        return JDK_UNSIGNED_MULTIPLY_HIGH != null;
    }

    private static MethodHandle findJdkUnsignedMultiplyHigh() {
        try {
            return MethodHandles.publicLookup().findStatic(Math.class, "unsignedMultiplyHigh", LONG_LONG_TO_LONG);
        } catch (NoSuchMethodException | IllegalAccessException absent) {
            return null; // Java 17
        }
    }

    private static MethodHandle findEmulatedUnsignedMultiplyHigh() {
        try {
            return MethodHandles.lookup().findStatic(Modulus.class, "emulatedUnsignedMultiplyHigh", LONG_LONG_TO_LONG);
        } catch (NoSuchMethodException | IllegalAccessException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @Override
    public String toString() {
        return "Modulus(" + q + ", " + bits + " bits)";
    }
}

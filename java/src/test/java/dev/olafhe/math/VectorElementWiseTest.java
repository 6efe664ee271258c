package dev.olafhe.math;

import net.jqwik.api.Assume;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

import java.util.Arrays;
import java.util.Random;

import static dev.olafhe.math.KernelResidues.primes;
import static dev.olafhe.math.KernelResidues.residue;
import static dev.olafhe.math.KernelResidues.residues;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link VectorElementWise} against {@link Modulus}' scalar operations bit for bit, on {@link KernelResidues}'
 * residues: the products for every modulus size 30..50, the additions also for 51..61 bits; limb lengths that are
 * and are not multiples of the lane count (the kernels leave the tail, which must stay untouched); outputs that
 * alias an input. The kernels run whatever {@code -Dolafhe.math.vector} says (the test asks
 * {@link VectorModular#fit}, not the switch).
 */
class VectorElementWiseTest {
    /** The canary left in the tail, where the kernels must not write. */
    private static final long UNTOUCHED = -7;

    /** A kernel (its out is acc for mulAdd) and its scalar reference per coefficient. */
    private record Op(Kernel kernel, Reference reference) {
        int vector(Modulus m, long[] x, long[] y, long w, long[] out) {
            return kernel.run(m, x, y, w, out);
        }

        long scalar(Modulus m, long x, long y, long w, long acc) {
            return reference.apply(m, x, y, w, acc);
        }
    }

    private interface Kernel {
        int run(Modulus m, long[] x, long[] y, long w, long[] out);
    }

    private interface Reference {
        long apply(Modulus m, long x, long y, long w, long acc);
    }

    private static final Op ADD = new Op((m, x, y, w, o) -> VectorElementWise.add(m, x, y, o),
            (m, x, y, w, a) -> m.add(x, y));
    private static final Op SUB = new Op((m, x, y, w, o) -> VectorElementWise.sub(m, x, y, o),
            (m, x, y, w, a) -> m.sub(x, y));
    private static final Op NEG = new Op((m, x, y, w, o) -> VectorElementWise.neg(m, x, o),
            (m, x, y, w, a) -> m.neg(x));
    private static final Op ADD_SCALAR = new Op((m, x, y, w, o) -> VectorElementWise.addScalar(m, x, w, o),
            (m, x, y, w, a) -> m.add(x, w));
    private static final Op MUL = new Op((m, x, y, w, o) -> VectorElementWise.mul(m, x, y, o),
            (m, x, y, w, a) -> m.mul(x, y));
    private static final Op MUL_ADD = new Op((m, x, y, w, o) -> VectorElementWise.mulAdd(m, x, y, o),
            (m, x, y, w, a) -> m.add(a, m.mul(x, y)));
    private static final Op MUL_SCALAR = new Op((m, x, y, w, o) -> VectorElementWise.mulScalar(m, x, w, o),
            (m, x, y, w, a) -> m.mulShoup(x, w, m.shoup(w)));
    private static final Op SUB_MUL_SCALAR = new Op((m, x, y, w, o) -> VectorElementWise.subMulScalar(m, x, y, w, o),
            (m, x, y, w, a) -> m.mulShoup(m.sub(x, y), w, m.shoup(w)));
    private static final Op[] ADDITIONS = {ADD, SUB, NEG, ADD_SCALAR};
    private static final Op[] PRODUCTS = {MUL, MUL_ADD, MUL_SCALAR, SUB_MUL_SCALAR};

    /**
     * One kernel on random residues of length n, into a separate output (mulAdd: an accumulator of residues) and into
     * an output that aliases x, against the scalar operation per coefficient.
     */
    private static void check(Op op, int bits, int n, long seed) {
        Modulus m = primes(bits)[0];
        Assume.that(VectorModular.fitLanes());
        Random rnd = new Random(seed);
        long[][] in = residues(3, n, new Modulus[] {m}, rnd);
        long w = residue(m.value(), rnd);
        long[] expected = new long[n];
        for (int c = 0; c < n; c++) {
            expected[c] = op.scalar(m, in[0][c], in[1][c], w, in[2][c]);
        }
        int whole = n - n % VectorNtt.LANES;
        long[] out = in[2].clone();
        Arrays.fill(out, whole, n, UNTOUCHED);
        long[] aliased = op == MUL_ADD ? out : in[0].clone();
        long[] x = op == MUL_ADD ? in[0] : aliased;
        String what = bits + "-bit q, n = " + n + ", w = " + w;
        assertEquals(whole, op.vector(m, in[0], in[1], w, out), "whole vectors done, the tail left to the caller");
        long[] tail = new long[n - whole];
        Arrays.fill(tail, UNTOUCHED);
        assertArrayEquals(Arrays.copyOf(expected, whole), Arrays.copyOf(out, whole), what);
        assertArrayEquals(tail, Arrays.copyOfRange(out, whole, n), "tail untouched, " + what);
        if (op != MUL_ADD) {
            op.vector(m, x, in[1], w, aliased);
            assertArrayEquals(Arrays.copyOf(expected, whole), Arrays.copyOf(aliased, whole), "out = x, " + what);
        }
    }

    @Example
    void productsOnEveryModulusSize() {
        for (int bits = 30; bits <= VectorNtt.MAX_BITS; bits++) {
            for (Op op : PRODUCTS) {
                check(op, bits, 4 * 67 + 3, bits); // a tail for 4 and 8 lanes
            }
        }
    }

    @Example
    void additionsOnEveryModulusSize() {
        for (int bits = 30; bits <= Modulus.MAX_BITS; bits++) {
            for (Op op : ADDITIONS) {
                check(op, bits, 4 * 67 + 3, bits);
            }
        }
    }

    @Property(tries = 300)
    void productsMatchTheScalarOperations(@ForAll @IntRange(min = 30, max = 50) int bits,
                                          @ForAll @IntRange(min = 0, max = 3) int which,
                                          @ForAll @IntRange(min = 0, max = 70) int n, @ForAll long seed) {
        check(PRODUCTS[which], bits, n, seed);
    }

    @Property(tries = 200)
    void additionsMatchTheScalarOperations(@ForAll @IntRange(min = 30, max = 61) int bits,
                                           @ForAll @IntRange(min = 0, max = 3) int which,
                                           @ForAll @IntRange(min = 0, max = 70) int n, @ForAll long seed) {
        check(ADDITIONS[which], bits, n, seed);
    }

    /** The worst cases of the products' bounds: both factors q − 1, and q − 1 against 0 in the difference. */
    @Example
    void extremeResidues() {
        Assume.that(VectorModular.fitLanes());
        for (int bits = 30; bits <= VectorNtt.MAX_BITS; bits++) {
            Modulus m = primes(bits)[0];
            long top = m.value() - 1;
            long[] x = {top, 0, top, 1, top, top, 0, 1};
            long[] y = {top, top, 0, top, 1, top, 0, 1};
            for (Op op : PRODUCTS) {
                for (long w : new long[] {0, 1, top}) {
                    long[] out = new long[x.length];
                    Arrays.fill(out, top);
                    long[] acc = out.clone();
                    int done = op.vector(m, x, y, w, out);
                    assertTrue(done >= 4, "at least one vector");
                    for (int c = 0; c < done; c++) {
                        assertEquals(op.scalar(m, x[c], y[c], w, acc[c]), out[c], bits + " bits, w = " + w + ", c = " + c);
                    }
                }
            }
        }
    }
}

package dev.olafhe.math;

import dev.olafhe.ckks.CkksParameters;
import dev.olafhe.ckks.CkksParametersLiteral;
import dev.olafhe.ckks.SecretDistribution;
import dev.olafhe.ckks.boot.BootstrappingParameters;
import dev.olafhe.ckks.boot.BootstrappingPresets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static dev.olafhe.ckks.CkksParametersLiteral.concat;
import static dev.olafhe.ckks.CkksParametersLiteral.repeat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The Vector API NTTs ({@link VectorNtt}, {@link VectorInverseNtt}, {@link VectorShoupNtt}, behind {@link NttTables#forward} and
 * {@link NttTables#inverse}) against the scalar transforms ({@link NttTables#forwardScalar},
 * {@link NttTables#inverseScalar}): bit for bit on every prime of the logN-16 chains, on random and edge inputs.
 */
class VectorNttTest {
    /** Every prime of the logN-16 chains: the benchmark set (60 + 26 x 45, 4 x 61 bits) and the n16 presets. */
    private static Set<Long> logN16ChainPrimes() {
        CkksParametersLiteral bench = new CkksParametersLiteral(16, concat(new int[] {60}, repeat(45, 26)),
                repeat(61, 4), 45, SecretDistribution.uniformTernary(), 0, false);
        List<CkksParameters> sets = List.of(CkksParameters.of(bench),
                BootstrappingParameters.of(BootstrappingPresets.n16ResNet()).ckks(),
                BootstrappingParameters.of(BootstrappingPresets.n16H192()).ckks());
        Set<Long> primes = new LinkedHashSet<>();
        for (CkksParameters p : sets) {
            for (long q : p.qModuli()) {
                primes.add(q);
            }
            for (long q : p.pModuli()) {
                primes.add(q);
            }
        }
        return primes;
    }

    /** Random residues, all zero, all q - 1, alternating 0 / q - 1, and values near q. */
    private static List<long[]> inputs(int n, long q, Random rnd) {
        List<long[]> inputs = new ArrayList<>();
        long[] random = new long[n];
        long[] zeros = new long[n];
        long[] top = new long[n];
        long[] alternating = new long[n];
        long[] nearQ = new long[n];
        for (int i = 0; i < n; i++) {
            random[i] = rnd.nextLong(q);
            top[i] = q - 1;
            alternating[i] = (i & 1) == 0 ? 0 : q - 1;
            nearQ[i] = q - 1 - rnd.nextInt(4);
        }
        inputs.add(random);
        inputs.add(zeros);
        inputs.add(top);
        inputs.add(alternating);
        inputs.add(nearQ);
        return inputs;
    }

    private static void assertSameAsScalar(NttTables t, Random rnd) {
        long q = t.modulus().value();
        for (long[] a : inputs(t.n(), q, rnd)) {
            long[] expected = a.clone();
            t.forwardScalar(expected);
            long[] actual = a.clone();
            t.forward(actual);
            assertArrayEquals(expected, actual, () -> t.forwardImplementation() + " forward NTT differs from the "
                    + "scalar one for q = " + q + " (" + t.modulus().bits() + " bits), N = " + t.n());
            long[] expectedInverse = a.clone();
            t.inverseScalar(expectedInverse);
            long[] actualInverse = a.clone();
            t.inverse(actualInverse);
            assertArrayEquals(expectedInverse, actualInverse, () -> t.forwardImplementation() + " inverse NTT differs "
                    + "from the scalar one for q = " + q + " (" + t.modulus().bits() + " bits), N = " + t.n());
        }
    }

    @Test
    void bitIdenticalToScalarOnEveryLogN16ChainPrime() {
        Random rnd = new Random(16);
        int vector = 0;
        int shoup = 0;
        for (long q : logN16ChainPrimes()) {
            NttTables t = new NttTables(new Modulus(q), 16);
            assertSameAsScalar(t, rnd);
            assertEquals(expectedImplementation(t.modulus(), 16), t.forwardImplementation(), () -> q + "");
            vector += t.forwardImplementation().equals("vector-api") ? 1 : 0;
            shoup += t.forwardImplementation().equals("vector-api-shoup") ? 1 : 0;
        }
        if (NttTables.VECTOR && VectorNtt.SUPPORTED_LANES) {
            assertEquals(47, vector, "the 40- to 49-bit primes of the three chains take the vector path");
        }
        if (NttTables.VECTOR && VectorNtt.SUPPORTED_LANES && Runtime.version().feature() >= VectorShoupNtt.MIN_JDK) {
            assertEquals(20, shoup, "the 56- to 61-bit primes of the three chains take the 64-bit-lane path");
        }
    }

    /** The transform {@link NttTables} should pick on this JVM: the rule, written out once more. */
    static String expectedImplementation(Modulus modulus, int logN) {
        boolean lanes = NttTables.VECTOR && VectorNtt.SUPPORTED_LANES && logN >= 5;
        if (lanes && modulus.bits() <= VectorNtt.MAX_BITS) {
            return "vector-api";
        }
        return lanes && Runtime.version().feature() >= VectorShoupNtt.MIN_JDK ? "vector-api-shoup" : "scalar";
    }

    @ParameterizedTest(name = "logN={0}, {1}-bit q")
    @CsvSource({"5, 20", "5, 50", "6, 45", "7, 30", "8, 40", "9, 49", "10, 45", "11, 50", "12, 36", "13, 45",
                "14, 48", "15, 50", "12, 55", "12, 61", "5, 61", "6, 51", "7, 58", "10, 60", "13, 56", "15, 61"})
    void bitIdenticalToScalarAndInvertible(int logN, int bits) {
        Random rnd = new Random(31L * logN + bits);
        for (long q : Primes.nttFriendlyPrimes(logN, new int[] {bits, bits, bits}, List.of())) {
            NttTables t = new NttTables(new Modulus(q), logN);
            assertSameAsScalar(t, rnd);
            long[] a = inputs(t.n(), q, rnd).get(0);
            long[] b = a.clone();
            t.forward(b);
            t.inverse(b);
            assertArrayEquals(a, b, "inverse(forward(a)) = a");
        }
    }

    @Test
    void vectorPathIsChosenPerModulus() {
        long q45 = Primes.nttFriendlyPrimes(16, new int[] {45}, List.of())[0];
        long q61 = Primes.nttFriendlyPrimes(16, new int[] {61}, List.of())[0];
        assumeTrue(NttTables.VECTOR && VectorNtt.supports(new Modulus(q45), 16),
                "needs jdk.incubator.vector and 4 or 8 double lanes (AVX2, AVX-512)");
        assertEquals("vector-api", new NttTables(new Modulus(q45), 16).forwardImplementation());
        assertEquals(Runtime.version().feature() >= VectorShoupNtt.MIN_JDK ? "vector-api-shoup" : "scalar",
                new NttTables(new Modulus(q61), 16).forwardImplementation(),
                "61 bits: 64-bit lanes where C2 multiplies them with vpmuludq, else scalar");
        assertEquals("scalar", new NttTables(new Modulus(q45), 4)
                .forwardImplementation(), "N = 16 < 32: scalar");
    }

    /**
     * Once C2 has compiled them, the vector transforms allocate nothing ({@link Allocations}: a loop body past C2's
     * inlining budget boxes vectors, megabytes per transform, slower than scalar).
     */
    @ParameterizedTest(name = "{0}-bit q")
    @CsvSource({"45", "60"})
    void compiledVectorTransformsAllocateNothing(int bits) throws Exception {
        NttTables t = new NttTables(new Modulus(Primes.nttFriendlyPrimes(12, new int[] {bits}, List.of())[0]), 12);
        assumeTrue(!t.forwardImplementation().equals("scalar"), "no vector path for " + bits + " bits on this JVM");
        assumeTrue(Allocations.measurable(), "needs per-thread allocation counters");
        long allocated = Allocations.inFreshJvm(0, VectorNttTest.class, "transformAllocations", String.valueOf(bits));
        assertEquals(0, allocated, t.forwardImplementation() + " transforms still allocate after a minute of warm-up: "
                + "a vector boxed across a call that C2 did not inline");
    }

    /** Bytes 100 forward and inverse transforms of logN 12 allocate once compiled; args: the prime's bits. */
    static long transformAllocations(String[] args) {
        long q = Primes.nttFriendlyPrimes(12, new int[] {Integer.parseInt(args[0])}, List.of())[0];
        NttTables t = new NttTables(new Modulus(q), 12);
        long[] a = inputs(t.n(), q, new Random(12)).get(0);
        return Allocations.onceCompiled(0, () -> {
            t.forward(a);
            t.inverse(a);
        });
    }

    /**
     * The width this JVM does not use (8 lanes on an AVX2 machine, 4 on an AVX-512 one) in a child JVM, so that both
     * lane layouts are checked bit for bit on every machine (a width wider than the hardware runs in the Vector API's
     * Java fallback: slow, same arithmetic).
     */
    @Test
    void otherVectorWidthIsBitIdenticalToo() throws Exception {
        assumeTrue(NttTables.VECTOR && VectorNtt.SUPPORTED_LANES, "needs jdk.incubator.vector and 4 or 8 lanes");
        int otherLanes = VectorNtt.LANES == 8 ? 4 : 8;
        String java = ProcessHandle.current().info().command().orElse("java");
        Process child = new ProcessBuilder(java, "-Xmx512m", "--add-modules", "jdk.incubator.vector",
                "-Dolafhe.math.vectorBits=" + 64 * otherLanes, "-cp", System.getProperty("java.class.path"),
                VectorNttWidthCheck.class.getName()).redirectErrorStream(true).start();
        String output = new String(child.getInputStream().readAllBytes());
        assertEquals(0, child.waitFor(), output);
        assertTrue(output.contains("lanes=" + otherLanes) && output.contains("bit-identical"), output);
    }
}

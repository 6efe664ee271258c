package dev.olafhe.backend;

import dev.olafhe.math.Crt;
import dev.olafhe.math.Modulus;
import dev.olafhe.math.NttTables;
import dev.olafhe.math.Primes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.LongBinaryOperator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Exact-arithmetic contract every {@link Backend} must satisfy, checked against simple host references
 * (per-limb {@link Modulus} arithmetic, {@link NttTables}, BigInteger CRT). Subclasses provide the backend;
 * integer RNS results must match bit for bit.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class BackendContractTest {
    private static final int LOG_N = 6;
    private static final int N = 1 << LOG_N;
    private static final long[] Q = Primes.nttFriendlyPrimes(LOG_N, new int[] {50, 40, 40, 61, 45}, List.of());
    private static final long[] P = Primes.nttFriendlyPrimes(LOG_N, new int[] {61, 55},
            Arrays.stream(Q).boxed().toList());

    private Backend backend;
    private DeviceRing ring;
    private final Random random = new Random(42);

    /** The backend under test (created once per test class). */
    protected abstract Backend backend();

    @BeforeAll
    void setUp() {
        backend = backend();
        ring = backend.createRing(LOG_N, Q, P);
    }

    @AfterAll
    void tearDown() {
        if (ring != null) { // null when backend() skipped the class by assumption (no GPU)
            ring.close();
        }
        if (backend != null) {
            backend.close();
        }
    }

    private static long modulus(int limb, int qCount) {
        return limb < qCount ? Q[limb] : P[limb - qCount];
    }

    private long[][] randomLimbs(int qCount, int pCount) {
        long[][] limbs = new long[qCount + pCount][N];
        for (int l = 0; l < limbs.length; l++) {
            long q = modulus(l, qCount);
            for (int i = 0; i < N; i++) {
                limbs[l][i] = random.nextLong(q);
            }
        }
        return limbs;
    }

    private DevicePoly upload(long[][] limbs, int qCount, int pCount) {
        DevicePoly poly = backend.allocate(ring, qCount, pCount);
        backend.upload(limbs, poly);
        return poly;
    }

    private static NttTables tables(long q) {
        return new NttTables(new Modulus(q), LOG_N);
    }

    @Test
    void uploadDownloadAndCopy() {
        long[][] x = randomLimbs(3, 2);
        try (DevicePoly a = upload(x, 3, 2); DevicePoly small = backend.allocate(ring, 2, 1);
             DevicePoly big = backend.allocate(ring, 4, 2)) {
            assertArrayEquals(x, backend.download(a));
            backend.copy(a, small);
            long[][] s = backend.download(small);
            assertArrayEquals(x[0], s[0]);
            assertArrayEquals(x[1], s[1]);
            assertArrayEquals(x[3], s[2], "P limb 0 comes from the source's P limb 0");
            backend.copy(a, big);
            long[][] b = backend.download(big);
            assertArrayEquals(new long[N], b[3], "a limb the source lacks becomes zero");
            assertArrayEquals(x[4], b[5]);
        }
    }

    @Test
    void aViewSharesItsBufferMemoryWhereTheBackendHasViews() {
        try (DevicePoly buffer = upload(randomLimbs(3, 2), 3, 2)) {
            DevicePoly[] views = backend.views(buffer, new int[] {2, 1}, new int[] {1, 0});
            org.junit.jupiter.api.Assumptions.assumeTrue(views != null, backend.name() + " has no views (the default)");
            assertEquals(2, views.length);
            assertEquals(1, views[1].limbCount());
            DevicePoly view = views[0];
            assertEquals(2, view.qCount());
            assertEquals(1, view.pCount());
            long[][] y = randomLimbs(2, 1);
            backend.upload(y, view);
            backend.add(view, view, view);
            long[][] seen = backend.download(buffer);
            for (int l = 0; l < 3; l++) {
                Modulus m = new Modulus(modulus(l, 2));
                for (int i = 0; i < N; i++) {
                    assertEquals(m.add(y[l][i], y[l][i]), seen[l][i], "buffer limb " + l + " index " + i);
                }
            }
            assertArrayEquals(seen[0], backend.download(view)[0]);
            view.close();
            assertTrue(!buffer.isClosed(), "closing a view frees nothing");
            assertArrayEquals(seen[2], backend.download(buffer)[2]);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"add", "sub", "mul", "mulAdd", "neg", "mulScalar", "addScalarNtt"})
    void elementWiseOpsMatchModulusArithmetic(String op) {
        long[][] x = randomLimbs(4, 2);
        long[][] y = randomLimbs(4, 2);
        long[][] z = randomLimbs(3, 2);
        BigInteger c = new BigInteger(130, random).negate();
        try (DevicePoly a = upload(x, 4, 2); DevicePoly b = upload(y, 4, 2); DevicePoly out = upload(z, 3, 2)) {
            switch (op) {
                case "add" -> backend.add(a, b, out);
                case "sub" -> backend.sub(a, b, out);
                case "mul" -> backend.mul(a, b, out);
                case "mulAdd" -> backend.mulAdd(a, b, out);
                case "neg" -> backend.neg(a, out);
                case "mulScalar" -> backend.mulScalar(a, c, out);
                case "addScalarNtt" -> backend.addScalarNtt(a, c, out);
                default -> throw new IllegalStateException(op);
            }
            long[][] got = backend.download(out);
            for (int l = 0; l < 5; l++) {
                int src = l < 3 ? l : l + 1; // out has Q limbs 0..2 and both P limbs; inputs have 4 Q limbs
                Modulus m = new Modulus(modulus(l, 3));
                long cm = m.reduce(c);
                LongBinaryOperator f = switch (op) {
                    case "add" -> m::add;
                    case "sub" -> m::sub;
                    case "mul" -> m::mul;
                    case "neg" -> (u, v) -> m.neg(u);
                    case "mulScalar" -> (u, v) -> m.mul(u, cm);
                    case "addScalarNtt" -> (u, v) -> m.add(u, cm);
                    default -> null;
                };
                for (int i = 0; i < N; i++) {
                    long expected = op.equals("mulAdd") ? m.add(z[l][i], m.mul(x[src][i], y[src][i]))
                            : f.applyAsLong(x[src][i], y[src][i]);
                    assertEquals(expected, got[l][i], op + " limb " + l + " index " + i);
                }
            }
        }
    }

    @Test
    void nttMatchesReferenceTablesAndRoundTrips() {
        long[][] x = randomLimbs(5, 2);
        try (DevicePoly a = upload(x, 5, 2); DevicePoly f = backend.allocate(ring, 5, 2)) {
            backend.ntt(a, f);
            long[][] got = backend.download(f);
            for (int l = 0; l < 7; l++) {
                long[] expected = x[l].clone();
                tables(modulus(l, 5)).forward(expected);
                assertArrayEquals(expected, got[l], "limb " + l);
            }
            backend.intt(f, f);
            assertArrayEquals(x, backend.download(f));
        }
    }

    @Test
    void nttDomainProductIsNegacyclicConvolution() {
        long[][] x = randomLimbs(2, 1);
        long[][] y = randomLimbs(2, 1);
        try (DevicePoly a = upload(x, 2, 1); DevicePoly b = upload(y, 2, 1)) {
            backend.ntt(a, a);
            backend.ntt(b, b);
            backend.mul(a, b, a);
            backend.intt(a, a);
            long[][] got = backend.download(a);
            for (int l = 0; l < 3; l++) {
                Modulus m = new Modulus(modulus(l, 2));
                long[] expected = new long[N];
                for (int i = 0; i < N; i++) {
                    for (int j = 0; j < N; j++) {
                        long p = m.mul(x[l][i], y[l][j]);
                        expected[(i + j) % N] = i + j < N ? m.add(expected[(i + j) % N], p) : m.sub(expected[(i + j) % N], p);
                    }
                }
                assertArrayEquals(expected, got[l]);
            }
        }
    }

    @ParameterizedTest(name = "g={0}")
    @ValueSource(longs = {5, 25, 3, 127, 2 * N - 1})
    void automorphismsAgreeAcrossDomainsAndWithReference(long g) {
        long[][] x = randomLimbs(3, 2);
        try (DevicePoly a = upload(x, 3, 2); DevicePoly coeffOut = backend.allocate(ring, 3, 2);
             DevicePoly nttIn = backend.allocate(ring, 3, 2); DevicePoly nttOut = backend.allocate(ring, 3, 2)) {
            backend.automorphismCoeff(a, g, coeffOut);
            long[][] got = backend.download(coeffOut);
            for (int l = 0; l < 5; l++) {
                Modulus m = new Modulus(modulus(l, 3));
                long[] expected = new long[N];
                for (int i = 0; i < N; i++) {
                    long e = i * g % (2L * N);
                    if (e < N) {
                        expected[(int) e] = x[l][i];
                    } else {
                        expected[(int) (e - N)] = m.neg(x[l][i]);
                    }
                }
                assertArrayEquals(expected, got[l], "coefficient-domain automorphism, limb " + l);
            }
            backend.ntt(a, nttIn);
            backend.automorphismNtt(nttIn, g, nttOut);
            backend.intt(nttOut, nttOut);
            assertArrayEquals(got, backend.download(nttOut), "NTT-domain automorphism = coefficient-domain one");
        }
    }

    private static BigInteger[] crtCoefficients(long[][] limbs, long[] moduli) {
        Crt crt = new Crt(moduli);
        BigInteger[] out = new BigInteger[N];
        long[] r = new long[moduli.length];
        for (int i = 0; i < N; i++) {
            for (int l = 0; l < moduli.length; l++) {
                r[l] = limbs[l][i];
            }
            out[i] = crt.reconstruct(r);
        }
        return out;
    }

    @ParameterizedTest(name = "from level {0}")
    @ValueSource(ints = {1, 2, 4})
    void rescaleDividesByLastModulusWithRounding(int level) {
        long[][] x = randomLimbs(level + 1, 0);
        BigInteger[] c = crtCoefficients(x, Arrays.copyOf(Q, level + 1));
        BigInteger qLast = BigInteger.valueOf(Q[level]);
        BigInteger half = qLast.shiftRight(1);
        try (DevicePoly a = upload(x, level + 1, 0); DevicePoly out = backend.allocate(ring, level, 0)) {
            backend.ntt(a, a);
            backend.rescaleNtt(a, out);
            backend.intt(out, out);
            long[][] got = backend.download(out);
            for (int i = 0; i < N; i++) {
                BigInteger expected = c[i].add(half).divide(qLast); // round(c / q_l), c in [0, Q_l)
                for (int l = 0; l < level; l++) {
                    assertEquals(expected.mod(BigInteger.valueOf(Q[l])).longValue(), got[l][i], "limb " + l + " coeff " + i);
                }
            }
        }
    }

    @Test
    void modRaiseLiftsCentredRepresentative() {
        long[][] x = randomLimbs(1, 0);
        try (DevicePoly a = upload(x, 1, 0); DevicePoly out = backend.allocate(ring, 5, 2)) {
            backend.modRaise(a, out);
            long[][] got = backend.download(out);
            Modulus q0 = new Modulus(Q[0]);
            for (int l = 0; l < 7; l++) {
                Modulus m = new Modulus(modulus(l, 5));
                for (int i = 0; i < N; i++) {
                    assertEquals(m.reduce(q0.centre(x[0][i])), got[l][i]);
                }
            }
        }
    }

    @ParameterizedTest(name = "digit starting at limb {0}")
    @ValueSource(ints = {0, 2, 4})
    void modUpExtendsTheCentredDigit(int first) {
        int count = Math.min(2, 5 - first);
        long[][] x = randomLimbs(5, 0);
        long[] digitModuli = Arrays.copyOfRange(Q, first, first + count);
        BigInteger[] digitValue = crtCoefficients(Arrays.copyOfRange(x, first, first + count), digitModuli);
        BigInteger digitProduct = new Crt(digitModuli).modulusProduct();
        try (DevicePoly a = upload(x, 5, 0); DevicePoly out = backend.allocate(ring, 5, 2)) {
            backend.ntt(a, a);
            backend.modUp(a, first, count, out);
            long[][] nttOut = backend.download(out);
            long[][] nttIn = backend.download(a);
            for (int l = first; l < first + count; l++) {
                assertArrayEquals(nttIn[l], nttOut[l], "digit limbs are copied");
            }
            backend.intt(out, out);
            long[][] got = backend.download(out);
            // the centred representative of the digit, in [−Q̃/2, Q̃/2): the fast conversion's excess u·Q̃ removed
            // (float64 may miss the cut only within 2^-50 of it, which these random residues do not reach)
            for (int l = 0; l < 7; l++) {
                BigInteger m = BigInteger.valueOf(modulus(l, 5));
                for (int i = 0; i < N; i++) {
                    BigInteger centred = digitValue[i].compareTo(digitProduct.shiftRight(1)) > 0
                            ? digitValue[i].subtract(digitProduct) : digitValue[i];
                    assertEquals(centred.mod(m).longValue(), got[l][i], "limb " + l + " coefficient " + i
                            + " is the centred digit");
                }
            }
        }
    }

    @ParameterizedTest(name = "down to {0} Q limbs")
    @ValueSource(ints = {5, 3})
    void modDownDividesByPWithRounding(int qOut) {
        long[][] x = randomLimbs(5, 2);
        long[] all = new long[7];
        System.arraycopy(Q, 0, all, 0, 5);
        System.arraycopy(P, 0, all, 5, 2);
        BigInteger[] value = crtCoefficients(x, all);
        BigInteger p = BigInteger.valueOf(P[0]).multiply(BigInteger.valueOf(P[1]));
        try (DevicePoly a = upload(x, 5, 2); DevicePoly out = backend.allocate(ring, qOut, 0)) {
            backend.ntt(a, a);
            backend.modDown(a, out);
            backend.intt(out, out);
            long[][] got = backend.download(out);
            for (int i = 0; i < N; i++) {
                BigInteger rounded = value[i].add(p.shiftRight(1)).divide(p); // round(x/P), exactly (excess removed)
                for (int l = 0; l < qOut; l++) {
                    BigInteger m = BigInteger.valueOf(Q[l]);
                    assertEquals(rounded.mod(m).longValue(), got[l][i], "limb " + l + " coefficient " + i
                            + " is round(x/P)");
                }
            }
        }
    }

    @Test
    void innerProductAndTensorMatchElementWiseOps() {
        int digits = 3;
        DevicePoly[] d = new DevicePoly[digits];
        DevicePoly[] kb = new DevicePoly[digits];
        DevicePoly[] ka = new DevicePoly[digits];
        for (int j = 0; j < digits; j++) {
            d[j] = upload(randomLimbs(3, 2), 3, 2);
            kb[j] = upload(randomLimbs(5, 2), 5, 2);
            ka[j] = upload(randomLimbs(5, 2), 5, 2);
        }
        try (DevicePoly o0 = backend.allocate(ring, 3, 2); DevicePoly o1 = backend.allocate(ring, 3, 2);
             DevicePoly e0 = backend.allocate(ring, 3, 2); DevicePoly e1 = backend.allocate(ring, 3, 2)) {
            backend.innerProduct(d, kb, ka, o0, o1);
            for (int j = 0; j < digits; j++) {
                backend.mulAdd(d[j], kb[j], e0);
                backend.mulAdd(d[j], ka[j], e1);
            }
            assertArrayEquals(backend.download(e0), backend.download(o0));
            assertArrayEquals(backend.download(e1), backend.download(o1));
        }
        try (DevicePoly t0 = backend.allocate(ring, 3, 0); DevicePoly t1 = backend.allocate(ring, 3, 0);
             DevicePoly t2 = backend.allocate(ring, 3, 0); DevicePoly e = backend.allocate(ring, 3, 0)) {
            backend.tensor(d[0], d[1], d[2], kb[0], t0, t1, t2);
            backend.mul(d[0], d[2], e);
            assertArrayEquals(backend.download(e), backend.download(t0));
            backend.mul(d[0], kb[0], e);
            backend.mulAdd(d[1], d[2], e);
            assertArrayEquals(backend.download(e), backend.download(t1));
            backend.mul(d[1], kb[0], e);
            assertArrayEquals(backend.download(e), backend.download(t2));
        }
        for (int j = 0; j < digits; j++) {
            d[j].close();
            kb[j].close();
            ka[j].close();
        }
    }

    // ---- whole operations: equal to their primitives composed by hand (CoarseOperationChecks) -------------

    private CoarseOperationChecks coarse() {
        return new CoarseOperationChecks(backend, ring, (q, p) -> upload(randomLimbs(q, p), q, p));
    }

    @ParameterizedTest(name = "{0} Q limbs")
    @ValueSource(ints = {1, 4, 5})
    void keySwitchAndDecompositionMatchTheirPrimitives(int qCount) {
        try (CoarseOperationChecks checks = coarse()) {
            checks.keySwitchAndDecompositionMatchTheirPrimitives(qCount, P.length, Q.length);
        }
    }

    @Test
    void hoistedAutomorphismBatchesMatchTheirPrimitives() {
        try (CoarseOperationChecks checks = coarse()) {
            checks.hoistedAutomorphismBatchesMatchTheirPrimitives(3, P.length, pProduct());
        }
    }

    /** P = p_0·p_1, the factor lazy (Q ∪ P) results carry. */
    private static BigInteger pProduct() {
        return BigInteger.valueOf(P[0]).multiply(BigInteger.valueOf(P[1]));
    }

    @Test
    void fusedWholeOperationsMatchTheirParts() {
        try (CoarseOperationChecks checks = coarse()) {
            checks.keySwitchAddAndAutomorphismsMatchTheirParts(3, P.length, pProduct());
            checks.addRotatedLazyMatchesItsParts(3, P.length, pProduct());
            checks.giantStepAndLinearCombinationMatchTheirPrimitives(4, P.length);
        }
    }

    @ParameterizedTest(name = "{0} Q limbs in the product")
    @ValueSource(ints = {2, 3})
    void multiplyRelinearizeMatchesItsParts(int qCount) {
        try (CoarseOperationChecks checks = coarse()) {
            checks.multiplyRelinearizeMatchesItsParts(qCount, P.length);
        }
    }

    @ParameterizedTest(name = "{0} Q limbs in the sum")
    @ValueSource(ints = {2, 4})
    void linearCombinationRescaleMatchesItsParts(int qCount) {
        try (CoarseOperationChecks checks = coarse()) {
            checks.linearCombinationRescaleMatchesItsParts(qCount);
        }
    }

    @Test
    void wholeCiphertextOpsMatchTheirPrimitives() {
        try (CoarseOperationChecks checks = coarse()) {
            checks.wholeCiphertextOpsMatchTheirPrimitives(4, P.length);
        }
    }

    @Test
    void manyPartsCrossedOutputsAndLongSumsMatchTheirPrimitives() {
        try (CoarseOperationChecks checks = coarse()) {
            checks.manyPartsCrossedOutputsAndLongSumsMatchTheirPrimitives(3, P.length);
        }
    }
}

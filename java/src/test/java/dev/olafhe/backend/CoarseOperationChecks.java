package dev.olafhe.backend;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/**
 * The contract of {@link Backend}'s whole operations: each must give exactly what its fine primitives give when
 * composed by hand (which {@link BackendContractTest} checks against host references). A backend that inherits
 * the default composition passes trivially; one with a native implementation is held to the same bits. Used by
 * {@link BackendContractTest}, so it runs on every backend the contract runs on.
 */
final class CoarseOperationChecks implements AutoCloseable {
    private static final int DIGIT_SIZE = 2;

    private final Backend backend;
    private final DeviceRing ring;
    private final BiFunction<Integer, Integer, DevicePoly> random;
    private final List<DevicePoly> owned = new ArrayList<>();

    /** {@code random} uploads a poly of random residues with the given Q and P limb counts. */
    CoarseOperationChecks(Backend backend, DeviceRing ring, BiFunction<Integer, Integer, DevicePoly> random) {
        this.backend = backend;
        this.ring = ring;
        this.random = random;
    }

    private DevicePoly random(int qCount, int pCount) {
        return own(random.apply(qCount, pCount));
    }

    private DevicePoly zero(int qCount, int pCount) {
        return own(backend.allocate(ring, qCount, pCount));
    }

    private DevicePoly own(DevicePoly p) {
        owned.add(p);
        return p;
    }

    private DevicePoly[] keyHalf(int digits, int qCount, int pCount) {
        DevicePoly[] key = new DevicePoly[digits];
        for (int j = 0; j < digits; j++) {
            key[j] = random(qCount, pCount);
        }
        return key;
    }

    private void assertSame(DevicePoly expected, DevicePoly actual, String what) {
        assertArrayEquals(backend.download(expected), backend.download(actual), what);
    }

    /** Digits of a level-3 poly (4 limbs: 2 digits of 2), by hand with modUp. */
    private DevicePoly[] digitsByHand(DevicePoly in, int pCount) {
        int count = (in.qCount() + DIGIT_SIZE - 1) / DIGIT_SIZE;
        DevicePoly[] digits = new DevicePoly[count];
        for (int j = 0; j < count; j++) {
            digits[j] = zero(in.qCount(), pCount);
            backend.modUp(in, j * DIGIT_SIZE, Math.min(DIGIT_SIZE, in.qCount() - j * DIGIT_SIZE), digits[j]);
        }
        return digits;
    }

    void keySwitchAndDecompositionMatchTheirPrimitives(int qCount, int pCount, int keyQCount) {
        try (ScratchArena scratch = new ScratchArena(backend, ring)) {
            DevicePoly in = random(qCount, 0);
            DevicePoly[] expectedDigits = digitsByHand(in, pCount);
            DevicePoly[] digits = new DevicePoly[expectedDigits.length];
            for (int j = 0; j < digits.length; j++) {
                digits[j] = zero(qCount, pCount);
            }
            backend.decompose(in, DIGIT_SIZE, digits);
            for (int j = 0; j < digits.length; j++) {
                assertSame(expectedDigits[j], digits[j], "digit " + j);
            }
            DevicePoly[] kb = keyHalf(digits.length + 1, keyQCount, pCount); // a key may have more digits
            DevicePoly[] ka = keyHalf(digits.length + 1, keyQCount, pCount);
            DevicePoly sum0 = zero(qCount, pCount);
            DevicePoly sum1 = zero(qCount, pCount);
            backend.innerProduct(expectedDigits, java.util.Arrays.copyOf(kb, digits.length),
                    java.util.Arrays.copyOf(ka, digits.length), sum0, sum1);
            DevicePoly e0 = zero(qCount, 0);
            DevicePoly e1 = zero(qCount, 0);
            backend.modDown(sum0, e0);
            backend.modDown(sum1, e1);
            DevicePoly o0 = random(qCount, 0); // stale contents must not matter
            DevicePoly o1 = random(qCount, 0);
            for (int round = 0; round < 2; round++) { // the second round runs on reused scratch
                backend.keySwitch(in, DIGIT_SIZE, kb, ka, o0, o1, scratch);
                assertSame(e0, o0, "keySwitch out0, round " + round);
                assertSame(e1, o1, "keySwitch out1, round " + round);
                backend.keySwitchDecomposed(digits, kb, ka, o0, o1, scratch);
                assertSame(e0, o0, "keySwitchDecomposed out0, round " + round);
                assertSame(e1, o1, "keySwitchDecomposed out1, round " + round);
            }
        }
    }

    void hoistedAutomorphismBatchesMatchTheirPrimitives(int qCount, int pCount, BigInteger pProduct) {
        long[] galois = {5, 25, 2 * (long) ring.n() - 1};
        try (ScratchArena scratch = new ScratchArena(backend, ring)) {
            DevicePoly c0 = random(qCount, 0);
            DevicePoly c1 = random(qCount, 0);
            DevicePoly[] digits = digitsByHand(c1, pCount);
            DevicePoly[][] kb = new DevicePoly[galois.length][];
            DevicePoly[][] ka = new DevicePoly[galois.length][];
            DevicePoly[] out0 = new DevicePoly[galois.length];
            DevicePoly[] out1 = new DevicePoly[galois.length];
            DevicePoly[] lazy0 = new DevicePoly[galois.length];
            DevicePoly[] lazy1 = new DevicePoly[galois.length];
            for (int r = 0; r < galois.length; r++) {
                kb[r] = keyHalf(digits.length, qCount, pCount);
                ka[r] = keyHalf(digits.length, qCount, pCount);
                out0[r] = random(qCount, 0);
                out1[r] = random(qCount, 0);
                lazy0[r] = random(qCount, pCount);
                lazy1[r] = random(qCount, pCount);
            }
            backend.automorphismsHoisted(c0, digits, galois, kb, ka, out0, out1, scratch);
            backend.automorphismsHoistedLazy(c0, pProduct, digits, galois, kb, ka, lazy0, lazy1, scratch);
            DevicePoly c0TimesP = zero(qCount, pCount);
            backend.copy(c0, c0TimesP);
            backend.mulScalar(c0TimesP, pProduct, c0TimesP);
            for (int r = 0; r < galois.length; r++) {
                DevicePoly sum0 = zero(qCount, pCount);
                DevicePoly sum1 = zero(qCount, pCount);
                backend.innerProduct(digits, kb[r], ka[r], sum0, sum1);
                DevicePoly ks0 = zero(qCount, 0);
                DevicePoly ks1 = zero(qCount, 0);
                backend.modDown(sum0, ks0);
                backend.modDown(sum1, ks1);
                backend.add(ks0, c0, ks0);
                DevicePoly expected = zero(qCount, 0);
                backend.automorphismNtt(ks0, galois[r], expected);
                assertSame(expected, out0[r], "rotation " + r + " part 0");
                backend.automorphismNtt(ks1, galois[r], expected);
                assertSame(expected, out1[r], "rotation " + r + " part 1");
                backend.add(sum0, c0TimesP, sum0);
                DevicePoly expectedLazy = zero(qCount, pCount);
                backend.automorphismNtt(sum0, galois[r], expectedLazy);
                assertSame(expectedLazy, lazy0[r], "lazy rotation " + r + " part 0");
                backend.automorphismNtt(sum1, galois[r], expectedLazy);
                assertSame(expectedLazy, lazy1[r], "lazy rotation " + r + " part 1");
            }
        }
    }

    /**
     * keySwitchAdd (separate and in-place outputs), automorphisms (decomposition made in the call) and
     * automorphismsAccumulate (lazy: decompose, then automorphismsHoistedLazy, summed over Q ∪ P) against the whole
     * operations they extend; outputs start with stale contents.
     */
    void keySwitchAddAndAutomorphismsMatchTheirParts(int qCount, int pCount, BigInteger pProduct) {
        long[] galois = {5, 2 * (long) ring.n() - 1};
        int digitCount = (qCount + DIGIT_SIZE - 1) / DIGIT_SIZE;
        try (ScratchArena scratch = new ScratchArena(backend, ring)) {
            DevicePoly in = random(qCount, 0);
            DevicePoly[] c = {random(qCount, 0), random(qCount, 0)};
            DevicePoly[] kb = keyHalf(digitCount, qCount, pCount);
            DevicePoly[] ka = keyHalf(digitCount, qCount, pCount);
            DevicePoly[] expected = {zero(qCount, 0), zero(qCount, 0)};
            backend.keySwitch(in, DIGIT_SIZE, kb, ka, expected[0], expected[1], scratch);
            backend.addParts(expected, c, expected);
            DevicePoly[] out = {random(qCount, 0), random(qCount, 0)};
            backend.keySwitchAdd(in, DIGIT_SIZE, kb, ka, c[0], c[1], out[0], out[1], scratch);
            DevicePoly[][] rkb = {kb, keyHalf(digitCount, qCount, pCount)};
            DevicePoly[][] rka = {ka, keyHalf(digitCount, qCount, pCount)};
            DevicePoly[] rotated0 = {zero(qCount, 0), zero(qCount, 0)};
            DevicePoly[] rotated1 = {zero(qCount, 0), zero(qCount, 0)};
            backend.automorphismsHoisted(c[0], digitsByHand(c[1], pCount), galois, rkb, rka, rotated0, rotated1,
                    scratch);
            DevicePoly[] out0 = {random(qCount, 0), random(qCount, 0)};
            DevicePoly[] out1 = {random(qCount, 0), random(qCount, 0)};
            backend.automorphisms(c[0], c[1], DIGIT_SIZE, galois, rkb, rka, out0, out1, scratch);
            DevicePoly[][] terms = {c, {random(qCount, 0), random(qCount, 0)}};
            DevicePoly[] acc = {random(qCount, pCount), random(qCount, pCount)};
            DevicePoly[] expectedAcc = {zero(qCount, pCount), zero(qCount, pCount)};
            backend.copyParts(acc, expectedAcc);
            for (int r = 0; r < galois.length; r++) {
                assertSame(rotated0[r], out0[r], "automorphisms part 0, rotation " + r);
                assertSame(rotated1[r], out1[r], "automorphisms part 1, rotation " + r);
                DevicePoly[] one = {zero(qCount, pCount), zero(qCount, pCount)};
                backend.automorphismsHoistedLazy(terms[r][0], pProduct, digitsByHand(terms[r][1], pCount),
                        new long[] {galois[r]}, new DevicePoly[][] {rkb[r]}, new DevicePoly[][] {rka[r]},
                        new DevicePoly[] {one[0]}, new DevicePoly[] {one[1]}, scratch);
                backend.addParts(expectedAcc, one, expectedAcc);
            }
            backend.automorphismsAccumulate(terms, DIGIT_SIZE, galois, rkb, rka, pProduct, acc, scratch);
            assertSame(expectedAcc[0], acc[0], "automorphismsAccumulate part 0");
            assertSame(expectedAcc[1], acc[1], "automorphismsAccumulate part 1");
            backend.keySwitchAdd(in, DIGIT_SIZE, kb, ka, c[0], c[1], c[0], c[1], scratch); // in place
            for (int i = 0; i < 2; i++) {
                assertSame(expected[i], out[i], "keySwitchAdd part " + i);
                assertSame(expected[i], c[i], "keySwitchAdd in place, part " + i);
            }
        }
    }

    /**
     * sumOfProductsModDown against sumOfProducts then modDownParts, a batch of giant steps against one call each,
     * and linearCombination against its terms
     * subtracted with negated weights (another order of the same exact arithmetic), into a lower level and in place.
     */
    /**
     * addRotatedLazy against its parts: (0, ModDown(c1)) rotated lazily by automorphismsHoistedLazy (digits by hand),
     * plus σ(c0) over Q ∪ P, added into an accumulator; and sumOfProductsAddRotatedLazy, which writes a giant step's
     * products plus the same rotation.
     */
    void addRotatedLazyMatchesItsParts(int qCount, int pCount, BigInteger pProduct) {
        long galois = 5;
        int digitCount = (qCount + DIGIT_SIZE - 1) / DIGIT_SIZE;
        try (ScratchArena scratch = new ScratchArena(backend, ring)) {
            DevicePoly[] prev = {random(qCount, pCount), random(qCount, pCount)};
            DevicePoly[] kb = keyHalf(digitCount, qCount, pCount);
            DevicePoly[] ka = keyHalf(digitCount, qCount, pCount);
            DevicePoly[] acc = {random(qCount, pCount), random(qCount, pCount)};
            DevicePoly[] expected = {zero(qCount, pCount), zero(qCount, pCount)};
            backend.copyParts(acc, expected);
            DevicePoly c1 = zero(qCount, 0);
            backend.modDown(prev[1], c1);
            DevicePoly[] rotated = {zero(qCount, pCount), zero(qCount, pCount)};
            backend.automorphismsHoistedLazy(zero(qCount, 0), pProduct, digitsByHand(c1, pCount), new long[] {galois},
                    new DevicePoly[][] {kb}, new DevicePoly[][] {ka}, new DevicePoly[] {rotated[0]},
                    new DevicePoly[] {rotated[1]}, scratch);
            backend.addParts(expected, rotated, expected);
            DevicePoly c0 = zero(qCount, pCount);
            backend.automorphismNtt(prev[0], galois, c0);
            backend.add(expected[0], c0, expected[0]);
            backend.addRotatedLazy(prev, DIGIT_SIZE, galois, kb, ka, pProduct, acc, scratch);
            assertSame(expected[0], acc[0], "addRotatedLazy part 0");
            assertSame(expected[1], acc[1], "addRotatedLazy part 1");
            // with a giant step's products: out = Σ operands ⊙ factors + σ(prev), over stale contents
            DevicePoly[][] operands = {{random(qCount, pCount), random(qCount, pCount)},
                    {random(qCount, pCount), random(qCount, pCount)}};
            DevicePoly[] factors = {random(qCount, pCount), random(qCount, pCount)};
            DevicePoly[] expectedStep = {zero(qCount, pCount), zero(qCount, pCount)};
            backend.sumOfProducts(operands, factors, expectedStep);
            backend.addParts(expectedStep, rotated, expectedStep);
            backend.add(expectedStep[0], c0, expectedStep[0]);
            DevicePoly[] step = {random(qCount, pCount), random(qCount, pCount)};
            backend.sumOfProductsAddRotatedLazy(operands, factors, prev, DIGIT_SIZE, galois, kb, ka, pProduct, step,
                    scratch);
            assertSame(expectedStep[0], step[0], "sumOfProductsAddRotatedLazy part 0");
            assertSame(expectedStep[1], step[1], "sumOfProductsAddRotatedLazy part 1");
        }
    }

    void giantStepAndLinearCombinationMatchTheirPrimitives(int qCount, int pCount) {
        try (ScratchArena scratch = new ScratchArena(backend, ring)) {
            DevicePoly[][] lazy = new DevicePoly[3][];
            DevicePoly[] diagonals = new DevicePoly[3];
            for (int k = 0; k < 3; k++) {
                lazy[k] = new DevicePoly[] {random(qCount, pCount), random(qCount, pCount)};
                diagonals[k] = random(qCount, pCount);
            }
            DevicePoly[] sum = {zero(qCount - 1, pCount), zero(qCount - 1, pCount)};
            backend.sumOfProducts(lazy, diagonals, sum);
            checkParts(sum, qCount - 1, 0, out -> backend.sumOfProductsModDown(lazy, diagonals, out, scratch),
                    (i, e) -> backend.modDown(sum[i], e));
            // a batch of two giant steps (the second with the operands in another order and one term fewer)
            DevicePoly[][][] batchLazy = {lazy, {lazy[2], lazy[0]}};
            DevicePoly[][] batchDiagonals = {diagonals, {diagonals[1], diagonals[2]}};
            DevicePoly[][] batchOut = new DevicePoly[2][];
            for (int g = 0; g < 2; g++) {
                batchOut[g] = new DevicePoly[] {random(qCount - 1, 0), random(qCount - 1, 0)};
            }
            backend.sumsOfProductsModDown(batchLazy, batchDiagonals, batchOut, scratch);
            for (int g = 0; g < 2; g++) {
                DevicePoly[] single = {zero(qCount - 1, 0), zero(qCount - 1, 0)};
                backend.sumOfProductsModDown(batchLazy[g], batchDiagonals[g], single, scratch);
                for (int i = 0; i < 2; i++) {
                    assertSame(single[i], batchOut[g][i], "giant step " + g + ", part " + i);
                }
            }
            DevicePoly[] a = {random(qCount, 0), random(qCount, 0), random(qCount, 0)};
            DevicePoly[] b = {random(qCount, 0), random(qCount, 0)};
            BigInteger[] factors = {new BigInteger("123456789012345678901234567"), BigInteger.valueOf(-7)};
            BigInteger constant = new BigInteger("-98765432109876543210");
            DevicePoly term = zero(qCount, 0);
            PartPrimitive byHand = (i, e) -> {
                backend.mulScalar(a[i], factors[0], e);
                if (i < b.length) {
                    backend.mulScalar(b[i], factors[1].negate(), term);
                    backend.sub(e, term, e);
                }
                if (i == 0) {
                    backend.addScalarNtt(e, constant, e);
                }
            };
            DevicePoly[][] operands = {a, b};
            checkParts(a, qCount - 1, 0, out -> backend.linearCombination(operands, factors, constant, out, scratch),
                    byHand);
            DevicePoly[] expected = {zero(qCount, 0), zero(qCount, 0), zero(qCount, 0)};
            for (int i = 0; i < a.length; i++) {
                byHand.apply(i, expected[i]);
            }
            backend.linearCombination(operands, factors, constant, a, scratch); // in place
            for (int i = 0; i < a.length; i++) {
                assertSame(expected[i], a[i], "linearCombination in place, part " + i);
            }
        }
    }

    /**
     * multiplyRelinearize against tensor, linearCombination, keySwitchAdd and rescaleParts called one by one, in each
     * form the evaluator uses (combination before or after relinearization, with another operand and a constant or
     * not, relinearized or not, rescaled or not); the operands and keys are one level above the product, the outputs
     * start with stale contents.
     */
    void multiplyRelinearizeMatchesItsParts(int qCount, int pCount) {
        int digitCount = (qCount + DIGIT_SIZE - 1) / DIGIT_SIZE;
        DevicePoly[] a = {random(qCount + 1, 0), random(qCount + 1, 0)};
        DevicePoly[] b = {random(qCount + 1, 0), random(qCount + 1, 0)};
        DevicePoly[] other = {random(qCount + 1, 0), random(qCount + 1, 0)};
        DevicePoly[] kb = keyHalf(digitCount, qCount + 1, pCount);
        DevicePoly[] ka = keyHalf(digitCount, qCount + 1, pCount);
        BigInteger constant = new BigInteger("-98765432109876543210");
        ProductCombination before = new ProductCombination(new DevicePoly[][] {other},
                new BigInteger[] {BigInteger.TWO, new BigInteger("-123456789012345678901")}, null, false);
        ProductCombination beforeConstant = new ProductCombination(new DevicePoly[0][],
                new BigInteger[] {BigInteger.TWO}, constant, false);
        ProductCombination after = new ProductCombination(new DevicePoly[0][], new BigInteger[] {BigInteger.TWO},
                constant, true);
        ProductCombination[] combinations = {null, before, beforeConstant, after};
        try (ScratchArena scratch = new ScratchArena(backend, ring)) {
            for (ProductCombination combination : combinations) {
                for (boolean relinearize : new boolean[] {false, true}) {
                    for (boolean rescale : new boolean[] {false, true}) {
                        String what = "multiplyRelinearize " + combination + (relinearize ? ", relinearized" : "")
                                + (rescale ? ", rescaled" : "");
                        int outLimbs = rescale ? qCount - 1 : qCount;
                        DevicePoly[] expected = productByHand(a, b, combination, relinearize ? kb : null, ka, rescale,
                                qCount, scratch);
                        DevicePoly[] out = new DevicePoly[relinearize ? 2 : 3];
                        for (int i = 0; i < out.length; i++) {
                            out[i] = random(outLimbs, 0);
                        }
                        backend.multiplyRelinearize(a, b, combination, DIGIT_SIZE, relinearize ? kb : null,
                                relinearize ? ka : null, rescale, out, scratch);
                        for (int i = 0; i < out.length; i++) {
                            assertSame(expected[i], out[i], what + ", part " + i);
                        }
                    }
                }
            }
        }
    }

    /**
     * linearCombinationRescale against linearCombination and rescaleParts, with a second operand of fewer parts and a
     * constant, and with one operand and no constant; operands one level above the sum, outputs with stale contents.
     */
    void linearCombinationRescaleMatchesItsParts(int qCount) {
        DevicePoly[] a = {random(qCount + 1, 0), random(qCount + 1, 0), random(qCount + 1, 0)};
        DevicePoly[] b = {random(qCount + 1, 0), random(qCount + 1, 0)};
        BigInteger[] factors = {new BigInteger("123456789012345678901234567"), BigInteger.valueOf(-7)};
        BigInteger constant = new BigInteger("-98765432109876543210");
        try (ScratchArena scratch = new ScratchArena(backend, ring)) {
            for (DevicePoly[][] operands : new DevicePoly[][][] {{a, b}, {a}}) {
                BigInteger[] f = java.util.Arrays.copyOf(factors, operands.length);
                BigInteger c = operands.length == 2 ? constant : null;
                DevicePoly[] sum = {zero(qCount, 0), zero(qCount, 0), zero(qCount, 0)};
                backend.linearCombination(operands, f, c, sum, scratch);
                checkParts(sum, qCount - 1, 0, out -> backend.linearCombinationRescale(operands, f, c, out, scratch),
                        (i, e) -> backend.rescaleNtt(sum[i], e));
            }
        }
    }

    private DevicePoly[] productByHand(DevicePoly[] a, DevicePoly[] b, ProductCombination combination, DevicePoly[] kb,
                                       DevicePoly[] ka, boolean rescale, int qCount, ScratchArena scratch) {
        DevicePoly[] d = {zero(qCount, 0), zero(qCount, 0), zero(qCount, 0)};
        backend.tensor(a[0], a[1], b[0], b[1], d[0], d[1], d[2]);
        if (combination != null && !combination.afterRelinearization()) {
            backend.linearCombination(combination.operands(d), combination.factors(), combination.constant(), d,
                    scratch);
        }
        DevicePoly[] e = d;
        if (kb != null) {
            e = new DevicePoly[] {zero(qCount, 0), zero(qCount, 0)};
            backend.keySwitchAdd(d[2], DIGIT_SIZE, kb, ka, d[0], d[1], e[0], e[1], scratch);
        }
        if (combination != null && combination.afterRelinearization()) {
            backend.linearCombination(combination.operands(e), combination.factors(), combination.constant(), e,
                    scratch);
        }
        if (!rescale) {
            return e;
        }
        DevicePoly[] out = new DevicePoly[e.length];
        for (int i = 0; i < e.length; i++) {
            out[i] = zero(qCount - 1, 0);
        }
        backend.rescaleParts(e, out);
        return out;
    }

    /** Each whole-ciphertext op against its primitive on each part; outputs start with stale contents. */
    void wholeCiphertextOpsMatchTheirPrimitives(int qCount, int pCount) {
        BigInteger c = new BigInteger("-98765432109876543210987");
        DevicePoly[] a = {random(qCount, pCount), random(qCount, pCount)};
        DevicePoly[] b = {random(qCount, pCount), random(qCount, pCount)};
        DevicePoly single = random(qCount, pCount);
        checkParts(a, qCount, pCount, out -> backend.addParts(a, b, out), (i, e) -> backend.add(a[i], b[i], e));
        checkParts(a, qCount, pCount, out -> backend.subParts(a, b, out), (i, e) -> backend.sub(a[i], b[i], e));
        checkParts(a, qCount, pCount, out -> backend.negParts(a, out), (i, e) -> backend.neg(a[i], e));
        checkParts(a, qCount, pCount, out -> backend.mulParts(a, single, out), (i, e) -> backend.mul(a[i], single, e));
        checkParts(a, qCount, pCount, out -> backend.mulScalarParts(a, c, out),
                (i, e) -> backend.mulScalar(a[i], c, e));
        checkParts(a, qCount - 1, pCount, out -> backend.copyParts(a, out), (i, e) -> backend.copy(a[i], e));
        DevicePoly[] acc = {random(qCount, pCount), random(qCount, pCount)};
        DevicePoly[] accBefore = {zero(qCount, pCount), zero(qCount, pCount)};
        backend.copyParts(acc, accBefore);
        backend.mulAddParts(a, single, acc);
        for (int i = 0; i < 2; i++) {
            backend.mulAdd(a[i], single, accBefore[i]);
            assertSame(accBefore[i], acc[i], "mulAddParts part " + i);
        }
        DevicePoly[][] operands = {a, b, acc};
        DevicePoly[] factors = {single, random(qCount, pCount), random(qCount, pCount)};
        checkParts(a, qCount - 1, pCount, out -> backend.sumOfProducts(operands, factors, out), (i, e) -> {
            backend.mul(operands[0][i], factors[0], e);
            backend.mulAdd(operands[1][i], factors[1], e);
            backend.mulAdd(operands[2][i], factors[2], e);
        });
        DevicePoly[] q = {random(qCount, 0), random(qCount, 0)};
        checkParts(q, qCount - 1, 0, out -> backend.rescaleParts(q, out), (i, e) -> backend.rescaleNtt(q[i], e));
        checkParts(a, qCount - 1, 0, out -> backend.modDownParts(a, out), (i, e) -> backend.modDown(a[i], e));
    }

    /**
     * Whole-ciphertext ops over more parts than one CUDA launch takes (4), outputs that are another part's input (the
     * parts then run in order, as one by one), and a sum of more than 32 products (the 128-bit sum folds every 32),
     * each against its primitives.
     */
    void manyPartsCrossedOutputsAndLongSumsMatchTheirPrimitives(int qCount, int pCount) {
        DevicePoly[] a = new DevicePoly[5];
        DevicePoly[] b = new DevicePoly[5];
        for (int i = 0; i < a.length; i++) {
            a[i] = random(qCount, pCount);
            b[i] = random(qCount, pCount);
        }
        BigInteger c = new BigInteger("-98765432109876543210987");
        checkParts(a, qCount, pCount, out -> backend.subParts(a, b, out), (i, e) -> backend.sub(a[i], b[i], e));
        checkParts(a, qCount, pCount, out -> backend.mulScalarParts(a, c, out),
                (i, e) -> backend.mulScalar(a[i], c, e));
        checkParts(a, qCount - 1, pCount, out -> backend.copyParts(a, out), (i, e) -> backend.copy(a[i], e));
        DevicePoly[] x = {random(qCount, pCount), random(qCount, pCount)};
        DevicePoly[] expected = {zero(qCount, pCount), zero(qCount, pCount)};
        backend.copyParts(x, expected);
        backend.add(expected[0], b[0], expected[1]); // part 0 writes x[1] before part 1 reads it
        backend.add(expected[1], b[1], expected[0]);
        backend.addParts(x, new DevicePoly[] {b[0], b[1]}, new DevicePoly[] {x[1], x[0]}); // crossed outputs
        assertSame(expected[0], x[0], "addParts with crossed outputs, part 1");
        assertSame(expected[1], x[1], "addParts with crossed outputs, part 0");
        DevicePoly single = random(qCount, pCount);
        DevicePoly expectedSingle = zero(qCount, pCount);
        DevicePoly expectedOther = zero(qCount, pCount);
        backend.mul(a[0], single, expectedSingle);
        backend.mul(a[1], expectedSingle, expectedOther);
        DevicePoly other = random(qCount, pCount);
        backend.mulParts(new DevicePoly[] {a[0], a[1]}, single, new DevicePoly[] {single, other}); // b is out[0]
        assertSame(expectedSingle, single, "mulParts into its own factor, part 0");
        assertSame(expectedOther, other, "mulParts into its own factor, part 1");
        DevicePoly[][] operands = new DevicePoly[33][];
        DevicePoly[] factors = new DevicePoly[33];
        for (int k = 0; k < operands.length; k++) {
            operands[k] = new DevicePoly[] {random(qCount, pCount), random(qCount, pCount)};
            factors[k] = random(qCount, pCount);
        }
        checkParts(operands[0], qCount, pCount, out -> backend.sumOfProducts(operands, factors, out), (i, e) -> {
            backend.mul(operands[0][i], factors[0], e);
            for (int k = 1; k < operands.length; k++) {
                backend.mulAdd(operands[k][i], factors[k], e);
            }
        });
    }

    @FunctionalInterface
    private interface PartPrimitive {
        void apply(int part, DevicePoly expected);
    }

    private void checkParts(DevicePoly[] in, int qOut, int pOut, java.util.function.Consumer<DevicePoly[]> whole,
                            PartPrimitive primitive) {
        DevicePoly[] out = new DevicePoly[in.length];
        for (int i = 0; i < in.length; i++) {
            out[i] = random(qOut, pOut);
        }
        whole.accept(out);
        for (int i = 0; i < in.length; i++) {
            DevicePoly expected = zero(qOut, pOut);
            primitive.apply(i, expected);
            assertSame(expected, out[i], "part " + i);
        }
    }

    @Override
    public void close() {
        owned.forEach(DevicePoly::close);
    }
}

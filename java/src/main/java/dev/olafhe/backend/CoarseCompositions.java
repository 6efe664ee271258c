package dev.olafhe.backend;

import java.math.BigInteger;

/**
 * The default compositions of {@link Backend}'s whole operations from its fine primitives: what every backend
 * inherits until it implements an operation natively. Each runs exactly the primitive sequence the evaluator ran
 * before the operation existed, so a backend that inherits it gives bit-identical results; working memory comes
 * from the caller's {@link ScratchArena}, outputs are the caller's.
 */
final class CoarseCompositions {
    /** Scratch purposes: distinct names, so that nested operations never share polys. */
    static final String KEY_SWITCH_DIGITS = "keySwitch.digits";
    static final String KEY_SWITCH_SUMS = "keySwitch.innerProduct";
    static final String HOISTED_SWITCHED = "rotateHoisted.switched";
    static final String HOISTED_LAZY_SUMS = "rotateHoistedLazy.innerProduct";
    static final String HOISTED_LAZY_C0 = "rotateHoistedLazy.c0TimesP";
    static final String KEY_SWITCH_ADD = "keySwitchAdd.switched";
    static final String AUTOMORPHISM_DIGITS = "automorphism.digits";
    static final String GIANT_STEP_SUM = "linearTransform.giantStepSum";
    static final String LINEAR_COMBINATION_TERM = "linearCombination.term";
    static final String ACCUMULATED_ROTATION = "automorphismsAccumulate.rotated";
    static final String ROTATED_LAZY_C1 = "addRotatedLazy.c1";
    static final String ROTATED_LAZY_C0 = "addRotatedLazy.c0";
    static final String LINEAR_COMBINATION_SUM = "linearCombinationRescale.sum";
    static final String PRODUCT_TENSOR = "multiplyRelinearize.tensor";
    static final String PRODUCT_RELINEARIZED = "multiplyRelinearize.relinearized";

    private CoarseCompositions() {
    }

    static void decompose(Backend b, DevicePoly in, int digitSize, DevicePoly[] digits) {
        int limbs = in.qCount();
        requireDigitCount(digits.length, limbs, digitSize);
        for (int j = 0; j < digits.length; j++) {
            int first = j * digitSize;
            b.modUp(in, first, Math.min(digitSize, limbs - first), digits[j]);
        }
    }

    static void keySwitch(Backend b, DevicePoly in, int digitSize, DevicePoly[] keyB, DevicePoly[] keyA,
                          DevicePoly out0, DevicePoly out1, ScratchArena scratch) {
        DevicePoly[] digits = decomposed(b, KEY_SWITCH_DIGITS, in, digitSize, pCount(keyB), scratch);
        keySwitchDecomposed(b, digits, keyB, keyA, out0, out1, scratch);
    }

    /** in's digits of digitSize limbs (over in's Q limbs and pCount P limbs), decomposed into purpose's scratch. */
    private static DevicePoly[] decomposed(Backend b, String purpose, DevicePoly in, int digitSize, int pCount,
                                           ScratchArena scratch) {
        int count = (in.qCount() + digitSize - 1) / digitSize;
        DevicePoly[] digits = scratch.polys(purpose, count, in.qCount(), pCount);
        b.decompose(in, digitSize, digits);
        return digits;
    }

    static void keySwitchDecomposed(Backend b, DevicePoly[] digits, DevicePoly[] keyB, DevicePoly[] keyA,
                                    DevicePoly out0, DevicePoly out1, ScratchArena scratch) {
        DevicePoly[] sums = scratch.polys(KEY_SWITCH_SUMS, 2, digits[0].qCount(), digits[0].pCount());
        b.innerProduct(digits, firstKeys(keyB, digits.length), firstKeys(keyA, digits.length), sums[0], sums[1]);
        b.modDown(sums[0], out0);
        b.modDown(sums[1], out1);
    }

    static void keySwitchAdd(Backend b, DevicePoly in, int digitSize, DevicePoly[] keyB, DevicePoly[] keyA,
                             DevicePoly c0, DevicePoly c1, DevicePoly out0, DevicePoly out1, ScratchArena scratch) {
        boolean aliased = out0 == c0 || out0 == c1 || out1 == c0 || out1 == c1;
        DevicePoly[] switched = aliased ? scratch.polys(KEY_SWITCH_ADD, 2, out0.qCount(), out0.pCount())
                : new DevicePoly[] {out0, out1};
        b.keySwitch(in, digitSize, keyB, keyA, switched[0], switched[1], scratch);
        b.add(switched[0], c0, out0);
        b.add(switched[1], c1, out1);
    }

    static void automorphisms(Backend b, DevicePoly c0, DevicePoly c1, int digitSize, long[] galoisElements,
                              DevicePoly[][] keyB, DevicePoly[][] keyA, DevicePoly[] out0, DevicePoly[] out1,
                              ScratchArena scratch) {
        DevicePoly[] digits = decomposed(b, AUTOMORPHISM_DIGITS, c1, digitSize, pCount(keyB[0]), scratch);
        b.automorphismsHoisted(c0, digits, galoisElements, keyB, keyA, out0, out1, scratch);
    }

    static void automorphismsAccumulate(Backend b, DevicePoly[][] in, int digitSize, long[] galoisElements,
                                        DevicePoly[][] keyB, DevicePoly[][] keyA, BigInteger pProduct,
                                        DevicePoly[] acc, ScratchArena scratch) {
        requireBatch(galoisElements.length, keyB, keyA, in, in);
        DevicePoly[] rotated = scratch.polys(ACCUMULATED_ROTATION, 2, acc[0].qCount(), acc[0].pCount());
        for (int r = 0; r < galoisElements.length; r++) {
            DevicePoly[] digits = decomposed(b, AUTOMORPHISM_DIGITS, in[r][1], digitSize, acc[0].pCount(), scratch);
            b.automorphismsHoistedLazy(in[r][0], pProduct, digits, new long[] {galoisElements[r]},
                    new DevicePoly[][] {keyB[r]}, new DevicePoly[][] {keyA[r]}, new DevicePoly[] {rotated[0]},
                    new DevicePoly[] {rotated[1]}, scratch);
            b.addParts(acc, rotated, acc);
        }
    }

    static void addRotatedLazy(Backend b, DevicePoly[] prev, int digitSize, long galoisElement, DevicePoly[] keyB,
                               DevicePoly[] keyA, BigInteger pProduct, DevicePoly[] acc, ScratchArena scratch) {
        int qCount = prev[1].qCount();
        DevicePoly[] term = scratch.polys(ROTATED_LAZY_C1, 2, qCount, 0);
        b.mulScalar(term[0], BigInteger.ZERO, term[0]); // (0, ModDown(c1)): prev's c0 is rotated over Q ∪ P below
        b.modDown(prev[1], term[1]);
        b.automorphismsAccumulate(new DevicePoly[][] {term}, digitSize, new long[] {galoisElement},
                new DevicePoly[][] {keyB}, new DevicePoly[][] {keyA}, pProduct, acc, scratch);
        DevicePoly rotated = scratch.poly(ROTATED_LAZY_C0, qCount, prev[0].pCount());
        b.automorphismNtt(prev[0], galoisElement, rotated);
        b.add(acc[0], rotated, acc[0]);
    }

    static void automorphismsHoisted(Backend b, DevicePoly c0, DevicePoly[] digits, long[] galoisElements,
                                     DevicePoly[][] keyB, DevicePoly[][] keyA, DevicePoly[] out0, DevicePoly[] out1,
                                     ScratchArena scratch) {
        requireBatch(galoisElements.length, keyB, keyA, out0, out1);
        DevicePoly[] switched = scratch.polys(HOISTED_SWITCHED, 2, digits[0].qCount(), 0);
        for (int r = 0; r < galoisElements.length; r++) {
            b.keySwitchDecomposed(digits, keyB[r], keyA[r], switched[0], switched[1], scratch);
            b.add(switched[0], c0, switched[0]);
            b.automorphismNtt(switched[0], galoisElements[r], out0[r]);
            b.automorphismNtt(switched[1], galoisElements[r], out1[r]);
        }
    }

    static void automorphismsHoistedLazy(Backend b, DevicePoly c0, BigInteger p, DevicePoly[] digits,
                                         long[] galoisElements, DevicePoly[][] keyB, DevicePoly[][] keyA,
                                         DevicePoly[] out0, DevicePoly[] out1, ScratchArena scratch) {
        requireBatch(galoisElements.length, keyB, keyA, out0, out1);
        int qCount = digits[0].qCount();
        int pCount = digits[0].pCount();
        DevicePoly c0TimesP = scratch.poly(HOISTED_LAZY_C0, qCount, pCount);
        b.copy(c0, c0TimesP); // P limbs become 0, which is P·c_0 mod p_j
        b.mulScalar(c0TimesP, p, c0TimesP);
        DevicePoly[] sums = scratch.polys(HOISTED_LAZY_SUMS, 2, qCount, pCount);
        for (int r = 0; r < galoisElements.length; r++) {
            b.innerProduct(digits, firstKeys(keyB[r], digits.length), firstKeys(keyA[r], digits.length),
                    sums[0], sums[1]);
            b.add(sums[0], c0TimesP, sums[0]);
            b.automorphismNtt(sums[0], galoisElements[r], out0[r]);
            b.automorphismNtt(sums[1], galoisElements[r], out1[r]);
        }
    }

    static void sumOfProducts(Backend b, DevicePoly[][] operands, DevicePoly[] factors, DevicePoly[] out) {
        if (operands.length != factors.length || operands.length == 0) {
            throw new IllegalArgumentException(operands.length + " operands for " + factors.length + " factors");
        }
        for (int i = 0; i < out.length; i++) {
            b.mul(operands[0][i], factors[0], out[i]); // written, not added to a zero-filled sum
            for (int k = 1; k < operands.length; k++) {
                b.mulAdd(operands[k][i], factors[k], out[i]);
            }
        }
    }

    static void sumOfProductsModDown(Backend b, DevicePoly[][] operands, DevicePoly[] factors, DevicePoly[] out,
                                     ScratchArena scratch) {
        DevicePoly[] sum = scratch.polys(GIANT_STEP_SUM, out.length, out[0].qCount(), operands[0][0].pCount());
        b.sumOfProducts(operands, factors, sum);
        b.modDownParts(sum, out);
    }

    static void sumsOfProductsModDown(Backend b, DevicePoly[][][] operands, DevicePoly[][] factors,
                                      DevicePoly[][] outs, ScratchArena scratch) {
        if (operands.length != outs.length || factors.length != outs.length) {
            throw new IllegalArgumentException(operands.length + " operand sets and " + factors.length
                    + " factor sets for " + outs.length + " outputs");
        }
        for (int g = 0; g < outs.length; g++) {
            b.sumOfProductsModDown(operands[g], factors[g], outs[g], scratch);
        }
    }

    static void linearCombination(Backend b, DevicePoly[][] operands, BigInteger[] factors, BigInteger constant,
                                  DevicePoly[] out, ScratchArena scratch) {
        if (operands.length != factors.length || operands.length == 0 || operands[0].length != out.length) {
            throw new IllegalArgumentException(operands.length + " operands for " + factors.length
                    + " factors, or the first operand's parts differ from the output's");
        }
        for (int k = 1; k < operands.length; k++) {
            for (DevicePoly p : operands[k]) {
                if (java.util.Arrays.asList(out).contains(p)) {
                    throw new IllegalArgumentException("only the first operand may be the output");
                }
            }
        }
        for (int i = 0; i < out.length; i++) {
            b.mulScalar(operands[0][i], factors[0], out[i]); // written first: out may be operands[0]
            for (int k = 1; k < operands.length; k++) {
                if (i < operands[k].length) {
                    DevicePoly term = scratch.poly(LINEAR_COMBINATION_TERM, out[i].qCount(), out[i].pCount());
                    b.mulScalar(operands[k][i], factors[k], term);
                    b.add(out[i], term, out[i]);
                }
            }
        }
        if (constant != null) {
            b.addScalarNtt(out[0], constant, out[0]);
        }
    }

    static void linearCombinationRescale(Backend b, DevicePoly[][] operands, BigInteger[] factors, BigInteger constant,
                                         DevicePoly[] out, ScratchArena scratch) {
        DevicePoly[] sum = scratch.polys(LINEAR_COMBINATION_SUM, out.length, out[0].qCount() + 1, 0);
        b.linearCombination(operands, factors, constant, sum, scratch);
        b.rescaleParts(sum, out);
        scratch.giveBack(LINEAR_COMBINATION_SUM, out[0].qCount() + 1, 0); // level-bound: back to the pool
    }

    static void multiplyRelinearize(Backend b, DevicePoly[] x, DevicePoly[] y, ProductCombination combination,
                                    int digitSize, DevicePoly[] keyB, DevicePoly[] keyA, boolean rescale,
                                    DevicePoly[] out, ScratchArena scratch) {
        boolean relinearize = keyB != null;
        if (x.length != 2 || y.length != 2 || out.length != (relinearize ? 2 : 3)) {
            throw new IllegalArgumentException("a product of " + x.length + " and " + y.length + " parts into "
                    + out.length + (relinearize ? " relinearized" : "") + " parts");
        }
        int limbs = out[0].qCount() + (rescale ? 1 : 0);
        DevicePoly[] d = relinearize || rescale ? scratch.polys(PRODUCT_TENSOR, 3, limbs, 0) : out;
        b.tensor(x[0], x[1], y[0], y[1], d[0], d[1], d[2]);
        if (combination != null && !combination.afterRelinearization()) {
            b.linearCombination(combination.operands(d), combination.factors(), combination.constant(), d, scratch);
        }
        DevicePoly[] e = d;
        if (relinearize) {
            e = rescale ? scratch.polys(PRODUCT_RELINEARIZED, 2, limbs, 0) : out;
            b.keySwitchAdd(d[2], digitSize, keyB, keyA, d[0], d[1], e[0], e[1], scratch);
        }
        if (combination != null && combination.afterRelinearization()) {
            b.linearCombination(combination.operands(e), combination.factors(), combination.constant(), e, scratch);
        }
        if (rescale) {
            b.rescaleParts(e, out);
        }
        scratch.giveBack(PRODUCT_TENSOR, limbs, 0); // level-bound temporaries: back to the pool for the next level
        scratch.giveBack(PRODUCT_RELINEARIZED, limbs, 0);
    }

    private static int pCount(DevicePoly[] key) {
        return key[0].pCount();
    }

    private static DevicePoly[] firstKeys(DevicePoly[] key, int count) {
        if (key.length < count) {
            throw new IllegalArgumentException("the key has " + key.length + " digits, the decomposition " + count);
        }
        return key.length == count ? key : java.util.Arrays.copyOf(key, count);
    }

    private static void requireDigitCount(int digits, int limbs, int digitSize) {
        int expected = (limbs + digitSize - 1) / digitSize;
        if (digits != expected) {
            throw new IllegalArgumentException(limbs + " limbs make " + expected + " digits of " + digitSize
                    + ", not " + digits);
        }
    }

    private static void requireBatch(int rotations, Object[] keyB, Object[] keyA, Object[] out0, Object[] out1) {
        if (keyB.length != rotations || keyA.length != rotations || out0.length != rotations
                || out1.length != rotations) {
            throw new IllegalArgumentException("a batch of " + rotations + " rotations needs as many keys and outputs");
        }
    }

    // ---- whole ciphertexts: one primitive per part ---------------------------------------------------------

    @FunctionalInterface
    interface PartOp {
        void apply(int part);
    }

    static int sameLength(DevicePoly[] a, DevicePoly[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("operands have " + a.length + " and " + b.length + " parts");
        }
        return a.length;
    }

    static void eachPart(DevicePoly[] out, int expectedLength, PartOp op) {
        if (out.length != expectedLength) {
            throw new IllegalArgumentException("operands have " + expectedLength + " parts, the output " + out.length);
        }
        for (int i = 0; i < out.length; i++) {
            op.apply(i);
        }
    }
}

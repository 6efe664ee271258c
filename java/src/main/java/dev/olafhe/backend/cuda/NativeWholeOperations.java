package dev.olafhe.backend.cuda;

import dev.olafhe.backend.DevicePoly;
import dev.olafhe.backend.ProductCombination;

import java.math.BigInteger;

/**
 * The SPI's whole operations as native calls: {@link CudaBackend}'s overrides hand their arguments here, which turns
 * them into what the C ABI takes (handle arrays, keys as rows of handles, constants as residues per ring modulus)
 * and makes one native call. Lengths are checked here, since the native side trusts the counts it is given.
 */
final class NativeWholeOperations {
    private final CudaBackend backend;

    NativeWholeOperations(CudaBackend backend) {
        this.backend = backend;
    }

    private long[] handles(DevicePoly[] polys) {
        return backend.handles(polys);
    }

    private CudaRing ring(DevicePoly p) {
        return backend.cuda(p).cudaRing();
    }

    private static void requireParts(int expected, int actual, String op) {
        if (expected != actual) {
            throw new IllegalArgumentException(op + ": operands have " + expected + " parts, another " + actual);
        }
    }

    /** Keys of a batch as rows of equally many digit handles (row r: keys[r]). */
    private long[] keyRows(DevicePoly[][] keys, String op) {
        int digits = keys[0].length;
        long[] rows = new long[keys.length * digits];
        for (int r = 0; r < keys.length; r++) {
            requireParts(digits, keys[r].length, op + " key digits");
            System.arraycopy(handles(keys[r]), 0, rows, r * digits, digits);
        }
        return rows;
    }

    private static void requireBatch(int rotations, Object[] keyB, Object[] keyA, Object[] out0, Object[] out1,
                                     String op) {
        if (rotations == 0 || keyB.length != rotations || keyA.length != rotations || out0.length != rotations
                || out1.length != rotations) {
            throw new IllegalArgumentException(op + ": a batch of " + rotations + " rotations needs as many keys and"
                    + " outputs");
        }
    }

    // ---- whole ciphertexts ---------------------------------------------------------------------------------------

    void binaryParts(int op, DevicePoly[] a, DevicePoly[] b, DevicePoly[] out) {
        requireParts(a.length, out.length, "binaryParts");
        if (b.length != 1) {
            requireParts(a.length, b.length, "binaryParts");
        }
        NativeLibrary.check(NativeApi.olafhe_binary_parts(op, handles(a), handles(b), b.length, handles(out),
                out.length));
    }

    void negParts(DevicePoly[] a, DevicePoly[] out) {
        requireParts(a.length, out.length, "negParts");
        NativeLibrary.check(NativeApi.olafhe_neg_parts(handles(a), handles(out), out.length));
    }

    void mulScalarParts(DevicePoly[] a, BigInteger c, DevicePoly[] out) {
        requireParts(a.length, out.length, "mulScalarParts");
        long[] r = CudaBackend.residues(ring(out[0]), c);
        NativeLibrary.check(NativeApi.olafhe_mul_scalar_parts(handles(a), r, r.length, handles(out), out.length));
    }

    void copyParts(DevicePoly[] src, DevicePoly[] dst) {
        requireParts(src.length, dst.length, "copyParts");
        NativeLibrary.check(NativeApi.olafhe_copy_parts(handles(src), handles(dst), dst.length));
    }

    void modDownParts(DevicePoly[] in, DevicePoly[] out) {
        requireParts(in.length, out.length, "modDownParts");
        NativeLibrary.check(NativeApi.olafhe_mod_down_parts(handles(in), handles(out), out.length));
    }

    void sumOfProducts(DevicePoly[][] operands, DevicePoly[] factors, DevicePoly[] out, boolean modDown) {
        if (operands.length != factors.length || operands.length == 0) {
            throw new IllegalArgumentException(operands.length + " operands for " + factors.length + " factors");
        }
        long[] flat = new long[operands.length * out.length];
        for (int k = 0; k < operands.length; k++) {
            requireParts(out.length, operands[k].length, "sumOfProducts");
            System.arraycopy(handles(operands[k]), 0, flat, k * out.length, out.length);
        }
        NativeLibrary.check(NativeApi.olafhe_sum_of_products(flat, handles(factors), operands.length, out.length,
                modDown ? 1 : 0, handles(out)));
    }

    /** linearCombination (rescale false) or linearCombinationRescale (true). */
    void linearCombination(DevicePoly[][] operands, BigInteger[] factors, BigInteger constant, DevicePoly[] out,
                           boolean rescale) {
        if (operands.length != factors.length || operands.length == 0 || operands[0].length != out.length) {
            throw new IllegalArgumentException("linearCombination: " + operands.length + " operands for "
                    + factors.length + " factors, or the first operand's parts differ from the output's");
        }
        CudaRing ring = ring(out[0]);
        int total = ring.totalModuli();
        long[] handles = new long[operands.length * out.length]; // 0: a missing part
        long[] residues = new long[operands.length * total];
        for (int k = 0; k < operands.length; k++) {
            if (operands[k].length > out.length) {
                throw new IllegalArgumentException("linearCombination: operand " + k + " has more parts than the output");
            }
            System.arraycopy(handles(operands[k]), 0, handles, k * out.length, operands[k].length);
            System.arraycopy(CudaBackend.residues(ring, factors[k]), 0, residues, k * total, total);
        }
        long[] c = constant == null ? new long[total] : CudaBackend.residues(ring, constant);
        int constantCount = constant == null ? 0 : total;
        NativeLibrary.check(rescale
                ? NativeApi.olafhe_linear_combination_rescale(handles, operands.length, out.length, residues, c,
                        constantCount, handles(out))
                : NativeApi.olafhe_linear_combination(handles, operands.length, out.length, residues, c,
                        constantCount, handles(out)));
    }

    // long: flattens the product's optional combination, key and rescale into the C ABI's arrays, one field each
    void multiplyRelinearize(DevicePoly[] a, DevicePoly[] b, ProductCombination combination, int digitSize,
                             DevicePoly[] keyB, DevicePoly[] keyA, boolean rescale, DevicePoly[] out) {
        if (a.length != 2 || b.length != 2) {
            throw new IllegalArgumentException("multiplyRelinearize: operands of " + a.length + " and " + b.length
                    + " parts");
        }
        boolean relinearize = keyB != null;
        if (relinearize) {
            CudaBackend.requireKeyHalves(keyB, keyA, "multiplyRelinearize");
        }
        CudaRing ring = ring(out[0]);
        int total = ring.totalModuli();
        int combine = combination == null ? 0 : combination.factors().length;
        long[] others = new long[Math.max(1, 3 * (combine - 1))]; // 0: a missing part
        long[] factors = new long[Math.max(1, combine * total)];
        long[] constant = new long[total];
        boolean withConstant = combination != null && combination.constant() != null;
        for (int k = 0; k < combine; k++) {
            System.arraycopy(CudaBackend.residues(ring, combination.factors()[k]), 0, factors, k * total, total);
            if (k > 0) {
                DevicePoly[] parts = combination.others()[k - 1];
                if (parts.length > 3) {
                    throw new IllegalArgumentException("multiplyRelinearize: a combination operand of "
                            + parts.length + " parts");
                }
                System.arraycopy(handles(parts), 0, others, 3 * (k - 1), parts.length);
            }
        }
        if (withConstant) {
            constant = CudaBackend.residues(ring, combination.constant());
        }
        long[] noKey = {0};
        NativeLibrary.check(NativeApi.olafhe_multiply_relinearize(handles(a), handles(b), combine, others, factors,
                constant, withConstant ? total : 0, combination != null && combination.afterRelinearization() ? 1 : 0,
                digitSize, relinearize ? handles(keyB) : noKey, relinearize ? handles(keyA) : noKey,
                relinearize ? keyB.length : 0, rescale ? 1 : 0, handles(out), out.length));
    }

    // ---- decomposition, key switches from it, hoisted automorphism batches ---------------------------------------

    void decompose(DevicePoly in, int digitSize, DevicePoly[] digits) {
        NativeLibrary.check(NativeApi.olafhe_decompose(backend.h(in), digitSize, handles(digits), digits.length));
    }

    void keySwitchDecomposed(DevicePoly[] digits, DevicePoly[] keyB, DevicePoly[] keyA, DevicePoly out0,
                             DevicePoly out1) {
        CudaBackend.requireKeyHalves(keyB, keyA, "keySwitchDecomposed");
        NativeLibrary.check(NativeApi.olafhe_key_switch_decomposed(handles(digits), digits.length, handles(keyB),
                handles(keyA), keyB.length, backend.h(out0), backend.h(out1)));
    }

    void keySwitchAdd(DevicePoly in, int digitSize, DevicePoly[] keyB, DevicePoly[] keyA, DevicePoly c0,
                      DevicePoly c1, DevicePoly out0, DevicePoly out1) {
        CudaBackend.requireKeyHalves(keyB, keyA, "keySwitchAdd");
        NativeLibrary.check(NativeApi.olafhe_key_switch_add(backend.h(in), digitSize, handles(keyB), handles(keyA),
                keyB.length, backend.h(c0), backend.h(c1), backend.h(out0), backend.h(out1)));
    }

    /** automorphismsHoisted (pProduct null) or automorphismsHoistedLazy. */
    void automorphismsHoisted(DevicePoly c0, BigInteger pProduct, DevicePoly[] digits, long[] galoisElements,
                              DevicePoly[][] keyB, DevicePoly[][] keyA, DevicePoly[] out0, DevicePoly[] out1) {
        requireBatch(galoisElements.length, keyB, keyA, out0, out1, "automorphismsHoisted");
        long[] p = pProduct == null ? new long[1] : CudaBackend.residues(ring(c0), pProduct);
        NativeLibrary.check(NativeApi.olafhe_automorphisms_hoisted(backend.h(c0), handles(digits), digits.length,
                galoisElements, galoisElements.length, keyRows(keyB, "automorphismsHoisted"),
                keyRows(keyA, "automorphismsHoisted"), keyB[0].length, p, pProduct == null ? 0 : p.length,
                handles(out0), handles(out1)));
    }

    void automorphisms(DevicePoly c0, DevicePoly c1, int digitSize, long[] galoisElements, DevicePoly[][] keyB,
                       DevicePoly[][] keyA, DevicePoly[] out0, DevicePoly[] out1) {
        requireBatch(galoisElements.length, keyB, keyA, out0, out1, "automorphisms");
        NativeLibrary.check(NativeApi.olafhe_automorphisms(backend.h(c0), backend.h(c1), digitSize, galoisElements,
                galoisElements.length, keyRows(keyB, "automorphisms"), keyRows(keyA, "automorphisms"),
                keyB[0].length, handles(out0), handles(out1)));
    }

    void automorphismsAccumulate(DevicePoly[][] in, int digitSize, long[] galoisElements, DevicePoly[][] keyB,
                                 DevicePoly[][] keyA, BigInteger pProduct, DevicePoly[] acc) {
        requireBatch(galoisElements.length, keyB, keyA, in, in, "automorphismsAccumulate");
        requireParts(2, acc.length, "automorphismsAccumulate acc");
        long[] pairs = new long[2 * in.length];
        for (int r = 0; r < in.length; r++) {
            pairs[2 * r] = backend.h(in[r][0]);
            pairs[2 * r + 1] = backend.h(in[r][1]);
        }
        long[] p = CudaBackend.residues(ring(acc[0]), pProduct);
        NativeLibrary.check(NativeApi.olafhe_automorphisms_accumulate(pairs, digitSize, galoisElements,
                galoisElements.length, keyRows(keyB, "automorphismsAccumulate"),
                keyRows(keyA, "automorphismsAccumulate"), keyB[0].length, p, p.length, handles(acc)));
    }
}

package dev.olafhe.ckks;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Same seeds, same results bit for bit: the basis for comparing backends (a CUDA run with the seeds of a
 * CPU run must reproduce its ciphertexts exactly).
 */
class DeterminismTest {
    private static long[][][] pipeline(long seed) {
        try (CkksTestContext tc = new CkksTestContext(CkksTestContext.smallLiteral(), new int[] {3}, true, seed)) {
            ComplexVector x = tc.randomVector(tc.params.maxSlots(), true);
            try (Ciphertext a = tc.encrypt(x, tc.params.maxLevel()); Ciphertext b = tc.publicEncryptor.encryptNew(
                    tc.encoder.encodeNew(x, tc.params.maxLevel(), tc.scale()));
                 Ciphertext product = tc.evaluator.multiplyRelinNew(a, b)) {
                tc.evaluator.rescale(product, product);
                tc.evaluator.rotate(product, 3, product);
                tc.evaluator.conjugate(product, product);
                return new long[][][] {tc.backend.download(product.part(0)), tc.backend.download(product.part(1))};
            }
        }
    }

    @Test
    void seededKeysEncryptionAndEvaluationAreReproducible() {
        long[][][] first = pipeline(11);
        long[][][] second = pipeline(11);
        for (int i = 0; i < first.length; i++) {
            assertArrayEquals(first[i], second[i], "part " + i);
        }
        long[][][] other = pipeline(12);
        assertFalse(java.util.Arrays.deepEquals(first[0], other[0]), "a different seed gives a different ciphertext");
    }
}

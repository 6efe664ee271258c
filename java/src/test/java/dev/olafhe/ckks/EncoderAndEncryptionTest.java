package dev.olafhe.ckks;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Encode/decode round trips (full and sparse slots), secret- vs public-key encryption, and op errors. */
class EncoderAndEncryptionTest extends CkksContextsTest {

    @ParameterizedTest(name = "{0} slots at level {1}, complex={2}")
    @CsvSource({"1024, 3, true", "1024, 0, false", "512, 3, true", "16, 1, true", "1, 2, true", "3, 3, false"})
    void encodeDecodeRoundTrip(int slots, int level, boolean complex) {
        CkksTestContext tc = defaultContext();
        ComplexVector x = tc.randomVector(slots, complex);
        try (Plaintext pt = tc.encoder.encodeNew(x, level, tc.scale())) {
            assertEquals(Integer.highestOneBit(Math.max(1, 2 * slots - 1)), pt.slots(), "slots rounded up to a power of two");
            ComplexVector decoded = tc.encoder.decode(pt);
            PrecisionStats stats = PrecisionStats.compute(x, decoded, slots, PrecisionStats.DEFAULT_CAP_BITS);
            // quantisation alone: |error| ≤ N/2 · 2^-logΔ per slot in the worst case, far less on average
            double want = tc.params.logDefaultScale() - tc.params.logN();
            assertTrue(stats.minBits() >= want, stats.toString());
            for (int j = slots; j < pt.slots(); j++) {
                assertEquals(0, decoded.re()[j], 1e-9, "padding slot " + j);
            }
        }
    }

    @Test
    void sparsePlaintextIsPeriodicInTheFullSlotView() {
        CkksTestContext tc = defaultContext();
        ComplexVector x = tc.randomVector(8, true);
        try (Plaintext sparse = tc.encoder.encodeNew(x, 1, tc.scale());
             Plaintext full = new Plaintext(sparse.value(), 1, sparse.scale(), tc.params.logMaxSlots())) {
            ComplexVector view = tc.encoder.decode(full);
            for (int j = 0; j < tc.params.maxSlots(); j++) {
                assertEquals(x.re()[j % 8], view.re()[j], 1e-6);
                assertEquals(x.im()[j % 8], view.im()[j], 1e-6);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"secret", "public"})
    void encryptionDecryptsToTheMessage(String key) {
        CkksTestContext tc = defaultContext();
        ComplexVector x = tc.randomVector(tc.params.maxSlots(), true);
        Encryptor enc = key.equals("secret") ? tc.encryptor : tc.publicEncryptor;
        try (Plaintext pt = tc.encoder.encodeNew(x, tc.params.maxLevel(), tc.scale()); Ciphertext ct = enc.encryptNew(pt)) {
            assertEquals(tc.params.maxLevel(), ct.level());
            assertEquals(1, ct.degree());
            EvaluatorTest.assertPrecision(tc, x, tc.decrypt(ct), key + "-key encryption");
        }
    }

    @Test
    void publicKeyEncryptionIsNoisierThanSecretKeyEncryptionButBothAreRandomised() {
        CkksTestContext tc = defaultContext();
        ComplexVector x = tc.randomVector(tc.params.maxSlots(), false);
        try (Plaintext pt = tc.encoder.encodeNew(x, tc.params.maxLevel(), tc.scale());
             Ciphertext s1 = tc.encryptor.encryptNew(pt); Ciphertext s2 = tc.encryptor.encryptNew(pt);
             Ciphertext p1 = tc.publicEncryptor.encryptNew(pt)) {
            assertTrue(!java.util.Arrays.deepEquals(tc.backend.download(s1.part(1)), tc.backend.download(s2.part(1))),
                    "two encryptions of the same plaintext differ");
            double secretBits = PrecisionStats.compute(x, tc.decrypt(s1)).meanBits();
            double publicBits = PrecisionStats.compute(x, tc.decrypt(p1)).meanBits();
            assertTrue(publicBits < secretBits, "public-key noise " + publicBits + " vs secret-key " + secretBits);
        }
    }

    @Test
    void switchingKeyReEncryptsUnderAnotherSecret() {
        CkksTestContext tc = defaultContext();
        ComplexVector x = tc.randomVector(tc.params.maxSlots(), true);
        try (SecretKey other = tc.keyGenerator.genSecretKey();
             SwitchingKey key = tc.keyGenerator.genSwitchingKey(tc.secretKey, other);
             Ciphertext ct = tc.encrypt(x, 2); Ciphertext switched = tc.evaluator.switchKeysNew(ct, key)) {
            Decryptor otherDecryptor = new Decryptor(tc.context, other);
            try (Plaintext pt = otherDecryptor.decryptNew(switched); Plaintext wrong = otherDecryptor.decryptNew(ct)) {
                EvaluatorTest.assertPrecision(tc, x, tc.encoder.decode(pt), "key switch to another secret");
                assertTrue(PrecisionStats.compute(x, tc.encoder.decode(wrong)).meanBits() < 1,
                        "the unswitched ciphertext does not decrypt under the other key");
            }
        }
    }

    @Test
    void mismatchedOperandsAreRefusedNamingTheOperation() {
        CkksTestContext tc = defaultContext();
        Evaluator ev = tc.evaluator;
        try (Ciphertext a = tc.encrypt(tc.randomVector(4, false), 3); Ciphertext b = tc.encrypt(tc.randomVector(4, false), 2);
             Ciphertext c = ev.multiplyByConstantNew(a, 0.5)) {
            IllegalArgumentException levels = assertThrows(IllegalArgumentException.class, () -> ev.addNew(a, b));
            assertTrue(levels.getMessage().startsWith("cannot add: operands are at different levels"), levels.getMessage());
            IllegalArgumentException scales = assertThrows(IllegalArgumentException.class, () -> ev.subNew(a, c));
            assertTrue(scales.getMessage().startsWith("cannot sub: operands have different scales"), scales.getMessage());
            try (Ciphertext bottom = ev.dropLevelNew(a, 3)) {
                IllegalArgumentException rescale = assertThrows(IllegalArgumentException.class, () -> ev.rescaleNew(bottom));
                assertTrue(rescale.getMessage().startsWith("cannot rescale"), rescale.getMessage());
            }
            assertThrows(IllegalArgumentException.class, () -> tc.encoder.encodeNew(new double[2048], 0, BigDecimal.ONE));
        }
    }

    @Test
    void evaluatorWithoutRelinearizationKeyRefusesToRelinearize() {
        CkksTestContext tc = defaultContext();
        try (EvaluationKeySet none = new EvaluationKeySet(null, java.util.List.of());
             Ciphertext a = tc.encrypt(tc.randomVector(4, false), 1)) {
            Evaluator ev = tc.evaluator.withKeys(none);
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> ev.multiplyRelinNew(a, a));
            assertTrue(e.getMessage().startsWith("cannot relinearize"), e.getMessage());
        }
    }
}

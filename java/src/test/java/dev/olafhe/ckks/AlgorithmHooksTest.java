package dev.olafhe.ckks;

import dev.olafhe.backend.DevicePoly;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The public hooks the algorithms on top of the core need: QP encoding and lazy lifting (double hoisting),
 * keys at the level where they are used.
 */
class AlgorithmHooksTest {

    @Test
    void encodeQPAgreesWithEncodeOnQAndIsTheSameIntegerOnP() {
        try (CkksTestContext tc = new CkksTestContext(CkksTestContext.smallLiteral(), new int[0], false, 3)) {
            ComplexVector v = tc.randomVector(tc.params.maxSlots(), true);
            int level = 2;
            try (Plaintext pt = tc.encoder.encodeNew(v, level, tc.scale());
                 DevicePoly qp = tc.encoder.encodeQP(v, level, tc.scale());
                 DevicePoly coeffQ = tc.context.allocateQ(level);
                 DevicePoly coeffQP = tc.context.allocateQP(level)) {
                tc.backend.intt(pt.value(), coeffQ);
                tc.backend.intt(qp, coeffQP);
                long[][] q = tc.backend.download(coeffQ);
                long[][] all = tc.backend.download(coeffQP);
                for (int l = 0; l <= level; l++) {
                    assertArrayEquals(q[l], all[l], "Q limb " + l);
                }
                long p0 = tc.params.pModuli()[0];
                long q0 = tc.params.q(0);
                for (int i = 0; i < 64; i++) { // the centred coefficient is the same integer mod p_0 and mod q_0
                    long centred = q[0][i] > q0 / 2 ? q[0][i] - q0 : q[0][i];
                    assertEquals(Math.floorMod(centred, p0), all[level + 1][i], "P limb, coefficient " + i);
                }
            }
        }
    }

    @Test
    void liftThenModDownGivesBackTheCiphertextUpToTheConversionExcess() {
        try (CkksTestContext tc = new CkksTestContext(CkksTestContext.smallLiteral(), new int[0], false, 4)) {
            ComplexVector v = tc.randomVector(tc.params.maxSlots(), true);
            try (Ciphertext ct = tc.encrypt(v, 3); CiphertextQP lazy = tc.evaluator.liftLazyNew(ct);
                 Ciphertext back = Ciphertext.empty()) {
                tc.evaluator.modDown(lazy, back);
                // ModDown(P·c) = c − v with 0 ≤ v < K (Backend#modDown): compare in the coefficient domain
                long q0 = tc.params.q(0);
                for (int i = 0; i < 2; i++) {
                    try (DevicePoly diff = tc.context.allocateQ(3)) {
                        tc.backend.sub(back.part(i), ct.part(i), diff);
                        tc.backend.intt(diff, diff);
                        for (long r : tc.backend.download(diff)[0]) {
                            long centred = r > q0 / 2 ? r - q0 : r;
                            assertTrue(centred <= 0 && centred > -tc.params.pCount(), "excess " + centred);
                        }
                    }
                }
                assertEquals(0, back.scale().compareTo(ct.scale()));
            }
        }
    }

    @Test
    void keysGeneratedAtALevelWorkUpToThatLevelAndAreSmaller() {
        try (CkksTestContext tc = new CkksTestContext(CkksTestContext.smallLiteral(), new int[0], false, 6)) {
            int level = 1;
            ComplexVector v = tc.randomVector(tc.params.maxSlots(), true);
            try (GaloisKey low = tc.keyGenerator.genGaloisKey(tc.secretKey, GaloisElements.forRotation(3, tc.params.logN()), level);
                 RelinearizationKey relin = tc.keyGenerator.genRelinearizationKey(tc.secretKey, level);
                 EvaluationKeySet keys = new EvaluationKeySet(relin, java.util.List.of(low));
                 Ciphertext ct = tc.encrypt(v, level);
                 Ciphertext rotated = new Evaluator(tc.context, keys).rotateNew(ct, 3);
                 Ciphertext squared = new Evaluator(tc.context, keys).multiplyRelinNew(ct, ct)) {
                assertEquals(tc.params.digitCount(level), low.key().digits());
                ComplexVector got = tc.decrypt(rotated);
                ComplexVector want = new ComplexVector(new double[v.length()], new double[v.length()]);
                for (int j = 0; j < v.length(); j++) {
                    want.re()[j] = v.re()[(j + 3) % v.length()];
                    want.im()[j] = v.im()[(j + 3) % v.length()];
                }
                assertTrue(PrecisionStats.compute(want, got).meanBits() >= tc.expectedBits());
                ComplexVector sq = tc.decrypt(squared);
                double re0 = v.re()[0] * v.re()[0] - v.im()[0] * v.im()[0];
                assertEquals(re0, sq.re()[0], 1e-6);
            }
        }
    }
}

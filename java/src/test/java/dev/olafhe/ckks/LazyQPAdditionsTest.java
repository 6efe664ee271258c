package dev.olafhe.ckks;

import dev.olafhe.backend.DevicePoly;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The public pieces double hoisting needs: QP encoding and lifting a ciphertext to its lazy form. */
class LazyQPAdditionsTest {

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
}

package dev.olafhe.ckks;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;

class QuickSmokeTest {
    @Test
    void encryptMultiplyRotate() {
        try (CkksTestContext tc = new CkksTestContext(CkksTestContext.smallLiteral(), new int[] {1, 5}, true, 1)) {
            int slots = tc.params.maxSlots();
            ComplexVector x = tc.randomVector(slots, true);
            ComplexVector y = tc.randomVector(slots, true);
            try (Ciphertext cx = tc.encrypt(x, tc.params.maxLevel()); Ciphertext cy = tc.encrypt(y, tc.params.maxLevel())) {
                System.out.println("fresh " + PrecisionStats.compute(x, tc.decrypt(cx)));
                Ciphertext prod = tc.evaluator.multiplyRelinNew(cx, cy);
                Ciphertext r = tc.evaluator.rescaleNew(prod);
                double[] wr = new double[slots], wi = new double[slots];
                for (int j = 0; j < slots; j++) {
                    wr[j] = x.re()[j] * y.re()[j] - x.im()[j] * y.im()[j];
                    wi[j] = x.re()[j] * y.im()[j] + x.im()[j] * y.re()[j];
                }
                PrecisionStats ps = PrecisionStats.compute(new ComplexVector(wr, wi), tc.decrypt(r));
                System.out.println("mul " + ps);
                Ciphertext rot = tc.evaluator.rotateNew(cx, 5);
                double[] rr = new double[slots], ri = new double[slots];
                for (int j = 0; j < slots; j++) {
                    rr[j] = x.re()[(j + 5) % slots];
                    ri[j] = x.im()[(j + 5) % slots];
                }
                PrecisionStats pr = PrecisionStats.compute(new ComplexVector(rr, ri), tc.decrypt(rot));
                System.out.println("rot " + pr);
                assertTrue(ps.meanBits() > 20);
                assertTrue(pr.meanBits() > 20);
            }
        }
    }
}

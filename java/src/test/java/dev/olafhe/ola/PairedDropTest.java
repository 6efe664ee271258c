package dev.olafhe.ola;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The paired drop's exact one-sided bound, against the binomial distribution summed directly. */
class PairedDropTest {
    /** P(X <= x) for X ~ Binomial(n, p), summed term by term in logs. */
    private static double binomialCdf(int x, int n, double p) {
        double s = 0;
        for (int k = 0; k <= x; k++) {
            double logC = 0;
            for (int i = 1; i <= k; i++) {
                logC += Math.log(n - k + i) - Math.log(i);
            }
            s += Math.exp(logC + k * Math.log(p) + (n - k) * Math.log1p(-p));
        }
        return s;
    }

    @Test
    void upperBoundIsTheClopperPearsonBound() {
        for (int[] c : new int[][] {{3, 7}, {8, 2}, {1, 1}, {20, 15}, {0, 5}}) {
            PairedDrop d = new PairedDrop(5000, c[0], c[1], 0.95);
            double pu = d.lostShareUpperBound();
            // the exact bound: the p at which seeing at most `lost` of the discordant images has probability 5%
            assertEquals(0.05, binomialCdf(c[0], c[0] + c[1], pu), 1e-7, "lost " + c[0] + " gained " + c[1]);
            assertEquals((c[0] - c[1]) / 5000.0, d.drop(), 1e-15);
            assertEquals(d.discordant() * (2 * pu - 1) / 5000, d.upperBound(), 1e-15);
            assertTrue(d.margin() > 0 && Math.abs(d.drop() + d.margin() - d.upperBound()) < 1e-15);
        }
        // a textbook value: 3 of 10, one-sided 95% upper bound 0.6066
        assertEquals(0.6066, new PairedDrop(100, 3, 7, 0.95).lostShareUpperBound(), 1e-4);
    }

    @Test
    void edgeCases() {
        PairedDrop none = new PairedDrop(500, 0, 0, 0.95);
        assertEquals(0, none.drop());
        assertEquals(0, none.margin());
        PairedDrop allLost = new PairedDrop(500, 4, 0, 0.95);
        assertEquals(4 / 500.0, allLost.upperBound(), 1e-15); // p_u = 1: every discordant image could be a loss
        assertEquals(0, allLost.margin(), 1e-15);
        assertTrue(new PairedDrop(500, 5, 5, 0.99).upperBound() > new PairedDrop(500, 5, 5, 0.9).upperBound());
        assertThrows(IllegalArgumentException.class, () -> new PairedDrop(10, 6, 5, 0.95));
        assertThrows(IllegalArgumentException.class, () -> new PairedDrop(10, 1, 1, 1));
    }

    @Test
    void pairsImagesOneToOne() {
        boolean[] exact = {true, true, false, false, true};
        boolean[] approx = {true, false, true, false, false};
        PairedDrop d = PairedDrop.of(exact, approx, 0.95);
        assertEquals(2, d.lost());
        assertEquals(1, d.gained());
        assertEquals(1 / 5.0, d.drop(), 1e-15);
        assertThrows(IllegalArgumentException.class, () -> PairedDrop.of(exact, new boolean[4], 0.95));
    }
}

package dev.olafhe.ola;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The tail observer keeps exactly the k most extreme finite inputs, across calls, as a full sort would. */
class TailObserverTest {
    @Test
    void keepsTheKMostExtremeInputsAsASortWould() {
        Random rnd = new Random(3);
        float[] all = new float[20_000];
        for (int i = 0; i < all.length; i++) {
            all[i] = (float) (rnd.nextGaussian() * Math.exp(rnd.nextGaussian()));
        }
        all[17] = Float.NaN;
        all[99] = Float.POSITIVE_INFINITY;
        TailObserver t = new TailObserver(10);
        for (int from = 0; from < all.length; from += 777) {
            t.observe(0, all, from, Math.min(all.length, from + 777));
        }
        double[] sorted = new double[all.length - 2];
        int n = 0;
        for (float v : all) {
            if (Float.isFinite(v)) {
                sorted[n++] = v;
            }
        }
        Arrays.sort(sorted);
        double[] low = Arrays.copyOfRange(sorted, 0, 10);
        double[] high = new double[10];
        for (int i = 0; i < 10; i++) {
            high[i] = sorted[sorted.length - 1 - i];
        }
        assertArrayEquals(low, t.lowest(), 0);
        assertArrayEquals(high, t.highest(), 0);
        assertEquals(sorted[9] - sorted[0], t.lowSpread(), 0);
        assertEquals(sorted[sorted.length - 1] - sorted[sorted.length - 10], t.highSpread(), 0);
        assertEquals(10, t.count());
    }

    @Test
    void fewerInputsThanK() {
        TailObserver t = new TailObserver(10);
        assertEquals(0, t.lowSpread());
        t.observe(0, new float[] {2, -1, 5}, 0, 3);
        assertArrayEquals(new double[] {-1, 2, 5}, t.lowest(), 0);
        assertArrayEquals(new double[] {5, 2, -1}, t.highest(), 0);
        assertEquals(6, t.lowSpread(), 0);
        assertEquals(6, t.highSpread(), 0);
    }
}

package dev.olafhe.infer;

import dev.olafhe.nn.Op;
import dev.olafhe.nn.Shape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SlotLayoutTest {
    @ParameterizedTest
    @CsvSource({"3,32,32,1", "16,32,32,1", "32,16,16,2", "64,8,8,4", "10,1,1,1", "5,7,7,4"})
    void slotsAreDistinctAndInsideThePeriod(int c, int h, int w, int gap) {
        SlotLayout l = new SlotLayout(c, h, w, gap);
        Set<Integer> seen = new HashSet<>();
        for (int idx = 0; idx < l.size(); idx++) {
            int s = l.slotOfIndex(idx);
            assertTrue(s >= 0 && s < l.extent() && l.extent() <= l.period(), "slot " + s + " of " + l);
            assertTrue(seen.add(s), "two elements share slot " + s + " in " + l);
        }
        assertEquals(Integer.bitCount(l.period()), 1);
        double[] x = new Random(c).doubles(l.size()).toArray();
        double[] packed = l.pack(x, 4 * l.period());
        assertArrayEquals(x, l.unpack(packed));
        // repeated every period
        for (int s = 0; s < packed.length; s++) {
            assertEquals(packed[s % l.period()], packed[s]);
        }
    }

    @Test
    void resnetStagesKeepOneGridAndFillTheirPeriod() {
        SlotLayout stage1 = new SlotLayout(16, 32, 32, 1);
        SlotLayout stage2 = stage1.after(conv(16, 32, 2), Shape.chw(32, 16, 16));
        SlotLayout stage3 = stage2.after(conv(32, 64, 2), Shape.chw(64, 8, 8));
        assertEquals(new SlotLayout(32, 16, 16, 2), stage2);
        assertEquals(new SlotLayout(64, 8, 8, 4), stage3);
        assertEquals(1 << 14, stage1.period());
        assertEquals(1 << 13, stage2.period());
        assertEquals(1 << 12, stage3.period());
    }

    /** The point of multiplexing: a stride-2 convolution needs no more diagonals than a stride-1 one. */
    @Test
    void stridedConvolutionHasAsFewDiagonalsAsStrideOne() {
        NetBuilder b = new NetBuilder(Shape.chw(4, 16, 16), 3);
        int s1 = b.conv(0, 4, 1);
        int s2 = b.conv(0, 8, 2);
        SlotLayout in = new SlotLayout(4, 16, 16, 1);
        var net = b.build("diag");
        SlotLinearTransform t1 = compile(net.node(s1), in, 1 << 10);
        SlotLinearTransform t2 = compile(net.node(s2), in, 1 << 10);
        // 9 taps × 4 input-channel offsets; stride 2 lands 8 output channels in 4-channel blocks of gap 2
        assertEquals(36, t1.diagonalCount());
        assertTrue(t2.diagonalCount() <= 2 * 36, "stride-2 conv has " + t2.diagonalCount() + " diagonals");
    }

    private static SlotLinearTransform compile(dev.olafhe.nn.Node node, SlotLayout in, int slots) {
        AffineMap map = AffineMap.of(node.op(), in.shape(), node.shape());
        return SlotLinearTransform.compile(map, in, in.after(node.op(), node.shape()), slots);
    }

    @Test
    void layoutTooLargeForTheSlotsIsRefusedClearly() {
        SlotLayout l = new SlotLayout(16, 32, 32, 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> l.pack(new double[l.size()], 1024));
        assertTrue(e.getMessage().contains("needs 16384 slots"), e.getMessage());
    }

    private static Op.Conv2d conv(int in, int out, int stride) {
        return new Op.Conv2d(in, out, 3, 3, stride, stride, 1, 1, 1, 1, 1, new float[out * in * 9], new float[out]);
    }
}

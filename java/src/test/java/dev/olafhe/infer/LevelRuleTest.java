package dev.olafhe.infer;

import dev.olafhe.nn.Network;
import dev.olafhe.nn.Shape;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The drop-at-once level rule of {@link BootstrapPlacement}: every step at the lowest level its segment needs. */
class LevelRuleTest {
    @Test
    void everyStepReadsAtWhatItsSegmentNeedsAndNoHigherThanWithoutDropping() {
        Network net = TinyNets.resNet(Shape.chw(1, 16, 16), 2, 4);
        for (int degree : new int[] {3, 7, 15}) {
            HeProgram p = HeProgram.compile(net, TinyNets.reluPlan(net, 8, degree), HeProgramTest.LOG_DEPTH, 12, 10);
            Map<Integer, Integer> level = new HashMap<>();
            Map<Integer, Integer> undropped = new HashMap<>();
            level.put(0, p.inputLevel());
            undropped.put(0, p.inputLevel());
            boolean lower = false;
            List<HeStep> steps = p.steps();
            for (int k = 0; k < steps.size(); k++) {
                HeStep s = steps.get(k);
                HeProgram.StepLevels l = p.levelsOf(k);
                int old;
                if (s instanceof HeStep.Bootstrap) {
                    assertEquals(0, l.read(), "a value is bootstrapped from level 0:\n" + p.describe());
                    assertTrue(l.written() <= p.bootstrapLevel());
                    old = p.bootstrapLevel();
                } else {
                    assertEquals(l.written() + consumed(s), l.read(), "step " + k + ":\n" + p.describe());
                    int oldIn = Integer.MAX_VALUE;
                    for (int in : BootstrapPlacement.inputs(s)) {
                        assertTrue(level.get(in) >= l.read(), "step " + k + " reads above its input:\n" + p.describe());
                        oldIn = Math.min(oldIn, undropped.get(in));
                    }
                    old = oldIn - consumed(s);
                    assertTrue(l.read() <= oldIn, "step " + k + " reads higher than without dropping");
                    lower |= s instanceof HeStep.Linear && l.read() < oldIn;
                }
                level.put(s.output(), l.written());
                undropped.put(s.output(), old);
            }
            assertEquals(0, p.stepLevel(steps.size() - 1), "the output is written at level 0");
            assertTrue(lower, "some linear layer runs lower than it would without dropping:\n" + p.describe());
        }
    }

    /** A residual addition runs at the lower level its operands are read at; the branch waits at the higher one. */
    @Test
    void residualAdditionsAlignAtTheLowerLevel() {
        Network net = TinyNets.tinyResNet(HeProgramTest.INPUT, 11);
        HeProgram p = HeProgram.compile(net, TinyNets.reluPlan(net, 6, 7), HeProgramTest.LOG_DEPTH, 40, -1);
        int adds = 0;
        for (int k = 0; k < p.steps().size(); k++) {
            if (p.steps().get(k) instanceof HeStep.Add a) {
                adds++;
                assertEquals(p.stepLevel(k), p.readLevel(k));
                assertTrue(p.level(a.left()) >= p.readLevel(k) && p.level(a.right()) >= p.readLevel(k));
            }
        }
        assertTrue(adds > 0);
        assertEquals(HeProgram.requiredLevels(net, TinyNets.reluPlan(net, 6, 7), HeProgramTest.LOG_DEPTH),
                p.inputNeed());
        assertTrue(p.readLevel(0) < p.inputLevel(), "the input drops at once to what the program needs");
    }

    /** The comparison mode of the runtime before level dropping: every step reads at the level its input has. */
    @Test
    void undroppedBaselineReadsAtTheInputLevel() {
        Network net = TinyNets.resNet(Shape.chw(1, 16, 16), 2, 4);
        HeProgram p = HeProgram.compile(net, TinyNets.reluPlan(net, 8, 7), HeProgramTest.LOG_DEPTH, 12, 10, false,
                BootstrapPlacement.Strategy.LAZY_UNDROPPED);
        HeProgram lazy = HeProgram.compile(net, TinyNets.reluPlan(net, 8, 7), HeProgramTest.LOG_DEPTH, 12, 10, false,
                BootstrapPlacement.Strategy.LAZY);
        assertEquals(lazy.steps().size(), p.steps().size());
        Map<Integer, Integer> level = new HashMap<>();
        level.put(0, p.inputLevel());
        for (int k = 0; k < p.steps().size(); k++) {
            HeStep s = p.steps().get(k);
            int read = s instanceof HeStep.Bootstrap ? level.get(s.output()) : Integer.MAX_VALUE;
            for (int in : BootstrapPlacement.inputs(s)) {
                read = Math.min(read, level.get(in));
            }
            assertEquals(read, p.readLevel(k), "step " + k);
            assertTrue(lazy.readLevel(k) <= p.readLevel(k), "step " + k + ": dropping never reads higher");
            level.put(s.output(), p.stepLevel(k));
        }
        assertEquals(p.bootstrapCount(), lazy.bootstrapCount());
    }

    private static int consumed(HeStep s) {
        if (s instanceof HeStep.Linear) {
            return 1;
        } else if (s instanceof HeStep.Activation a) {
            return a.depth();
        }
        return 0;
    }
}

package dev.olafhe.ckks.boot;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BootstrappingPresetsTest {

    @Test
    void n16ResNetIsSecureWithSixteenLevelsLeftAndAKeyPlanPerSlotCount() {
        BootstrappingParameters bp = BootstrappingParameters.of(BootstrappingPresets.n16ResNet());
        System.out.println(bp.describe());
        assertFalse(bp.ckks().isTestOnly());
        assertTrue(bp.ckks().securityViolation().isEmpty());
        assertTrue(bp.ckks().logQP() <= 1747, "log QP " + bp.ckks().logQP());
        assertEquals(16, bp.levelsAfterBootstrapping());
        assertEquals(3 + 9 + 3, bp.depth());
        assertTrue(bp.cosineLog2Error() < -40);
        long previous = Long.MAX_VALUE;
        for (int logSlots = 15; logSlots >= 12; logSlots--) {
            BootstrappingKeyPlan plan = BootstrappingKeyPlan.of(bp, logSlots);
            System.out.println(plan.describe());
            assertTrue(plan.bytes() < plan.bytesAllAtTop());
            assertTrue(plan.rotationKeyCount() > 0);
            // sparse slot counts add trace rotations n·2^i: 15 − logSlots of them
            for (int i = logSlots; i < 15; i++) {
                assertTrue(plan.rotationLevels().containsKey(1 << i), "trace step 2^" + i);
            }
            previous = Math.min(previous, plan.bytes());
        }
        assertTrue(previous > 0);
    }
}

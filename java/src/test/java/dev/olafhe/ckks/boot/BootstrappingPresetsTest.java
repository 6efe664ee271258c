package dev.olafhe.ckks.boot;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
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

    @Test
    void n16H192IsSecureUnderTheSparseSecretBoundWithTenLevelsLeft() {
        BootstrappingParameters bp = BootstrappingParameters.of(BootstrappingPresets.n16H192());
        System.out.println(bp.describe());
        assertFalse(bp.ckks().isTestOnly());
        assertTrue(bp.ckks().securityViolation().isEmpty(), bp.ckks().securityViolation().toString());
        assertEquals(192, bp.ckks().literal().secret().hammingWeight());
        assertTrue(bp.ckks().logQP() <= 1545, "log QP " + bp.ckks().logQP());
        assertEquals(10, bp.levelsAfterBootstrapping());
        assertEquals(9, bp.ckks().dnum());
        assertEquals(3 + (6 + 2 + 2) + 3, bp.depth()); // cosine 55: 6, double angles 2, arcsin 3: 2
        assertTrue(bp.cosineLog2Error() < -40);
        assertEquals(bp.literal(), BootstrappingPresets.byName("n16-h192").orElseThrow());
    }

    @Test
    void presetsByNameAndNoneMeansNoBootstrapping() {
        assertEquals(java.util.List.of("none", "n16-resnet", "n16-h192", "logn11-insecure"), BootstrappingPresets.names());
        assertTrue(BootstrappingPresets.byName("none").isEmpty());
        assertTrue(BootstrappingPresets.byName(null).isEmpty(), "session files without the field: no bootstrapping");
        assertEquals(BootstrappingPresets.n16ResNet().logN(), BootstrappingPresets.byName("n16-resnet").orElseThrow()
                .logN());
        BootstrappingParameters small = BootstrappingParameters.of(BootstrappingPresets.byName("logn11-insecure")
                .orElseThrow());
        assertTrue(small.ckks().isTestOnly());
        assertEquals(5, small.levelsAfterBootstrapping());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BootstrappingPresets.byName("n17"));
        assertEquals("--bootstrapping must be none, n16-resnet, n16-h192 or logn11-insecure, got 'n17'", e.getMessage());
    }

    @Test
    void aNameMayCarryALevelBudget() {
        var budget = new LevelBudget(4, 4);
        String name = BootstrappingPresets.withBudget(BootstrappingPresets.N16_H192, budget);
        assertEquals("n16-h192:4,4", name);
        assertEquals(budget.applyTo(BootstrappingPresets.n16H192()), BootstrappingPresets.byName(name).orElseThrow());
        assertEquals(7, BootstrappingParameters.of(BootstrappingPresets.byName(name).orElseThrow())
                .levelsAfterBootstrapping(), "{4,4} leaves 7 levels (README table)");
        assertEquals(BootstrappingPresets.N16_H192, BootstrappingPresets.withBudget(BootstrappingPresets.N16_H192,
                null));
        assertTrue(BootstrappingPresets.isName(name) && BootstrappingPresets.isName(BootstrappingPresets.NONE));
        for (String bad : new String[] {"none:4,4", "n17:4,4", "n16-h192:6,2", "n16-h192:4", "n16-h192:", "n17"}) {
            assertFalse(BootstrappingPresets.isName(bad), bad);
        }
        assertThrows(IllegalArgumentException.class, () -> BootstrappingPresets.withBudget(BootstrappingPresets.NONE,
                budget));
    }
}

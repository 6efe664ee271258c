package dev.olafhe.infer;

import dev.olafhe.ckks.boot.Bootstrapper;
import dev.olafhe.ckks.boot.BootstrappingParameters;
import dev.olafhe.ckks.boot.BootstrappingPresets;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The analytic fallback prices a bootstrap by its end level: SlotToCoeff's operations per limb below the top. */
class LimbCostModelTest {
    @Test
    void aBootstrapEndingLowerSavesSlotToCoeffsOperationsPerLevel() {
        LimbCostModel m = new LimbCostModel(1000, 5, 30);
        assertEquals(1000, m.bootstrap(5));
        assertEquals(1000 - 30 * 4, m.bootstrap(1));
        assertEquals(1000 + 30, m.bootstrap(6), "above the top: one more limb");
        assertEquals(0, new LimbCostModel(10, 5, 30).bootstrap(0), "never negative");
        LimbCostModel flat = new LimbCostModel(1000);
        assertEquals(1000, flat.bootstrap(0));
        assertEquals(1000, flat.bootstrap(9));
        assertThrows(IllegalArgumentException.class, () -> new LimbCostModel(1000, 5, -1));
    }

    /** The default's SlotToCoeff share is the n16-resnet chain's at its 2^15 slots (the DFT built, nothing encoded). */
    @Test
    void theDefaultSlotToCoeffShareIsTheN16ResNetChains() {
        BootstrappingParameters n16 = BootstrappingParameters.of(BootstrappingPresets.n16ResNet());
        assertEquals(LimbCostModel.DEFAULT_TOP_LEVEL, n16.levelsAfterBootstrapping());
        assertEquals(LimbCostModel.DEFAULT_SLOTS_TO_COEFFS, Bootstrapper.slotsToCoeffsOperations(n16, 15));
        LimbCostModel d = new LimbCostModel();
        assertEquals(LimbCostModel.DEFAULT_BOOTSTRAP, d.bootstrap(LimbCostModel.DEFAULT_TOP_LEVEL));
        assertEquals(LimbCostModel.DEFAULT_BOOTSTRAP - LimbCostModel.DEFAULT_SLOTS_TO_COEFFS * 3,
                d.bootstrap(LimbCostModel.DEFAULT_TOP_LEVEL - 3));
    }
}

package dev.olafhe.ckks;

import dev.olafhe.backend.Backend;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Rotations (several steps and levels), hoisting (bit-exact) and lazy hoisting (before ModDown). */
class RotationTest extends CkksContextsTest {

    static Stream<Arguments> stepsAndLevels() {
        List<Arguments> list = new ArrayList<>();
        for (String set : CkksTestContexts.LITERALS.keySet()) {
            int top = CkksTestContexts.LITERALS.get(set).logQ().length - 1;
            for (int step : CkksTestContexts.ROTATIONS) {
                for (int level : new int[] {top, 1, 0}) {
                    list.add(Arguments.of(set, step, level));
                }
            }
        }
        return list.stream();
    }

    static ComplexVector rotated(ComplexVector x, int step, int slots) {
        double[] re = new double[slots];
        double[] im = new double[slots];
        for (int j = 0; j < slots; j++) {
            int src = Math.floorMod(j + step, slots);
            re[j] = x.re()[src];
            im[j] = x.im()[src];
        }
        return new ComplexVector(re, im);
    }

    @ParameterizedTest(name = "rotate by {1} on {0} at level {2}")
    @MethodSource("stepsAndLevels")
    void rotationMovesSlotsLeft(String set, int step, int level) {
        CkksTestContext tc = contexts.get(set);
        int slots = tc.params.maxSlots();
        ComplexVector x = tc.randomVector(slots, true);
        try (Ciphertext ct = tc.encrypt(x, level); Ciphertext out = tc.evaluator.rotateNew(ct, step)) {
            assertEquals(level, out.level());
            EvaluatorTest.assertPrecision(tc, rotated(x, step, slots), tc.decrypt(out), "rotate " + step);
        }
    }

    @ParameterizedTest(name = "sparse {0} slots")
    @ValueSource(ints = {1, 8, 256})
    void sparseRotationRotatesWithinTheSlotCount(int slots) {
        CkksTestContext tc = defaultContext();
        ComplexVector x = tc.randomVector(slots, true);
        try (Ciphertext ct = tc.encrypt(x, 2); Ciphertext out = tc.evaluator.rotateNew(ct, 5)) {
            assertEquals(slots, out.slots());
            EvaluatorTest.assertPrecision(tc, rotated(x, 5, slots), tc.decrypt(out), "sparse rotate");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.olafhe.ckks.CkksTestContexts#names")
    void hoistedRotationsEqualPlainRotationsBitForBit(String set) {
        CkksTestContext tc = contexts.get(set);
        Backend backend = tc.backend;
        ComplexVector x = tc.randomVector(tc.params.maxSlots(), true);
        try (Ciphertext ct = tc.encrypt(x, tc.params.maxLevel())) {
            Map<Integer, Ciphertext> hoisted = tc.evaluator.rotateHoistedNew(ct, CkksTestContexts.ROTATIONS);
            assertEquals(CkksTestContexts.ROTATIONS.length, hoisted.size());
            for (int step : CkksTestContexts.ROTATIONS) {
                try (Ciphertext plain = tc.evaluator.rotateNew(ct, step); Ciphertext h = hoisted.get(step)) {
                    assertEquals(plain.level(), h.level());
                    assertEquals(0, plain.scale().compareTo(h.scale()));
                    for (int i = 0; i < 2; i++) {
                        assertArrayEquals(backend.download(plain.part(i)), backend.download(h.part(i)),
                                "step " + step + " part " + i);
                    }
                }
            }
        }
    }

    @Test
    void lazyHoistedRotationsSumBeforeOneModDown() {
        CkksTestContext tc = defaultContext();
        int slots = tc.params.maxSlots();
        ComplexVector x = tc.randomVector(slots, true);
        int[] steps = {1, 2, 5};
        double[] re = new double[slots];
        double[] im = new double[slots];
        for (int step : steps) {
            ComplexVector r = rotated(x, step, slots);
            for (int j = 0; j < slots; j++) {
                re[j] += r.re()[j];
                im[j] += r.im()[j];
            }
        }
        try (Ciphertext ct = tc.encrypt(x, tc.params.maxLevel()); HoistedDecomposition dec = tc.evaluator.decompose(ct)) {
            CiphertextQP acc = tc.evaluator.rotateHoistedLazyNew(ct, dec, steps[0]);
            for (int k = 1; k < steps.length; k++) {
                try (CiphertextQP term = tc.evaluator.rotateHoistedLazyNew(ct, dec, steps[k]); CiphertextQP old = acc) {
                    acc = tc.evaluator.addLazyNew(old, term);
                }
            }
            try (CiphertextQP sum = acc; Ciphertext out = Ciphertext.empty()) {
                tc.evaluator.modDown(sum, out);
                EvaluatorTest.assertPrecision(tc, new ComplexVector(re, im), tc.decrypt(out), "lazy rotation sum");
            }
        }
    }

    @Test
    void missingGaloisKeyIsReportedWithTheOperation() {
        CkksTestContext tc = defaultContext();
        try (Ciphertext ct = tc.encrypt(tc.randomVector(4, false), 1)) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> tc.evaluator.rotateNew(ct, 3));
            assertTrue(e.getMessage().startsWith("cannot rotate by 3"), e.getMessage());
        }
    }
}

package dev.olafhe.ckks;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every evaluator operation against a float64 reference, on several parameter sets and levels. Precision
 * thresholds come from the parameters: mean ≥ log2(Δ) − (logN + 2) (Lattigo's criterion) and worst slot
 * at most 8 bits below that.
 */
class EvaluatorTest extends CkksContextsTest {
    private static final double MIN_SLACK_BITS = 8;

    /** One operation: what it computes homomorphically and the slot-wise reference. */
    enum Op {
        ADD, SUB, NEGATE, ADD_PLAINTEXT, SUB_PLAINTEXT, MULTIPLY_PLAINTEXT_RESCALE, ADD_CONSTANT,
        MULTIPLY_INTEGER_CONSTANT, MULTIPLY_CONSTANT_RESCALE, MULTIPLY_CONSTANT_THEN_ADD_RESCALE,
        MULTIPLY_RELIN_RESCALE, SQUARE_RELIN_RESCALE, MULTIPLY_NO_RELIN, DROP_LEVEL, CONJUGATE
    }

    static Stream<Arguments> cases() {
        List<Arguments> list = new ArrayList<>();
        for (String set : CkksTestContexts.LITERALS.keySet()) {
            int top = CkksTestContexts.LITERALS.get(set).logQ().length - 1;
            for (Op op : Op.values()) {
                list.add(Arguments.of(set, op, top));
                list.add(Arguments.of(set, op, 1));
            }
        }
        return list.stream();
    }

    private static ComplexVector complexProduct(ComplexVector x, ComplexVector y) {
        int n = x.length();
        double[] r = new double[n];
        double[] i = new double[n];
        for (int j = 0; j < n; j++) {
            r[j] = x.re()[j] * y.re()[j] - x.im()[j] * y.im()[j];
            i[j] = x.re()[j] * y.im()[j] + x.im()[j] * y.re()[j];
        }
        return new ComplexVector(r, i);
    }

    private static ComplexVector linear(ComplexVector x, double a, ComplexVector y, double b, double constant) {
        int n = x.length();
        double[] r = new double[n];
        double[] i = new double[n];
        for (int j = 0; j < n; j++) {
            r[j] = a * x.re()[j] + b * y.re()[j] + constant;
            i[j] = a * x.im()[j] + b * y.im()[j];
        }
        return new ComplexVector(r, i);
    }

    @ParameterizedTest(name = "{1} on {0} at level {2}")
    @MethodSource("cases")
    void operationMatchesFloat64Reference(String set, Op op, int level) {
        CkksTestContext tc = contexts.get(set);
        Evaluator ev = tc.evaluator;
        int slots = tc.params.maxSlots();
        ComplexVector x = tc.randomVector(slots, true);
        ComplexVector y = tc.randomVector(slots, true);
        double c = 0.7315;
        ComplexVector expected;
        try (Ciphertext cx = tc.encrypt(x, level); Ciphertext cy = tc.encrypt(y, level);
             Plaintext py = tc.encoder.encodeNew(y, level, cx.scale()); Ciphertext out = Ciphertext.empty()) {
            int expectedLevel = level;
            switch (op) {
                case ADD -> {
                    ev.add(cx, cy, out);
                    expected = linear(x, 1, y, 1, 0);
                }
                case SUB -> {
                    ev.sub(cx, cy, out);
                    expected = linear(x, 1, y, -1, 0);
                }
                case NEGATE -> {
                    ev.negate(cx, out);
                    expected = linear(x, -1, y, 0, 0);
                }
                case ADD_PLAINTEXT -> {
                    ev.add(cx, py, out);
                    expected = linear(x, 1, y, 1, 0);
                }
                case SUB_PLAINTEXT -> {
                    ev.sub(cx, py, out);
                    expected = linear(x, 1, y, -1, 0);
                }
                case MULTIPLY_PLAINTEXT_RESCALE -> {
                    ev.multiply(cx, py, out);
                    ev.rescale(out, out);
                    expected = complexProduct(x, y);
                    expectedLevel--;
                }
                case ADD_CONSTANT -> {
                    ev.addConstant(cx, c, out);
                    expected = linear(x, 1, y, 0, c);
                }
                case MULTIPLY_INTEGER_CONSTANT -> {
                    ev.multiplyByConstant(cx, -3, out);
                    expected = linear(x, -3, y, 0, 0);
                }
                case MULTIPLY_CONSTANT_RESCALE -> {
                    ev.multiplyByConstant(cx, c, out);
                    ev.rescale(out, out);
                    expected = linear(x, c, y, 0, 0);
                    expectedLevel--;
                    assertTrue(Evaluator.sameScale(cx.scale(), out.scale()), "rescale restores the input scale exactly");
                }
                case MULTIPLY_CONSTANT_THEN_ADD_RESCALE -> {
                    ev.dropLevel(cy, 0, out); // a copy of y as the accumulator, same scale as x
                    ev.multiplyByConstantThenAdd(cx, c, out); // equal scales: raises the accumulator by q_l
                    ev.rescale(out, out);
                    expected = linear(x, c, y, 1, 0);
                    expectedLevel--;
                }
                case MULTIPLY_RELIN_RESCALE -> {
                    ev.multiplyRelin(cx, cy, out);
                    ev.rescale(out, out);
                    expected = complexProduct(x, y);
                    expectedLevel--;
                }
                case SQUARE_RELIN_RESCALE -> {
                    ev.multiplyRelin(cx, cx, out);
                    ev.rescale(out, out);
                    expected = complexProduct(x, x);
                    expectedLevel--;
                }
                case MULTIPLY_NO_RELIN -> {
                    ev.multiply(cx, cy, out);
                    assertEquals(2, out.degree());
                    expected = complexProduct(x, y);
                }
                case DROP_LEVEL -> {
                    ev.dropLevel(cx, 1, out);
                    expected = x;
                    expectedLevel--;
                }
                case CONJUGATE -> {
                    ev.conjugate(cx, out);
                    expected = linear(x, 1, y, 0, 0);
                    for (int j = 0; j < slots; j++) {
                        expected.im()[j] = -expected.im()[j];
                    }
                }
                default -> throw new IllegalStateException(op.toString());
            }
            assertEquals(expectedLevel, out.level(), "output level");
            assertPrecision(tc, expected, tc.decrypt(out), op + " at level " + level);
        }
    }

    static void assertPrecision(CkksTestContext tc, ComplexVector expected, ComplexVector actual, String what) {
        PrecisionStats stats = PrecisionStats.compute(expected, actual);
        double want = tc.expectedBits();
        assertTrue(stats.meanBits() >= want, what + ": mean precision " + stats.meanBits() + " < " + want + "; " + stats);
        assertTrue(stats.minBits() >= want - MIN_SLACK_BITS,
                what + ": worst slot " + stats.minBits() + " < " + (want - MIN_SLACK_BITS) + "; " + stats);
    }
}

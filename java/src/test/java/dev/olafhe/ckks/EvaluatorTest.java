package dev.olafhe.ckks;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.math.BigDecimal;
import java.math.BigInteger;
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
        MULTIPLY_RELIN_RESCALE, SQUARE_RELIN_RESCALE, MULTIPLY_NO_RELIN, DROP_LEVEL, CONJUGATE,
        FUSED_MULTIPLY_COMBINE_RELIN_RESCALE, FUSED_SQUARE_RELIN_COMBINE_RESCALE, FUSED_MULTIPLY_RESCALE,
        FUSED_MULTIPLY_RELIN, LINEAR_COMBINATION_RESCALE
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
                case FUSED_MULTIPLY_COMBINE_RELIN_RESCALE, FUSED_SQUARE_RELIN_COMBINE_RESCALE, FUSED_MULTIPLY_RESCALE,
                     FUSED_MULTIPLY_RELIN, LINEAR_COMBINATION_RESCALE -> {
                    try (Ciphertext r = fused(ev, op, cx, cy, level, c)) {
                        ev.dropLevel(r, 0, out);
                    }
                    expected = fusedReference(op, x, y, c);
                    expectedLevel -= op == Op.FUSED_MULTIPLY_RELIN ? 0 : 1;
                }
                default -> throw new IllegalStateException(op.toString());
            }
            assertEquals(expectedLevel, out.level(), "output level");
            // a rescaled degree-2 ciphertext carries c_2's rounding error times s² (relinearized first, it would be
            // s): up to a bit below the criterion (measured 0.35-0.4 bits on these sets)
            double allowance = op == Op.FUSED_MULTIPLY_RESCALE ? 1 : 0;
            assertPrecision(tc, expected, tc.decrypt(out), op + " at level " + level, allowance);
        }
    }

    /** The fused operations of {@link Op}, each in one backend call. */
    private static Ciphertext fused(Evaluator ev, Op op, Ciphertext cx, Ciphertext cy, int level, double c) {
        BigDecimal product = Evaluator.productScale(cx, cy);
        return switch (op) {
            // 2·x·y − y before relinearization, then relinearized and rescaled
            case FUSED_MULTIPLY_COMBINE_RELIN_RESCALE -> ev.multiplyNew(cx, cy, level, new ProductTerms(
                    new Ciphertext[] {cy}, new BigInteger[] {BigInteger.TWO,
                    Evaluator.constantFactor(-1.0, product, cy.scale())}, null, false), true, true);
            // 2·x² − c² after relinearization, then rescaled (a double angle of EvalMod)
            case FUSED_SQUARE_RELIN_COMBINE_RESCALE -> ev.multiplyNew(cx, cx, level, ProductTerms.scaled(
                    BigInteger.TWO, Evaluator.encodedConstant(-c * c, Evaluator.productScale(cx, cx)), true), true, true);
            case FUSED_MULTIPLY_RESCALE -> ev.multiplyNew(cx, cy, level, null, false, true);
            case FUSED_MULTIPLY_RELIN -> ev.multiplyNew(cx, cy, level, null, true, false);
            case LINEAR_COMBINATION_RESCALE -> {
                BigDecimal raised = cx.scale().multiply(new BigDecimal(ev.context().params().q(level)),
                        Evaluator.SCALE_CONTEXT);
                yield ev.linearCombinationRescaleNew(new Ciphertext[] {cx, cy}, new BigInteger[] {
                        Evaluator.constantFactor(c, raised, cx.scale()), Evaluator.constantFactor(-0.5, raised,
                        cy.scale())}, Evaluator.encodedConstant(0.25, raised), raised, level);
            }
            default -> throw new IllegalStateException(op.toString());
        };
    }

    private static ComplexVector fusedReference(Op op, ComplexVector x, ComplexVector y, double c) {
        return switch (op) {
            case FUSED_MULTIPLY_COMBINE_RELIN_RESCALE -> linear(complexProduct(x, y), 2, y, -1, 0);
            case FUSED_SQUARE_RELIN_COMBINE_RESCALE -> linear(complexProduct(x, x), 2, y, 0, -c * c);
            case FUSED_MULTIPLY_RESCALE, FUSED_MULTIPLY_RELIN -> complexProduct(x, y);
            case LINEAR_COMBINATION_RESCALE -> linear(x, c, y, -0.5, 0.25);
            default -> throw new IllegalStateException(op.toString());
        };
    }

    /**
     * Each fused operation gives the residues of the operations it replaces called one by one (tensor, linear
     * combination, relinearization, rescale; linear combination then rescale), bit for bit.
     */
    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("fusedCases")
    void fusedOperationsAreBitIdenticalToTheirSteps(Op op, String set) {
        CkksTestContext tc = contexts.get(set);
        Evaluator ev = tc.evaluator;
        int slots = tc.params.maxSlots();
        int top = tc.params.maxLevel();
        double c = 0.7315;
        try (Ciphertext cx = tc.encrypt(tc.randomVector(slots, true), top);
             Ciphertext cy = tc.encrypt(tc.randomVector(slots, true), top);
             Ciphertext fused = fused(ev, op, cx, cy, top - 1, c);
             Ciphertext steps = stepByStep(ev, op, cx, cy, top - 1, c)) {
            assertEquals(steps.level(), fused.level(), op + ": level");
            assertEquals(steps.degree(), fused.degree(), op + ": degree");
            assertEquals(0, steps.scale().compareTo(fused.scale()), op + ": scale");
            for (int i = 0; i <= steps.degree(); i++) {
                assertTrue(java.util.Arrays.deepEquals(tc.backend.download(steps.part(i)),
                        tc.backend.download(fused.part(i))), op + ": residues of part " + i);
            }
        }
    }

    static Stream<Arguments> fusedCases() {
        return Stream.of(Op.FUSED_MULTIPLY_COMBINE_RELIN_RESCALE, Op.FUSED_SQUARE_RELIN_COMBINE_RESCALE,
                Op.FUSED_MULTIPLY_RESCALE, Op.FUSED_MULTIPLY_RELIN, Op.LINEAR_COMBINATION_RESCALE)
                .flatMap(op -> CkksTestContexts.names().map(set -> Arguments.of(op, set)));
    }

    /** What {@link #fused} computes, by the evaluator's separate operations (inputs above the product's level). */
    private static Ciphertext stepByStep(Evaluator ev, Op op, Ciphertext cx, Ciphertext cy, int level, double c) {
        Ciphertext b = op == Op.FUSED_SQUARE_RELIN_COMBINE_RESCALE ? cx : cy;
        if (op == Op.LINEAR_COMBINATION_RESCALE) {
            BigDecimal raised = cx.scale().multiply(new BigDecimal(ev.context().params().q(level)),
                    Evaluator.SCALE_CONTEXT);
            Ciphertext out = Ciphertext.empty();
            ev.linearCombination(new Ciphertext[] {cx, cy}, new BigInteger[] {
                    Evaluator.constantFactor(c, raised, cx.scale()), Evaluator.constantFactor(-0.5, raised, cy.scale())},
                    Evaluator.encodedConstant(0.25, raised), raised, level, out);
            ev.rescale(out, out);
            return out;
        }
        Ciphertext p = ev.multiplyNew(cx, b, level);
        BigDecimal scale = p.scale();
        if (op == Op.FUSED_MULTIPLY_COMBINE_RELIN_RESCALE) {
            ev.linearCombination(new Ciphertext[] {p, cy}, new BigInteger[] {BigInteger.TWO,
                    Evaluator.constantFactor(-1.0, scale, cy.scale())}, null, scale, level, p);
        }
        if (op != Op.FUSED_MULTIPLY_RESCALE) {
            ev.relinearize(p, p);
        }
        if (op == Op.FUSED_SQUARE_RELIN_COMBINE_RESCALE) {
            ev.linearCombination(new Ciphertext[] {p}, new BigInteger[] {BigInteger.TWO},
                    Evaluator.encodedConstant(-c * c, scale), scale, level, p);
        }
        if (op != Op.FUSED_MULTIPLY_RELIN) {
            ev.rescale(p, p);
        }
        return p;
    }

    static void assertPrecision(CkksTestContext tc, ComplexVector expected, ComplexVector actual, String what) {
        assertPrecision(tc, expected, actual, what, 0);
    }

    /** As above, with the mean criterion lowered by {@code allowanceBits} (for an operation with a known extra error). */
    static void assertPrecision(CkksTestContext tc, ComplexVector expected, ComplexVector actual, String what,
                                double allowanceBits) {
        PrecisionStats stats = PrecisionStats.compute(expected, actual);
        double want = tc.expectedBits() - allowanceBits;
        assertTrue(stats.meanBits() >= want, what + ": mean precision " + stats.meanBits() + " < " + want + "; " + stats);
        assertTrue(stats.minBits() >= want - MIN_SLACK_BITS,
                what + ": worst slot " + stats.minBits() + " < " + (want - MIN_SLACK_BITS) + "; " + stats);
    }
}

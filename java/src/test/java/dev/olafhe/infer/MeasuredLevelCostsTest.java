package dev.olafhe.infer;

import dev.olafhe.approx.ChebyshevSeries;
import dev.olafhe.ckks.poly.PolynomialCost;
import dev.olafhe.infer.MeasuredLevelCosts.Primitive;
import dev.olafhe.nn.ModelFiles;
import dev.olafhe.nn.Network;
import dev.olafhe.nn.data.FashionMnist;
import dev.olafhe.nn.onnx.OnnxImporter;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The measured cost model on hand-built tables (no timing): interpolation between measured levels, and every step
 * priced as its exact operation counts times the per-level costs.
 */
class MeasuredLevelCostsTest {
    private static final double EPS = 1e-9;

    /** Every primitive the same seconds at every level: {@code base[p]}, a distinct power of two each. */
    private static MeasuredLevelCosts flat(Double bootstrap) {
        Map<Primitive, Map<Integer, Double>> t = new EnumMap<>(Primitive.class);
        for (Primitive p : Primitive.values()) {
            t.put(p, Map.of(1, unit(p), 9, unit(p)));
        }
        return new MeasuredLevelCosts(t, bootstrap, "flat");
    }

    private static double unit(Primitive p) {
        return Math.scalb(1.0, p.ordinal());
    }

    /** Every primitive costs unit(p)·(level + 1), measured at levels 1, 3 and 5 only. */
    private static MeasuredLevelCosts linearInLimbs() {
        Map<Primitive, Map<Integer, Double>> t = new EnumMap<>(Primitive.class);
        for (Primitive p : Primitive.values()) {
            Map<Integer, Double> m = new TreeMap<>();
            for (int level : new int[] {1, 3, 5}) {
                m.put(level, unit(p) * (level + 1));
            }
            t.put(p, m);
        }
        return new MeasuredLevelCosts(t, 100.0, "linear");
    }

    @Test
    void levelsBetweenAndOutsideTheMeasuredOnesAreInterpolatedLinearly() {
        Map<Primitive, Map<Integer, Double>> t = new EnumMap<>(Primitive.class);
        for (Primitive p : Primitive.values()) {
            t.put(p, Map.of(2, 4.0, 6, 12.0, 10, 14.0));
        }
        MeasuredLevelCosts m = new MeasuredLevelCosts(t, null, "t");
        assertEquals(4.0, m.seconds(Primitive.ADD, 2), EPS);
        assertEquals(8.0, m.seconds(Primitive.ADD, 4), EPS);
        assertEquals(10.0, m.seconds(Primitive.ADD, 5), EPS);
        assertEquals(13.0, m.seconds(Primitive.ADD, 8), EPS);
        assertEquals(11.0, m.seconds(Primitive.ADD, 5.5), EPS);
        assertEquals(2.0, m.seconds(Primitive.ADD, 1), EPS); // below: the line through levels 2 and 6
        assertEquals(0.0, m.seconds(Primitive.ADD, -3), EPS); // never negative
        assertEquals(15.0, m.seconds(Primitive.ADD, 12), EPS); // above: through 6 and 10
        assertFalse(m.hasBootstrap());
        assertThrows(IllegalStateException.class, () -> m.bootstrap(3));
        t.put(Primitive.ADD, Map.of(3, 7.0));
        assertEquals(7.0, new MeasuredLevelCosts(t, 1.0, "one").seconds(Primitive.ADD, 0), EPS,
                "a primitive measured at one level costs that everywhere");
    }

    /**
     * A bootstrap is priced at its end level: measured at some, linear in between and outside (never negative); one
     * measured end level (a version-1 file) charges the same at every end level, and the source says which.
     */
    @Test
    void aBootstrapIsPricedByItsEndLevel() {
        Map<Primitive, Map<Integer, Double>> t = new EnumMap<>(Primitive.class);
        for (Primitive p : Primitive.values()) {
            t.put(p, Map.of(1, 1.0));
        }
        MeasuredLevelCosts m = new MeasuredLevelCosts(t, Map.of(1, 10.0, 5, 14.0), null, false, "two");
        assertEquals(10.0, m.bootstrap(1), EPS);
        assertEquals(12.0, m.bootstrap(3), EPS);
        assertEquals(14.0, m.bootstrap(5), EPS);
        assertEquals(9.0, m.bootstrap(0), EPS);
        assertEquals(List.of(1, 5), List.copyOf(m.measuredBootstrap().keySet()));
        assertTrue(m.source().endsWith("bootstrap by end level, measured at levels [1, 5] (linear in between)"),
                m.source());
        MeasuredLevelCosts one = new MeasuredLevelCosts(t, 7.0, "one");
        assertEquals(7.0, one.bootstrap(0), EPS);
        assertEquals(7.0, one.bootstrap(5), EPS);
        assertTrue(one.source().endsWith("one bootstrap time for every end level (not measured per end level)"),
                one.source());
        assertThrows(IllegalArgumentException.class,
                () -> new MeasuredLevelCosts(t, Map.of(1, -1.0), null, false, "negative"));
        assertThrows(IllegalArgumentException.class, () -> one.step(new HeStep.Bootstrap(3), 2),
                "a bootstrap step is priced by bootstrap(endLevel)");
    }

    @Test
    void aTableMustHaveEveryPrimitiveAndFiniteNonNegativeTimes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new MeasuredLevelCosts(Map.of(Primitive.ADD, Map.of(1, 1.0)), 1.0, "t"));
        assertTrue(e.getMessage().startsWith("no time for "), e.getMessage());
        Map<Primitive, Map<Integer, Double>> t = new EnumMap<>(Primitive.class);
        for (Primitive p : Primitive.values()) {
            t.put(p, Map.of(1, p == Primitive.ROTATE ? -1.0 : 1.0));
        }
        assertThrows(IllegalArgumentException.class, () -> new MeasuredLevelCosts(t, 1.0, "t"));
    }

    /** A linear step: the counts of its transform times the flat costs, level-independent. */
    @Test
    void aLinearStepCostsItsExactCountsTimesThePrimitives() throws IOException {
        MeasuredLevelCosts m = flat(50.0);
        HeProgram program = tinyResNet(m);
        int linear = 0;
        for (int k = 0; k < program.steps().size(); k++) {
            if (!(program.steps().get(k) instanceof HeStep.Linear l)) {
                continue;
            }
            linear++;
            SlotLinearTransform.Operations ops = l.transform().operations();
            assertEquals(l.transform().rotationCount(), ops.rotations(), "step " + k);
            assertEquals(l.transform().diagonalCount(), ops.diagonals());
            double expected = (ops.preSumRotations() + ops.replicationRotations()) * (unit(Primitive.ROTATE)
                    + unit(Primitive.ADD))
                    + (ops.decomposes() ? unit(Primitive.DECOMPOSE) : 0)
                    + ops.babyRotations() * unit(Primitive.HOISTED_ROTATE)
                    + (ops.liftsBabyZero() ? unit(Primitive.LIFT) : 0)
                    + ops.diagonals() * unit(Primitive.MULTIPLY_ACCUMULATE)
                    // per non-zero giant step a ModDown, a lazy rotation and a Q ∪ P sum; one ModDown at the end
                    + ops.modDowns() * unit(Primitive.MOD_DOWN) + ops.giantRotations() * (unit(Primitive.DECOMPOSE)
                    + unit(Primitive.HOISTED_ROTATE) + unit(Primitive.ADD))
                    + unit(Primitive.ADD) // the bias
                    + unit(Primitive.RESCALE);
            assertEquals(expected, m.step(l, program.readLevel(k)), EPS, "step " + k);
        }
        assertTrue(linear >= 5, "tiny ResNet has linear steps");
        // compact diagonals are encoded again at every use
        Map<Primitive, Map<Integer, Double>> t = new EnumMap<>(Primitive.class);
        for (Primitive p : Primitive.values()) {
            t.put(p, Map.of(1, unit(p)));
        }
        MeasuredLevelCosts compact = new MeasuredLevelCosts(t, 50.0, 10, true, "compact");
        for (int k = 0; k < program.steps().size(); k++) {
            if (program.steps().get(k) instanceof HeStep.Linear l) {
                assertEquals(m.step(l, program.readLevel(k)) + l.transform().diagonalCount()
                        * unit(Primitive.ENCODE_DIAGONAL), compact.step(l, program.readLevel(k)), EPS);
            }
        }
    }

    /** An activation: PolynomialCost's counts, each at the middle of the levels the polynomial passes through. */
    @Test
    void anActivationCostsItsPolynomialCountsAtTheMiddleOfItsLevels() {
        double[] coeffs = new double[16];
        for (int k = 1; k < coeffs.length; k += 2) {
            coeffs[k] = 1.0 / k;
        }
        ChebyshevSeries p = new ChebyshevSeries(-1, 1, coeffs);
        PolynomialCost c = PolynomialCost.of(p);
        MeasuredLevelCosts m = linearInLimbs();
        int read = 5;
        double limbs = read - c.totalDepth() / 2.0 + 1;
        double expected = limbs * (c.nonScalarMultiplications() * unit(Primitive.MULTIPLY)
                + c.relinearizations() * unit(Primitive.RELINEARIZE) + c.rescales() * unit(Primitive.RESCALE)
                + c.scalarMultiplications() * (unit(Primitive.MULTIPLY_CONSTANT) + unit(Primitive.ADD)));
        HeStep.Activation a = new HeStep.Activation(1, 2, 0, new UnitActivation.Series(p), c.totalDepth(), false);
        assertEquals(expected, m.step(a, read), EPS);
        HeStep.Activation halved = new HeStep.Activation(1, 2, 0, new UnitActivation.Series(p), c.totalDepth(), true);
        assertEquals(expected + unit(Primitive.ADD) * (read + 1), m.step(halved, read), EPS);
        // a composite: its stages one after another, then the product with its input and the constant
        UnitActivation.InputTimesComposite composite = new UnitActivation.InputTimesComposite(List.of(p, p), 0.5);
        int high = 12; // above the measured levels: extrapolated on the same line
        int after = high - 2 * c.totalDepth();
        double product = (after + 1) * (unit(Primitive.MULTIPLY) + unit(Primitive.RELINEARIZE)
                + unit(Primitive.RESCALE)) + after * unit(Primitive.ADD);
        double stages = m.polynomial(c, high) + m.polynomial(c, high - c.totalDepth());
        assertEquals(expected * (high - c.totalDepth() / 2.0 + 1) / limbs, m.polynomial(c, high), EPS);
        assertEquals(stages + product, m.step(new HeStep.Activation(1, 2, 0, composite,
                2 * c.totalDepth() + 1, false), high), EPS);
        assertEquals(unit(Primitive.ADD) * 4, m.step(new HeStep.Add(1, 2, 3), 3), EPS);
    }

    /** A whole program: its steps at the levels they read at, and the measured bootstrap per bootstrap. */
    @Test
    void aProgramCostsItsStepsAndBootstraps() throws IOException {
        MeasuredLevelCosts m = flat(50.0);
        HeProgram program = tinyResNet(m);
        double sum = 0;
        for (int k = 0; k < program.steps().size(); k++) {
            HeStep s = program.steps().get(k);
            sum += s instanceof HeStep.Bootstrap ? 50.0 : m.step(s, program.readLevel(k));
        }
        assertTrue(program.bootstrapCount() > 0);
        assertEquals(sum, program.predictedCost(m), EPS);
    }

    /** The tiny ResNet, degree 7 everywhere, with bootstrapping to level 5 placed under {@code m}. */
    static HeProgram tinyResNet(LevelCostModel m) throws IOException {
        Network net = OnnxImporter.load(ModelFiles.onnx("tiny_resnet"));
        LayerPolynomials plan = UniformReluPlan.calibrate(net, FashionMnist.train().head(50).images(), 7, 0.1);
        return HeProgram.compile(net, plan, CkksPolynomialEvaluation::levels, 5, 5, false,
                BootstrapPlacement.Strategy.MIN_COST, m);
    }
}

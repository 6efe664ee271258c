import dev.olafhe.approx.ChebyshevSeries;
import dev.olafhe.ckks.poly.Parity;
import dev.olafhe.ckks.poly.PolynomialCost;
import dev.olafhe.infer.*;
import dev.olafhe.nn.Network;
import dev.olafhe.nn.onnx.OnnxImporter;
import dev.olafhe.plan.Plan;
import dev.olafhe.plan.PlanFile;
import java.nio.file.Path;
import java.util.*;

/**
 * Re-prediction of measured bench configurations: each configuration's program placed by the costs its run used
 * (args[2]), then priced by every cost file given after it. Fixed degrees per configuration (the plan's, uniform 31,
 * composite {15,15,27}); polynomials priced by their degree's generic operation counts.
 */
public class Repredict {
    static final int[] COMPOSITE = {15, 15, 27};

    public static void main(String[] a) throws Exception {
        Network net = OnnxImporter.load(Path.of(a[0]));
        Plan plan = PlanFile.read(Path.of(a[1]));
        MeasuredLevelCosts placing = LevelCostFile.load(Path.of(a[2]), "n16-resnet");
        Map<Integer, ChebyshevSeries> identity = new HashMap<>();
        for (int l = 0; l < net.numActivations(); l++) identity.put(l, new ChebyshevSeries(-1, 1, new double[] {0, 1}));
        HeProgram prog = HeProgram.compile(net, new LayerPolynomials(identity), CkksPolynomialEvaluation::levels, 16, 16,
                false, BootstrapPlacement.Strategy.MIN_COST, placing);
        List<HeStep> steps = prog.steps().stream().filter(s -> !(s instanceof HeStep.Bootstrap)).toList();
        int[] olaDeg = plan.layers().stream().mapToInt(Plan.Layer::degree).toArray();
        for (String cfg : new String[] {"ola", "uniform-31", "composite"}) {
            Cfg c = new Cfg(cfg, olaDeg);
            LevelPlanner.Solution s = LevelPlanner.solve(steps, 16, 16, placing, c.choices(placing), 0);
            List<HeStep> placed = new ArrayList<>();
            for (int k = 0; k < steps.size(); k++) {
                HeStep st = steps.get(k);
                if (st instanceof HeStep.Activation act) {
                    if (s.bootstrapBefore()[k]) placed.add(new HeStep.Bootstrap(act.input()));
                    st = new HeStep.Activation(act.input(), act.output(), act.layer(), act.function(), c.depth(act), act.halvedInput());
                }
                placed.add(st);
            }
            BootstrapPlacement.Result r = BootstrapPlacement.levelled(placed, 16, 16);
            StringBuilder sb = new StringBuilder(String.format("%-10s %2d boots:", cfg, s.bootstraps()));
            for (int f = 2; f < a.length; f++) {
                MeasuredLevelCosts costs = LevelCostFile.load(Path.of(a[f]), "n16-resnet");
                double[] stage = new double[3];
                for (int k = 0; k < r.steps().size(); k++) {
                    HeStep st = r.steps().get(k);
                    if (st instanceof HeStep.Bootstrap) stage[2] += costs.bootstrap(r.stepLevels().get(k));
                    else if (st instanceof HeStep.Activation act) stage[1] += c.choices(costs).cost(act, 0, r.readLevels().get(k));
                    else stage[0] += costs.step(st, r.readLevels().get(k));
                }
                sb.append(String.format("  [%s] %.1f s (%.1f / %.1f / %.1f)", Path.of(a[f]).getParent().getFileName(),
                        stage[0] + stage[1] + stage[2], stage[0], stage[1], stage[2]));
            }
            System.out.println(sb);
        }
    }

    record Cfg(String name, int[] olaDeg) {
        int depth(HeStep.Activation st) {
            if (name.equals("composite")) {
                int d = 1;
                for (int k : COMPOSITE) d += PolynomialCost.of(k, Parity.ODD).totalDepth();
                return d;
            }
            return PolynomialCost.of(degree(st), Parity.GENERAL).totalDepth();
        }

        int degree(HeStep.Activation st) {
            return name.equals("ola") ? olaDeg[st.layer()] : 31;
        }

        LevelPlanner.Choices choices(MeasuredLevelCosts costs) {
            return new LevelPlanner.Choices() {
                public int count(HeStep.Activation st) { return 1; }
                public int depth(HeStep.Activation st, int c) { return Cfg.this.depth(st); }
                public int bins(HeStep.Activation st, int c) { return 0; }
                public double cost(HeStep.Activation st, int c, int read) {
                    if (name.equals("composite")) {
                        double t = 0; int lv = read;
                        for (int k : COMPOSITE) { PolynomialCost pc = PolynomialCost.of(k, Parity.ODD); t += costs.polynomial(pc, lv); lv -= pc.totalDepth(); }
                        return t + costs.seconds(MeasuredLevelCosts.Primitive.MULTIPLY, lv) + costs.seconds(MeasuredLevelCosts.Primitive.RELINEARIZE, lv)
                                + costs.seconds(MeasuredLevelCosts.Primitive.RESCALE, lv) + costs.seconds(MeasuredLevelCosts.Primitive.ADD, lv - 1);
                    }
                    return costs.polynomial(PolynomialCost.of(degree(st), Parity.GENERAL), read);
                }
            };
        }
    }
}

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
 * A projection, not a measurement: bootstraps and predicted seconds of fixed-degree configurations (the plan's degrees,
 * uniform 15 and 31, the composite) if a bootstrap left more levels (and the input had as many), placed by the runtime's
 * DP and priced by the cost file, whose levels above 16 and bootstraps ending there are extrapolated linearly; a real
 * preset with more levels would also bootstrap more slowly (a longer chain). Args: MODEL PLAN COSTS.
 */
public class DeeperSegments {
    public static void main(String[] a) throws Exception {
        Network net = OnnxImporter.load(Path.of(a[0]));
        Plan plan = PlanFile.read(Path.of(a[1]));
        MeasuredLevelCosts costs = LevelCostFile.load(Path.of(a[2]), "n16-resnet");
        Map<Integer, ChebyshevSeries> identity = new HashMap<>();
        for (int l = 0; l < net.numActivations(); l++) identity.put(l, new ChebyshevSeries(-1, 1, new double[] {0, 1}));
        HeProgram prog = HeProgram.compile(net, new LayerPolynomials(identity), CkksPolynomialEvaluation::levels, 16, 16,
                false, BootstrapPlacement.Strategy.MIN_COST, costs);
        List<HeStep> steps = prog.steps().stream().filter(s -> !(s instanceof HeStep.Bootstrap)).toList();
        int[] olaDeg = plan.layers().stream().mapToInt(Plan.Layer::degree).toArray();
        int[] composite = {15, 15, 27};
        for (int levels : new int[] {16, 18, 20, 22, 24}) {
            StringBuilder sb = new StringBuilder("levels " + levels + ":");
            for (String cfg : new String[] {"ola", "uniform-15", "uniform-31", "composite"}) {
                LevelPlanner.Solution s = LevelPlanner.solve(steps, levels, levels, costs, new LevelPlanner.Choices() {
                    int degree(HeStep.Activation st) {
                        return cfg.equals("ola") ? olaDeg[st.layer()] : cfg.equals("uniform-15") ? 15 : 31;
                    }
                    public int count(HeStep.Activation st) { return 1; }
                    public int depth(HeStep.Activation st, int c) {
                        if (cfg.equals("composite")) {
                            int d = 1;
                            for (int k : composite) d += PolynomialCost.of(k, Parity.ODD).totalDepth();
                            return d;
                        }
                        return PolynomialCost.of(degree(st), Parity.GENERAL).totalDepth();
                    }
                    public int bins(HeStep.Activation st, int c) { return 0; }
                    public double cost(HeStep.Activation st, int c, int read) {
                        if (cfg.equals("composite")) {
                            double t = 0; int lv = read;
                            for (int k : composite) { PolynomialCost pc = PolynomialCost.of(k, Parity.ODD); t += costs.polynomial(pc, lv); lv -= pc.totalDepth(); }
                            return t + costs.seconds(MeasuredLevelCosts.Primitive.MULTIPLY, lv) + costs.seconds(MeasuredLevelCosts.Primitive.RELINEARIZE, lv) + costs.seconds(MeasuredLevelCosts.Primitive.RESCALE, lv);
                        }
                        return costs.polynomial(PolynomialCost.of(degree(st), Parity.GENERAL), read);
                    }
                }, 0);
                sb.append(String.format("  %s %d boots %.1f s", cfg, s.bootstraps(), s.cost()));
            }
            System.out.println(sb);
        }
    }
}

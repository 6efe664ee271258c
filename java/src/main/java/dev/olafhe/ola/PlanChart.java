package dev.olafhe.ola;

import dev.olafhe.plan.Plan;
import dev.olafhe.perf.Charts;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.Marker;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The plan as a PNG (XChart): left, the degree chosen per activation layer, the layers with a bootstrap before
 * them in their own colour; right, predicted validation accuracy against predicted HE time along the DP's Pareto
 * front, with the plan (measured accuracy), the uniform baselines (measured accuracy, one legend entry each, so
 * that close points keep readable names), the exact accuracy and the budget. The time axis starts at zero at the
 * lowest.
 */
public final class PlanChart {
    static final int W = 1400;
    static final int H = 560;
    private static final Color PLAN = new Color(40, 150, 60);
    private static final Color BUDGET = new Color(200, 60, 40);
    // 5 markers and 4 colours: the first 20 baselines each look different
    private static final Marker[] BASELINE_MARKERS = {SeriesMarkers.CROSS, SeriesMarkers.DIAMOND,
            SeriesMarkers.TRIANGLE_UP, SeriesMarkers.TRIANGLE_DOWN, SeriesMarkers.PLUS};
    private static final Color[] BASELINE_COLORS = {Charts.PALETTE[1], Charts.PALETTE[2], Charts.PALETTE[3],
            Charts.PALETTE[5]};

    private PlanChart() {
    }

    public static void write(Plan plan, Path png) throws IOException {
        Charts.writePng(List.of(degrees(plan), front(plan)), 1, 2, png);
    }

    static CategoryChart degrees(Plan plan) {
        CategoryChart c = new CategoryChartBuilder().width(W / 2).height(H)
                .title(plan.model().name() + ": OLA plan, budget " + Planner.pct(plan.budget().value())
                        + " top-1 drop (validation)").xAxisTitle("activation layer").yAxisTitle("degree").build();
        Charts.style(c.getStyler());
        c.getStyler().setOverlapped(true);
        c.getStyler().setLabelsVisible(true);
        c.getStyler().setLabelsPosition(1.0);
        c.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        c.getStyler().setYAxisMin(0.0);
        c.getStyler().setYAxisDecimalPattern("0");
        List<Integer> index = new ArrayList<>();
        List<Integer> plain = new ArrayList<>();
        List<Integer> boot = new ArrayList<>();
        int maxDegree = 1;
        for (Plan.Layer l : plan.layers()) {
            index.add(l.index());
            plain.add(l.bootstrapBefore() ? null : l.degree());
            boot.add(l.bootstrapBefore() ? l.degree() : null);
            maxDegree = Math.max(maxDegree, l.degree());
        }
        c.getStyler().setYAxisMax(maxDegree * 1.15); // room for the labels above the bars
        if (plain.stream().anyMatch(d -> d != null)) {
            c.addSeries("degree", index, plain).setFillColor(Charts.PALETTE[0]);
        }
        if (boot.stream().anyMatch(d -> d != null)) {
            c.addSeries("degree, bootstrap before the layer (level-aware DP)", index, boot).setFillColor(BUDGET);
        }
        return c;
    }

    static XYChart front(Plan plan) {
        double exact = plan.accuracy().plaintextValidation();
        XYChart c = new XYChartBuilder().width(W / 2).height(H)
                .title("validation top-1 vs predicted HE time of the activations")
                .xAxisTitle("predicted HE time of the activations (s, " + shortCost(plan) + ")")
                .yAxisTitle("validation top-1").build();
        Charts.style(c.getStyler());
        c.getStyler().setLegendPosition(Styler.LegendPosition.InsideSE);
        c.getStyler().setYAxisDecimalPattern("0.000");
        c.getStyler().setXAxisDecimalPattern("0");
        List<Plan.Baseline> baselines = plan.baselines().stream().filter(b -> Double.isFinite(b.predictedSeconds()))
                .toList();
        Bounds box = Bounds.of(plan, baselines);
        c.getStyler().setXAxisMin(box.x0()).setXAxisMax(box.x1()).setYAxisMin(box.y0()).setYAxisMax(box.y1());
        if (!plan.paretoFront().isEmpty()) {
            XYSeries front = c.addSeries("Pareto front (predicted)",
                    plan.paretoFront().stream().map(Plan.FrontPoint::predictedSeconds).toList(),
                    plan.paretoFront().stream().map(p -> exact - p.predictedDrop()).toList());
            front.setMarker(SeriesMarkers.CIRCLE);
            front.setLineColor(Charts.PALETTE[0]);
            front.setMarkerColor(Charts.PALETTE[0]);
        }
        point(c, "OLA plan (measured)", plan.predictedSeconds(), plan.accuracy().measuredValidation(),
                SeriesMarkers.SQUARE, PLAN);
        for (int i = 0; i < baselines.size(); i++) {
            Plan.Baseline b = baselines.get(i);
            boolean below = b.measuredValidation() < box.floor();
            point(c, b.name() + (below ? String.format(Locale.ROOT, " (%.3f, below the axis)", b.measuredValidation())
                            : " (measured)"), b.predictedSeconds(), below ? box.y0() : b.measuredValidation(),
                    BASELINE_MARKERS[i % BASELINE_MARKERS.length], BASELINE_COLORS[i % BASELINE_COLORS.length]);
        }
        level(c, "exact (plaintext) accuracy", exact, box.x0(), box.x1(), Color.GRAY);
        level(c, "budget", exact - plan.budget().value(), box.x0(), box.x1(), BUDGET);
        return c;
    }

    /**
     * The front's axes: every point with a margin, the time axis never below zero, accuracy no lower than 0.2
     * under the exact accuracy ({@code floor}: a collapsed baseline would flatten everything else; it is drawn
     * on the axis and its value named in the legend).
     */
    private record Bounds(double x0, double x1, double y0, double y1, double floor) {
        static Bounds of(Plan plan, List<Plan.Baseline> baselines) {
            double exact = plan.accuracy().plaintextValidation();
            double floor = exact - 0.2;
            double xmin = plan.predictedSeconds();
            double xmax = plan.predictedSeconds();
            double ymin = Math.min(exact, plan.accuracy().measuredValidation());
            for (Plan.FrontPoint p : plan.paretoFront()) {
                xmin = Math.min(xmin, p.predictedSeconds());
                xmax = Math.max(xmax, p.predictedSeconds());
                ymin = Math.min(ymin, exact - p.predictedDrop());
            }
            for (Plan.Baseline b : baselines) {
                xmin = Math.min(xmin, b.predictedSeconds());
                xmax = Math.max(xmax, b.predictedSeconds());
                ymin = Math.min(ymin, Math.max(floor, b.measuredValidation()));
            }
            double xpad = (xmax - xmin) * 0.05 + 1e-9;
            double ypad = (exact - ymin) * 0.08 + 1e-4;
            return new Bounds(Math.max(0, xmin - xpad), xmax + xpad, ymin - ypad, exact + ypad, floor);
        }
    }

    /** One marked point with its own legend entry. */
    private static void point(XYChart c, String name, double x, double y, Marker marker, Color color) {
        XYSeries s = c.addSeries(name, new double[] {x}, new double[] {y});
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        s.setMarker(marker);
        s.setMarkerColor(color);
    }

    /** A dashed horizontal line across the chart. */
    private static void level(XYChart c, String name, double y, double x0, double x1, Color color) {
        XYSeries s = c.addSeries(name, new double[] {x0, x1}, new double[] {y, y});
        s.setMarker(SeriesMarkers.NONE);
        s.setLineColor(color);
        s.setLineStyle(new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 1f, new float[] {4f, 4f}, 0f));
    }

    private static String shortCost(Plan plan) {
        return plan.costModel().description().startsWith("analytic") ? "analytic model" : "measured";
    }
}

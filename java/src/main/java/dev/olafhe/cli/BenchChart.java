package dev.olafhe.cli;

import dev.olafhe.infer.BenchReport;
import dev.olafhe.perf.Charts;
import org.knowm.xchart.AnnotationTextPanel;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code ola bench} as a PNG (XChart): one stacked bar per configuration, its median latency split into linear
 * layers, activations, bootstrapping and additions; the category names the total, the bootstrap count and the
 * time relative to the OLA plan; the parameter set is printed in full (wrapped, INSECURE marks included) above
 * the bars.
 */
final class BenchChart {
    private static final int W = 1200;
    private static final int H = 720;
    private static final int WRAP = 150;

    private BenchChart() {
    }

    static void write(BenchReport report, Path png) throws IOException {
        List<BenchReport.Config> configs = report.configs();
        CategoryChart c = new CategoryChartBuilder().width(W).height(H)
                .title(report.inputs().get("model") + ": encrypted inference latency (median), " + report.backend())
                .xAxisTitle("configuration: median latency, bootstraps, time relative to the OLA plan")
                .yAxisTitle("seconds").build();
        Charts.style(c.getStyler());
        c.getStyler().setStacked(true);
        c.getStyler().setLabelsVisible(false); // a stage's label would cover a thin neighbour; totals are in the names
        c.getStyler().setXAxisLabelRotation(configs.size() > 3 ? 15 : 0);
        c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        c.getStyler().setYAxisMin(0.0);
        c.getStyler().setYAxisDecimalPattern("0.#");
        double max = configs.stream().mapToDouble(BenchReport.Config::medianSeconds).max().orElse(1);
        String parameters = "parameters: " + report.parameters();
        int lines = Charts.wrap(parameters, WRAP).split("\n").length;
        // head room above the tallest bar for the parameter panel
        c.getStyler().setYAxisMax(max * (1.25 + 0.08 * lines));
        List<String> names = new ArrayList<>();
        for (BenchReport.Config x : configs) {
            names.add(String.format(Locale.ROOT, "%s: %.1f s, %d bootstraps, %.2fx", x.name(),
                    x.medianSeconds(), x.bootstraps(), report.speedupOfOla(x)));
        }
        for (String stage : BenchReport.STAGES) {
            List<Double> seconds = configs.stream().map(x -> x.medianStage(stage)).toList();
            c.addSeries(stage, names, seconds);
        }
        // screen space: x from the left, y from the bottom to the panel's lower edge; the panel starts below the title
        c.addAnnotation(new AnnotationTextPanel(Charts.wrap(parameters, WRAP), 90, H - 50 - 17 * lines - 12, true));
        Charts.writePng(c, png);
    }
}

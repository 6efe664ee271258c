package dev.olafhe.perf;

import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.BasicStroke;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One metric over a runner's runs as a PNG: the median per run as a line with markers, and for noisy metrics the
 * first and third quartiles as thin dashed lines, so that a drift can be told from the run-to-run spread.
 */
final class HistoryChart {
    private HistoryChart() {
    }

    static void write(String metric, Map<BenchRecord, Metric> series, Path png) throws IOException {
        List<String> labels = new ArrayList<>();
        List<Double> median = new ArrayList<>();
        List<Double> q1 = new ArrayList<>();
        List<Double> q3 = new ArrayList<>();
        Metric any = null;
        int i = 0;
        for (Map.Entry<BenchRecord, Metric> e : series.entrySet()) {
            i++;
            labels.add(i + ": " + History.label(e.getKey())); // the index keeps equal labels apart
            Metric m = e.getValue();
            median.add(m.median());
            q1.add(m.q1());
            q3.add(m.q3());
            any = m;
        }
        CategoryChart chart = new CategoryChartBuilder().width(900).height(480).title(metric)
                .xAxisTitle("run (commit, date UTC)").yAxisTitle(any.unit() + " (" + any.better().json()
                        + " is better)").build();
        Charts.style(chart.getStyler());
        chart.getStyler().setDefaultSeriesRenderStyle(CategorySeries.CategorySeriesRenderStyle.Line);
        chart.getStyler().setXAxisLabelRotation(60);
        chart.getStyler().setOverlapped(true); // all series at the category's centre, not side by side
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.OutsideE);
        CategorySeries med = chart.addSeries("median", labels, median);
        med.setMarker(SeriesMarkers.CIRCLE);
        if (!any.deterministic()) {
            BasicStroke dashed = new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 1f,
                    new float[] {4f, 4f}, 0f);
            for (Object[] q : new Object[][] {{"first quartile", q1}, {"third quartile", q3}}) {
                @SuppressWarnings("unchecked")
                CategorySeries s = chart.addSeries((String) q[0], labels, (List<Double>) q[1]);
                s.setMarker(SeriesMarkers.NONE);
                s.setLineStyle(dashed);
                s.setLineColor(Charts.PALETTE[3]);
            }
        } else {
            chart.getStyler().setLegendVisible(false);
        }
        Charts.writePng(chart, png);
    }
}

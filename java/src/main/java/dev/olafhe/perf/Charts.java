package dev.olafhe.perf;

import dev.olafhe.util.SafeFiles;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.Styler;

import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The project's chart conventions on XChart (PNG only): one palette, one font, white background, and the writing
 * of one chart or a grid of charts to a file. The plan chart, the bench chart and the history charts use it.
 */
public final class Charts {
    /** Blue, orange, red, grey, green, purple (the colours the charts have always used, then two more). */
    public static final Color[] PALETTE = {new Color(0x4C72B0), new Color(0xDD8452), new Color(0xC44E52),
            new Color(0x8C8C8C), new Color(0x55A868), new Color(0x8172B3)};

    static {
        System.setProperty("java.awt.headless", "true"); // charts are drawn on servers and in CI, never shown
    }

    private Charts() {
    }

    /** Applies the common look to a chart's styler. */
    public static void style(Styler s) {
        s.setChartBackgroundColor(Color.WHITE);
        s.setPlotBackgroundColor(Color.WHITE);
        s.setLegendBorderColor(Color.LIGHT_GRAY);
        s.setChartTitleBoxVisible(false);
        s.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        s.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        s.setSeriesColors(PALETTE);
        s.setAntiAlias(true);
        s.setAnnotationTextPanelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        s.setAnnotationTextPanelBorderColor(Color.LIGHT_GRAY);
        if (s instanceof AxesChartStyler a) {
            a.setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
            a.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
            a.setPlotGridLinesColor(new Color(0xE5E5E5));
            a.setPlotBorderVisible(false);
            a.setLocale(Locale.ROOT);
        }
    }

    public static void writePng(Chart<?, ?> chart, Path png) throws IOException {
        SafeFiles.write(png, out -> BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG));
    }

    /** Several charts in one PNG, in a grid of {@code rows} x {@code cols} (each cell the size of a chart). */
    public static void writePng(List<? extends Chart<?, ?>> charts, int rows, int cols, Path png) throws IOException {
        SafeFiles.write(png, out -> BitmapEncoder.saveBitmap(charts, rows, cols, out, BitmapEncoder.BitmapFormat.PNG));
    }

    /** {@code text} broken into lines of at most {@code width} characters, at spaces where possible. */
    public static String wrap(String text, int width) {
        StringBuilder out = new StringBuilder();
        int lineStart = 0;
        for (String word : text.split(" ")) {
            int lineLength = out.length() - lineStart;
            if (lineLength > 0 && lineLength + 1 + word.length() > width) {
                out.append('\n');
                lineStart = out.length();
            } else if (lineLength > 0) {
                out.append(' ');
            }
            out.append(word);
        }
        return out.toString();
    }
}

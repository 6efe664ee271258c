package dev.olafhe.cli;

import dev.olafhe.infer.BenchReport;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * {@code ola bench} as a PNG (headless java.awt): one horizontal bar per configuration, its median latency split
 * into linear layers, activations, bootstrapping and additions, labelled with the total, the bootstrap count and
 * the time relative to the OLA plan.
 */
final class BenchChart {
    private static final int W = 1200;
    private static final int ROW = 56;
    private static final Color[] COLORS = {new Color(0x4C72B0), new Color(0xDD8452), new Color(0xC44E52),
            new Color(0x8C8C8C)};

    private BenchChart() {
    }

    static void write(BenchReport report, Path png) throws IOException {
        System.setProperty("java.awt.headless", "true");
        List<BenchReport.Config> configs = report.configs();
        int h = 130 + ROW * configs.size();
        BufferedImage img = new BufferedImage(W, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, W, h);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        g.drawString(report.inputs().get("model") + ": encrypted inference latency (median), " + report.backend(),
                20, 24);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        double max = configs.stream().mapToDouble(BenchReport.Config::medianSeconds).max().orElse(1);
        int x0 = 200;
        int width = W - x0 - 360; // room for the label after the longest bar
        for (int r = 0; r < configs.size(); r++) {
            BenchReport.Config c = configs.get(r);
            int y = 50 + r * ROW;
            g.setColor(Color.BLACK);
            g.drawString(c.name(), 20, y + 22);
            double x = x0;
            for (int s = 0; s < BenchReport.STAGES.length; s++) {
                double w = width * c.medianStage(BenchReport.STAGES[s]) / max;
                g.setColor(COLORS[s]);
                g.fillRect((int) Math.round(x), y, (int) Math.round(w), 32);
                x += w;
            }
            g.setColor(Color.BLACK);
            g.drawString(String.format(Locale.ROOT, "%.1f s, %d bootstraps, %.2fx the OLA time", c.medianSeconds(),
                    c.bootstraps(), report.speedupOfOla(c)), (int) x + 8, y + 22);
        }
        int ly = 60 + ROW * configs.size();
        for (int s = 0; s < BenchReport.STAGES.length; s++) {
            g.setColor(COLORS[s]);
            g.fillRect(x0 + s * 160, ly, 14, 14);
            g.setColor(Color.BLACK);
            g.drawString(BenchReport.STAGES[s], x0 + s * 160 + 20, ly + 12);
        }
        g.drawString("parameters: " + abbreviate(report.parameters(), 150), 20, ly + 40);
        g.dispose();
        ImageIO.write(img, "png", png.toFile());
    }

    private static String abbreviate(String s, int n) {
        return s.length() <= n ? s : s.substring(0, n - 3) + "...";
    }
}

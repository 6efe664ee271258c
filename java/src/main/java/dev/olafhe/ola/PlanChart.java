package dev.olafhe.ola;

import dev.olafhe.plan.Plan;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The plan as a PNG (headless java.awt): left, the degree chosen per activation layer (bootstraps marked);
 * right, predicted validation accuracy against predicted HE time along the DP's Pareto front, with the plan
 * (predicted and measured) and the uniform baselines (measured accuracy) marked.
 */
public final class PlanChart {
    static final int W = 1400;
    static final int H = 560;

    private PlanChart() {
    }

    public static void write(Plan plan, Path png) throws IOException {
        System.setProperty("java.awt.headless", "true");
        BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, W, H);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.setColor(Color.BLACK);
        g.setFont(g.getFont().deriveFont(Font.BOLD, 14f));
        g.drawString(plan.model().name() + ": OLA plan, budget " + Planner.pct(plan.budget().value())
                + " top-1 drop (validation)", 20, 24);
        g.setFont(g.getFont().deriveFont(Font.PLAIN, 12f));
        degrees(g, plan, 60, 60, 560, 420);
        front(g, plan, 760, 60, 600, 420);
        g.dispose();
        ImageIO.write(img, "png", png.toFile());
    }

    private static void degrees(Graphics2D g, Plan plan, int x0, int y0, int w, int h) {
        List<Plan.Layer> layers = plan.layers();
        int maxDeg = 1;
        for (Plan.Layer l : layers) {
            maxDeg = Math.max(maxDeg, l.degree());
        }
        for (int d : plan.solver().degrees()) {
            maxDeg = Math.max(maxDeg, d);
        }
        axes(g, x0, y0, w, h, "activation layer", "degree");
        double bw = (double) w / layers.size();
        for (int i = 0; i < layers.size(); i++) {
            Plan.Layer l = layers.get(i);
            int bh = (int) Math.round((double) h * l.degree() / maxDeg);
            int bx = (int) Math.round(x0 + i * bw + bw * 0.15);
            g.setColor(new Color(70, 110, 180));
            g.fillRect(bx, y0 + h - bh, (int) Math.max(1, bw * 0.7), bh);
            g.setColor(Color.BLACK);
            String s = Integer.toString(l.degree());
            g.drawString(s, (int) (x0 + i * bw + bw / 2 - g.getFontMetrics().stringWidth(s) / 2.0), y0 + h - bh - 4);
            if (l.bootstrapBefore()) {
                g.setColor(new Color(200, 60, 40));
                g.fillOval((int) (x0 + i * bw + bw / 2 - 4), y0 + h + 18, 8, 8);
            }
            if (layers.size() <= 40 && (i % Math.max(1, layers.size() / 20) == 0)) {
                g.setColor(Color.DARK_GRAY);
                g.drawString(Integer.toString(i), (int) (x0 + i * bw + bw / 2 - 4), y0 + h + 14);
            }
        }
        g.setColor(new Color(200, 60, 40));
        g.fillOval(x0, y0 + h + 34, 8, 8);
        g.setColor(Color.DARK_GRAY);
        g.drawString("bootstrap before the layer (level-aware DP)", x0 + 14, y0 + h + 42);
        g.drawString("max " + maxDeg, x0 - 50, y0 + 10);
    }

    private static void front(Graphics2D g, Plan plan, int x0, int y0, int w, int h) {
        double exact = plan.accuracy().plaintextValidation();
        List<double[]> pts = new ArrayList<>();
        for (Plan.FrontPoint p : plan.paretoFront()) {
            pts.add(new double[] {p.predictedSeconds(), exact - p.predictedDrop()});
        }
        List<double[]> marks = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        for (Plan.Baseline b : plan.baselines()) {
            if (Double.isFinite(b.predictedSeconds())) {
                marks.add(new double[] {b.predictedSeconds(), b.measuredValidation()});
                labels.add(b.name());
            }
        }
        double xmin = Double.POSITIVE_INFINITY;
        double xmax = 0;
        double ymin = exact;
        double ymax = exact;
        List<double[]> all = new ArrayList<>(pts);
        all.addAll(marks);
        all.add(new double[] {plan.predictedSeconds(), plan.accuracy().measuredValidation()});
        for (double[] p : all) {
            xmin = Math.min(xmin, p[0]);
            xmax = Math.max(xmax, p[0]);
            ymin = Math.min(ymin, p[1]);
        }
        ymin = Math.max(ymin, exact - 0.2); // a collapsed baseline would flatten everything else
        double xpad = (xmax - xmin) * 0.05 + 1e-9;
        double ypad = (ymax - ymin) * 0.08 + 1e-4;
        final double fx0 = xmin - xpad;
        final double fx1 = xmax + xpad;
        final double fy0 = ymin - ypad;
        final double fy1 = ymax + ypad;
        axes(g, x0, y0, w, h, "predicted HE time of the activations (s, " + shortCost(plan) + ")",
                "validation top-1");
        java.util.function.ToIntFunction<Double> px = v -> (int) Math.round(x0 + (v - fx0) / (fx1 - fx0) * w);
        java.util.function.ToIntFunction<Double> py = v -> (int) Math.round(y0 + h - (Math.max(v, fy0) - fy0)
                / (fy1 - fy0) * h);
        g.setColor(Color.GRAY);
        g.drawString(String.format(Locale.ROOT, "%.3f", fy1), x0 - 48, y0 + 10);
        g.drawString(String.format(Locale.ROOT, "%.3f", fy0), x0 - 48, y0 + h);
        g.drawString(String.format(Locale.ROOT, "%.0f", fx0), x0, y0 + h + 16);
        g.drawString(String.format(Locale.ROOT, "%.0f", fx1), x0 + w - 30, y0 + h + 16);
        // exact accuracy and budget lines
        g.setStroke(new BasicStroke(1, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 1, new float[] {4, 4}, 0));
        g.drawLine(x0, py.applyAsInt(exact), x0 + w, py.applyAsInt(exact));
        g.setColor(new Color(200, 60, 40));
        int yb = py.applyAsInt(exact - plan.budget().value());
        g.drawLine(x0, yb, x0 + w, yb);
        g.drawString("budget", x0 + w - 50, yb - 3);
        g.setStroke(new BasicStroke(2));
        g.setColor(new Color(70, 110, 180));
        for (int i = 0; i < pts.size(); i++) {
            int x = px.applyAsInt(pts.get(i)[0]);
            int y = py.applyAsInt(pts.get(i)[1]);
            g.fillOval(x - 3, y - 3, 6, 6);
            if (i > 0) {
                g.drawLine(px.applyAsInt(pts.get(i - 1)[0]), py.applyAsInt(pts.get(i - 1)[1]), x, y);
            }
        }
        g.drawString("Pareto front (predicted)", x0 + 10, y0 + h - 40);
        g.setColor(new Color(40, 150, 60));
        int mx = px.applyAsInt(plan.predictedSeconds());
        g.fillRect(mx - 5, py.applyAsInt(plan.accuracy().measuredValidation()) - 5, 10, 10);
        g.drawString("OLA plan (measured)", mx + 8, py.applyAsInt(plan.accuracy().measuredValidation()) + 4);
        g.setColor(new Color(200, 120, 0));
        for (int i = 0; i < marks.size(); i++) {
            int x = px.applyAsInt(marks.get(i)[0]);
            int y = py.applyAsInt(marks.get(i)[1]);
            g.drawLine(x - 5, y - 5, x + 5, y + 5);
            g.drawLine(x - 5, y + 5, x + 5, y - 5);
            int lw = g.getFontMetrics().stringWidth(labels.get(i));
            g.drawString(labels.get(i), Math.min(x - lw / 2, W - lw - 6), y - 8 - 12 * (i % 2));
        }
    }

    private static String shortCost(Plan plan) {
        return plan.costModel().description().startsWith("analytic") ? "analytic model" : "measured";
    }

    private static void axes(Graphics2D g, int x0, int y0, int w, int h, String xl, String yl) {
        g.setColor(Color.BLACK);
        g.setStroke(new BasicStroke(1));
        g.drawLine(x0, y0 + h, x0 + w, y0 + h);
        g.drawLine(x0, y0, x0, y0 + h);
        g.drawString(xl, x0 + w / 2 - g.getFontMetrics().stringWidth(xl) / 2, y0 + h + 30);
        Graphics2D r = (Graphics2D) g.create();
        r.rotate(-Math.PI / 2);
        r.drawString(yl, -(y0 + h / 2 + g.getFontMetrics().stringWidth(yl) / 2), x0 - 40);
        r.dispose();
    }
}

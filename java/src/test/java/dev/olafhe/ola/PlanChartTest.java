package dev.olafhe.ola;

import dev.olafhe.plan.Plan;
import dev.olafhe.plan.PlanFile;
import dev.olafhe.nn.ModelFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYChart;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PlanChartTest {
    /**
     * The tiny ResNet's plan has baselines close to zero seconds: the time axis must still start at zero at the
     * lowest, and every baseline gets its own legend entry (names never overlap in the plot).
     */
    @Test
    void frontStartsAtZeroAndNamesEveryBaselineInTheLegend() throws IOException {
        Plan plan = PlanFile.read(ModelFiles.dir().resolve("tiny_resnet.plan.json"));
        XYChart front = PlanChart.front(plan);
        assertTrue(front.getStyler().getXAxisMin() >= 0, "x axis starts at " + front.getStyler().getXAxisMin());
        for (Plan.Baseline b : plan.baselines()) {
            assertTrue(front.getSeriesMap().keySet().stream().anyMatch(k -> k.startsWith(b.name() + " (")),
                    b.name() + " not in " + front.getSeriesMap().keySet());
        }
        assertTrue(front.getSeriesMap().containsKey("OLA plan (measured)"));
    }

    @Test
    void writesOnePngOfBothPanels(@TempDir Path dir) throws IOException {
        Plan plan = PlanFile.read(ModelFiles.dir().resolve("resnet20.plan.json"));
        Path png = dir.resolve("plan.png");
        PlanChart.write(plan, png);
        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(PlanChart.W, img.getWidth());
        assertEquals(PlanChart.H, img.getHeight());
        assertEquals(2, PlanChart.degrees(plan).getSeriesMap().size(), "plain layers and layers after a bootstrap");
    }
}

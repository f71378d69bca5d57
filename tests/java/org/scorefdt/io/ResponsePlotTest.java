package org.scorefdt.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResponsePlotTest {
    @TempDir
    Path tmp;

    private static double[] time(int n) {
        double[] t = new double[n];
        for (int i = 0; i < n; i++) t[i] = i;
        return t;
    }

    @Test
    void writesReadablePngOfRequestedSize() throws IOException {
        double[] t = time(50);
        double[] exact = new double[50];
        double[] est = new double[50];
        double[] se = new double[50];
        for (int i = 0; i < 50; i++) {
            exact[i] = Math.exp(-0.05 * i);
            est[i] = exact[i] + 0.01 * Math.sin(i);
            se[i] = 0.02;
        }
        Path f = tmp.resolve("r.png");
        new ResponsePlot("R_(0,0)", "t", "R").curve("exact", t, exact).curve("score", t, est, se).writePng(f, 640, 480);
        assertTrue(Files.size(f) > 1000);
        BufferedImage img = ImageIO.read(f.toFile());
        assertNotNull(img);
        assertEquals(640, img.getWidth());
        assertEquals(480, img.getHeight());
    }

    @Test
    void pixelPanelsTileIntoOneImage() throws IOException {
        int n = 8, lags = 20;
        double[] mean = new double[lags * n * n];
        double[] se = new double[lags * n * n];
        for (int k = 0; k < lags; k++) {
            for (int x = 0; x < n; x++) {
                mean[k * n * n + x] = Math.exp(-0.1 * k) * Math.exp(-x);
                se[k * n * n + x] = 0.01;
            }
        }
        List<ResponsePlot> panels = ResponsePlot.pixelPanels(time(lags), n,
                List.of(new ResponsePlot.Series("exact", mean, null), new ResponsePlot.Series("quasi-gaussian", mean, se)),
                0, 2, 4, 6);
        assertEquals(4, panels.size());
        Path f = tmp.resolve("panels.png");
        ResponsePlot.writePanels(f, panels, 2, 400, 300);
        BufferedImage img = ImageIO.read(f.toFile());
        assertEquals(800, img.getWidth());
        assertEquals(600, img.getHeight());
    }

    @Test
    void emptyPlotAndLogAxisStillRender() {
        assertEquals(300, new ResponsePlot("empty", "t", "y").render(400, 300).getHeight());
        double[] err = {1, 0.5, 0.1, 0.05};
        assertEquals(400, new ResponsePlot("L2", "t", "error").logY(true).curve("e", time(4), err).render(400, 300).getWidth());
    }

    @Test
    void badInputRejected() {
        ResponsePlot p = new ResponsePlot("x", "t", "y");
        assertThrows(IllegalArgumentException.class, () -> p.curve("a", time(3), new double[2]));
        assertThrows(IllegalArgumentException.class, () -> p.curve("a", time(2), new double[] {0, Double.NaN}));
        p.curve("a", time(2), new double[2]);
        assertThrows(IllegalArgumentException.class, () -> p.curve("a", time(2), new double[2]));
        assertThrows(IllegalArgumentException.class,
                () -> ResponsePlot.pixelPanels(time(2), 4, List.of(new ResponsePlot.Series("s", new double[32], null)), 4));
    }
}

package org.scorefdt.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
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

    @Test
    void yRangeHoldsEveryCurveAndBandWithAMargin() {
        Random rnd = new Random(3);
        double[] t = time(40);
        ResponsePlot p = new ResponsePlot("R", "t", "R");
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < 4; c++) { // curve 0 without band: only its mean counts
            double[] m = new double[40], se = new double[40];
            for (int k = 0; k < 40; k++) {
                m[k] = rnd.nextGaussian() * (c + 1);
                se[k] = c == 0 ? 0 : rnd.nextDouble() * (c + 1);
                lo = Math.min(lo, m[k] - 2 * se[k]);
                hi = Math.max(hi, m[k] + 2 * se[k]);
            }
            p.curve("c" + c, t, m, c == 0 ? null : se);
        }
        double[] y = p.yRange();
        double span = hi - lo;
        assertEquals(lo - ResponsePlot.MARGIN * span, y[0], 1e-12 * span);
        assertEquals(hi + ResponsePlot.MARGIN * span, y[1], 1e-12 * span);
        assertTrue(y[0] < lo && y[1] > hi, Arrays.toString(y));
        // A flat curve still gets a range of non-zero width around it.
        double[] flat = new ResponsePlot("f", "t", "y").curve("z", time(3), new double[] {2, 2, 2}).yRange();
        assertTrue(flat[0] < 2 && flat[1] > 2, Arrays.toString(flat));
        // A log axis: positive values only, margins in decades.
        double[] log = new ResponsePlot("l", "t", "y").logY(true).curve("e", time(3), new double[] {0, 1e-3, 10}).yRange();
        assertTrue(log[0] > 0 && log[0] < 1e-3 && log[1] > 10, Arrays.toString(log));
    }

    @Test
    void everyCurveGetsItsOwnStyle() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 24; i++) {
            ResponsePlot.Style s = ResponsePlot.style(i);
            assertTrue(seen.add(s.color().getRGB() + " " + Arrays.toString(s.dash())), "curve " + i + " repeats a style");
            assertTrue(s.width() > 0);
        }
        // Neighbours, the likeliest to overlap, differ in colour, dash and width all at once.
        for (int i = 0; i < 8; i++) {
            ResponsePlot.Style a = ResponsePlot.style(i), b = ResponsePlot.style(i + 1);
            assertTrue(!a.color().equals(b.color()) && !Arrays.equals(a.dash(), b.dash()) && a.width() != b.width(), "curves " + i + ", " + (i + 1));
        }
    }

    private static List<ResponsePlot> errorPanels() {
        double[] t = time(30), err = new double[30], floor = new double[30];
        for (int k = 0; k < 30; k++) {
            err[k] = 0.1 + 0.01 * k;
            floor[k] = 0.05;
        }
        ResponsePlot l2 = new ResponsePlot("L2 error", "t", "err").curve("score", t, err).curve("truth noise floor", t, floor);
        ResponsePlot r = new ResponsePlot("R_(0,0)", "t", "R").curve("exact", t, err, floor);
        return List.of(r.caption("ou, seed 7"), l2.caption("ou, seed 7"));
    }

    @Test
    void svgIsXmlWithTheTitleAndTheNoiseFloor() throws Exception {
        Path f = tmp.resolve("r.svg");
        ResponsePlot.writePanels(f, errorPanels(), 2, 400, 300, PlotFormat.SVG);
        DocumentBuilderFactory xml = DocumentBuilderFactory.newInstance();
        xml.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false); // the SVG DTD is online
        Document doc = xml.newDocumentBuilder().parse(f.toFile());
        assertEquals("svg", doc.getDocumentElement().getNodeName());
        String title = doc.getElementsByTagName("title").item(0).getTextContent();
        assertTrue(title.contains("R_(0,0) (ou, seed 7)") && title.contains("L2 error (ou, seed 7)"), title);
        String desc = doc.getElementsByTagName("desc").item(0).getTextContent();
        assertTrue(desc.contains("L2 error (ou, seed 7): score, truth noise floor"), desc);
        // The floor is drawn, not only named: curve 1 of the error panel has the only strokes in style(1)'s colour and dashes.
        ResponsePlot.Style floor = ResponsePlot.style(1);
        String svg = Files.readString(f);
        String stroke = "stroke:rgb(" + floor.color().getRed() + "," + floor.color().getGreen() + "," + floor.color().getBlue()
                + ");stroke-width:" + floor.width();
        assertTrue(svg.contains(stroke), stroke);
        assertTrue(svg.contains("stroke-dasharray:" + (int) floor.dash()[0] + "," + (int) floor.dash()[1]), "dashed floor");
    }

    @Test
    void pdfIsOnePageWithTheTitles() throws IOException {
        Path f = tmp.resolve("r.pdf");
        ResponsePlot.writePanels(f, errorPanels(), 2, 400, 300, PlotFormat.PDF);
        byte[] b = Files.readAllBytes(f);
        assertEquals("%PDF-", new String(b, 0, 5, StandardCharsets.US_ASCII));
        assertTrue(new String(b, b.length - 8, 8, StandardCharsets.US_ASCII).contains("%%EOF"));
        try (org.apache.pdfbox.pdmodel.PDDocument doc = org.apache.pdfbox.Loader.loadPDF(f.toFile())) {
            assertEquals(1, doc.getNumberOfPages());
            assertEquals(800, doc.getPage(0).getMediaBox().getWidth(), 0.0);  // 2 columns of 400
            assertEquals(300, doc.getPage(0).getMediaBox().getHeight(), 0.0); // 1 row of 300
            assertTrue(doc.getDocumentInformation().getTitle().contains("R_(0,0) (ou, seed 7)"), doc.getDocumentInformation().getTitle());
            assertTrue(doc.getDocumentInformation().getSubject().contains("L2 error (ou, seed 7): score, truth noise floor"));
        }
    }
}

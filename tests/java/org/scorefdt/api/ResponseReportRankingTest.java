package org.scorefdt.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scorefdt.io.JsonReport;
import org.scorefdt.io.RunDirectory;
import org.scorefdt.model.Grid;
import org.scorefdt.response.ErrorComparison;
import org.scorefdt.response.ResponseEstimate;

/**
 * The {@code ou} report ranks estimates only through {@link ErrorComparison}: against the exact
 * response the noise is the estimates' own, so two estimators giving the same numbers are
 * indistinguishable, and a clearly worse one is ranked behind.
 */
class ResponseReportRankingTest {
    @TempDir
    Path tmp;

    static ResponseEstimate est(String name, double[] mean, double se) {
        double[] s = new double[mean.length];
        java.util.Arrays.fill(s, se);
        return new ResponseEstimate(name, new double[] {0, 1}, 2, mean.length / 2, mean, s, new double[0], Optional.empty(), 10);
    }

    @Test
    void identicalEstimatorsAreReportedIndistinguishable() throws IOException {
        double[] exactMean = {1, 0.2, 0.2, 0.1, 0.5, 0.1, 0.1, 0.05};
        ResponseEstimate exact = ResponseEstimate.exact("exact", 1, 2, 4, exactMean);
        double[] m = {0.98, 0.21, 0.19, 0.1, 0.52, 0.1, 0.09, 0.05};
        ResponseEstimate a = est("gfdt-exact-score", m, 0.02), b = est("gfdt-same-score", m.clone(), 0.02);
        ResponseEstimate worse = est("gfdt-worse", new double[] {0.5, 0.5, 0.5, 0.5, 0.1, 0.4, 0.4, 0.4}, 0.02);
        ResponseReport report = ResponseReport.ou(RunDirectory.create(tmp.resolve("run"), false), new Grid(2), 7, exact,
                List.of(a, b, worse), null);
        String summary = report.write(true, null);
        assertTrue(summary.contains("gfdt-exact-score and gfdt-same-score are indistinguishable against exact (z = 0.00"), summary);
        assertTrue(summary.contains("gfdt-exact-score is closer to exact than gfdt-worse"), summary);

        JsonNode pairs = JsonReport.read(tmp.resolve("run/report.json")).get("pairwise");
        assertEquals(3, pairs.size());
        JsonNode same = pairs.get(0);
        assertEquals("gfdt-exact-score", same.get("a").asText());
        assertEquals("gfdt-same-score", same.get("b").asText());
        assertEquals("exact", same.get("reference").asText());
        assertEquals(0, same.get("z").asDouble(), 0.0);
        assertTrue(same.get("closer").isNull());
        assertEquals(ErrorComparison.THRESHOLD, same.get("z_threshold").asDouble(), 0.0);
        assertEquals("gfdt-exact-score", pairs.get(1).get("closer").asText());
    }

    /** The L∞ panel's noise floor is the truth's largest |SE| per lag (the L2 panel's, ‖SE‖₂, is report.json's). */
    @Test
    void linfNoiseFloorIsTheLargestStandardErrorPerLag() {
        double[] se = {0.1, -0.4, 0.2, 0.3, 0.05, 0.01, -0.02, 0.0};
        ResponseEstimate truth = new ResponseEstimate("perturbed-ensemble", new double[] {0, 1}, 2, 4, new double[8], se,
                new double[0], Optional.empty(), 10);
        assertEquals(List.of(0.4, 0.05), java.util.Arrays.stream(ResponseReport.linfFloor(truth)).boxed().toList());
    }
}

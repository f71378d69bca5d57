package org.scorefdt.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.scorefdt.config.ReproductionConfig;
import org.scorefdt.response.ErrorComparison;
import org.scorefdt.response.ResponseEstimate;
import org.scorefdt.response.ResponseMetrics;

/** The reproduction's verdict on synthetic estimates: it ranks by the noise-aware z, never by the truth's floor. */
class ReproductionVerdictTest {

    static ResponseEstimate est(String name, double[] mean, double se) {
        double[] s = new double[mean.length];
        java.util.Arrays.fill(s, se);
        return new ResponseEstimate(name, new double[] {0, 1}, 2, mean.length / 2, mean, s, new double[0], Optional.empty(), 10);
    }

    static ReproductionPipeline.Outcome outcome(double[] learned, double[] gauss, double se, ResponseEstimate truth) {
        List<ResponseEstimate> estimates = List.of(est(ReproductionPipeline.LEARNED, learned, se),
                est(ReproductionPipeline.GAUSSIAN, gauss, se));
        List<ResponseMetrics> metrics = estimates.stream().map(e -> ResponseMetrics.of(e, truth)).toList();
        return new ReproductionPipeline.Outcome("allen-cahn", ReproductionConfig.preset("small").system("allen-cahn"), estimates,
                Optional.of(truth), Optional.empty(), metrics, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), java.util.Map.of());
    }

    @Test
    void clearlyBetterScoreBasedEstimateIsRankedByZ() {
        ResponseEstimate truth = est(ReproductionPipeline.TRUTH, new double[] {1, 0, 0.5, 0}, 0.01);
        var o = outcome(new double[] {1.01, 0, 0.49, 0.01}, new double[] {1.5, 0.4, 0.1, 0.3}, 0.01, truth);
        ErrorComparison c = o.verdictComparison().orElseThrow();
        assertTrue(c.z() > ErrorComparison.THRESHOLD, "z = " + c.z());
        String v = o.verdict().orElseThrow();
        assertTrue(v.startsWith(ReproductionPipeline.LEARNED + " is closer to " + ReproductionPipeline.TRUTH + " than "
                + ReproductionPipeline.GAUSSIAN + " (z = "), v);
        JsonNode j = o.toJson();
        assertEquals(v, j.get("verdict").asText());
        assertEquals(c.z(), j.get("verdict_comparison").get("z").asDouble(), 0.0);
        assertEquals(ErrorComparison.THRESHOLD, j.get("verdict_comparison").get("z_threshold").asDouble(), 0.0);
        assertEquals(ReproductionPipeline.LEARNED, j.get("verdict_comparison").get("closer").asText());
    }

    @Test
    void identicalEstimatesAreIndistinguishable() {
        double[] m = {0.9, 0.1, 0.6, 0};
        var o = outcome(m, m.clone(), 0.05, est(ReproductionPipeline.TRUTH, new double[] {1, 0, 0.5, 0}, 0.1));
        assertEquals(0, o.verdictComparison().orElseThrow().z(), 0.0);
        assertTrue(o.verdict().orElseThrow().contains("are indistinguishable"), o.verdict().orElseThrow());
        assertTrue(o.toJson().get("verdict_comparison").get("closer").isNull());
    }

    /** The truth is nearly noise-free (as for the linear OU model), the estimates are not: no ranking. */
    @Test
    void differenceAboveTheTruthFloorButWithinEstimateNoiseIsNotRanked() {
        ResponseEstimate truth = est(ReproductionPipeline.TRUTH, new double[4], 1e-12);
        var o = outcome(new double[] {0.1, 0.1, 0.1, 0.1}, new double[] {0.12, 0.12, 0.12, 0.12}, 0.05, truth);
        ResponseMetrics l = o.metrics(ReproductionPipeline.LEARNED, ReproductionPipeline.TRUTH).orElseThrow();
        ResponseMetrics g = o.metrics(ReproductionPipeline.GAUSSIAN, ReproductionPipeline.TRUTH).orElseThrow();
        assertTrue(g.meanL2() - l.meanL2() > 1e6 * ReproductionPipeline.mean(l.noiseFloor()));
        assertTrue(o.verdictComparison().orElseThrow().closer().isEmpty());
        assertTrue(o.verdict().orElseThrow().contains("are indistinguishable"), o.verdict().orElseThrow());
    }

    @Test
    void noVerdictWithoutATruth() {
        double[] m = {0.9, 0.1, 0.6, 0};
        var base = outcome(m, m, 0.05, est(ReproductionPipeline.TRUTH, m, 0.1));
        var noTruth = new ReproductionPipeline.Outcome(base.system(), base.settings(), base.estimates(), Optional.empty(),
                Optional.empty(), List.of(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), java.util.Map.of());
        assertTrue(noTruth.verdict().isEmpty());
        assertTrue(!noTruth.toJson().has("verdict"));
    }
}

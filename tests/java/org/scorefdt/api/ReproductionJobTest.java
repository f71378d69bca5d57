package org.scorefdt.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scorefdt.config.ReproductionConfig;
import org.scorefdt.response.ResponseEstimate;

/**
 * The reproduce pipeline end to end on the OU SPDE at a tiny size, where theory gives every answer:
 * the exact response e^{Mτ}e₀ must agree with the perturbed-ensemble truth (exactly: the model is
 * linear and both copies share every noise draw) and with each GFDT estimate within its sampling
 * error — quasi-Gaussian and exact score within k = 4 standard errors (the L2 norm of the per-pixel
 * block SEs, so each lag's error norm is ≈ 1 such unit if unbiased), the learned CNN score within
 * the same plus 5% of ‖e^{Mτ}e₀‖ for the bias of a network trained for a few hundred steps (it is
 * smooth but not exactly linear; the normalised grid estimator cancels any linear equivariant
 * score's amplitude, so only the nonlinearity shows).
 */
class ReproductionJobTest {
    @TempDir
    Path tmp;

    /** 8×8 OU with the paper's parameters; a few seconds. */
    static String tinyOu(Path out) {
        return """
                [run]
                seed = 11
                output = "%s"
                [ou-spde]
                n = 8
                members = 16
                member_batch = 8
                blocks = 8
                duration = 300.0
                lags = 12
                snapshot_every = 2.0
                max_snapshots = 2400
                truth_members = 4
                truth_duration = 60.0
                reset_every = 12.0
                dsm_channels = [8]
                dsm_steps = 300
                dsm_eval_every = 50
                [allen-cahn]
                enabled = false
                [navier-stokes]
                enabled = false
                """.formatted(out.toString().replace("\\", "/"));
    }

    @Test
    void ouEstimatorsAndTruthAgreeWithTheExactResponse() {
        ReproductionConfig cfg = ReproductionConfig.parse(tinyOu(tmp.resolve("run")), "tiny.toml");
        ReproductionJob.Result r = ReproductionJob.run(cfg, JobListener.NONE);
        assertTrue(r.job().complete(), r.job().summary());
        ReproductionPipeline.Outcome ou = r.system("ou-spde");
        ResponseEstimate exact = ou.exact().orElseThrow();
        ResponseEstimate truth = ou.truth().orElseThrow();
        int d = 64, lags = 12;
        assertEquals(4 * 5, truth.pairs());                               // 4 members × windows at 0, 12, 24, 36, 48
        for (int i = 0; i < lags * d; i++) {
            assertEquals(exact.mean()[i], truth.mean()[i], 1e-9, "truth entry " + i);
        }
        for (String name : new String[] {ReproductionPipeline.GAUSSIAN, ReproductionPipeline.ANALYTIC, ReproductionPipeline.LEARNED}) {
            ResponseEstimate e = ou.estimate(name);
            assertEquals(16L * 300, e.pairs(), name);                      // every member's every save at lag 0
            double bias = name.equals(ReproductionPipeline.LEARNED) ? 0.05 : 0;
            for (int t = 1; t < lags; t++) {
                double err = 0, se = 0, norm = 0;
                for (int i = t * d; i < (t + 1) * d; i++) {
                    double diff = e.mean()[i] - exact.mean()[i];
                    err += diff * diff;
                    se += e.stderr()[i] * e.stderr()[i];
                    norm += exact.mean()[i] * exact.mean()[i];
                }
                double bound = 4 * Math.sqrt(se) + bias * Math.sqrt(norm);
                assertTrue(Math.sqrt(err) <= bound, name + " lag " + t + ": error " + Math.sqrt(err) + " > " + bound);
            }
            // Normalised: R(0) = I exactly.
            assertEquals(1.0, e.mean()[0], 1e-9, name);
        }
        // The metrics the report prints are those of these curves.
        assertEquals(0, ou.metrics(ReproductionPipeline.TRUTH, ReproductionPipeline.EXACT).orElseThrow().meanL2(), 1e-9);
        assertTrue(ou.verdict().isPresent());
        assertFalse(ou.training().orElseThrow().diverged());
    }

    /**
     * Navier–Stokes has hidden forcing phases after the vorticity: every curve must be of the observed
     * field only (N² entries per lag), and the truth at lag 0 is exactly the kick e₀ (the pair
     * difference over δ before any step), whatever the dynamics.
     */
    @Test
    void navierStokesReportsTheObservedFieldOnly() {
        String toml = """
                [run]
                seed = 3
                output = "%s"
                [ou-spde]
                enabled = false
                [allen-cahn]
                enabled = false
                [navier-stokes]
                members = 8
                blocks = 4
                spinup = 2.0
                duration = 4.0
                lags = 16
                snapshot_every = 0.5
                truth_members = 4
                truth_duration = 4.0
                reset_every = 2.0
                dsm_channels = [4]
                dsm_steps = 30
                dsm_eval_every = 10
                """.formatted(tmp.resolve("ns").toString().replace("\\", "/"));
        ReproductionJob.Result r = ReproductionJob.run(ReproductionConfig.parse(toml, "ns.toml"), JobListener.NONE);
        assertTrue(r.job().complete(), r.job().summary());
        ReproductionPipeline.Outcome ns = r.system("navier-stokes");
        ResponseEstimate truth = ns.truth().orElseThrow();
        assertEquals(64, truth.dim());
        assertEquals(4 * 2, truth.pairs());                                // windows at 0 and 2 time units
        double[] lag0 = truth.lag(0);
        for (int i = 0; i < 64; i++) assertEquals(i == 0 ? 1.0 : 0.0, lag0[i], 1e-12, "pixel " + i);
        for (ResponseEstimate e : ns.estimates()) {
            assertEquals(64, e.dim(), e.name());
            assertEquals(8L * 64, e.pairs(), e.name());                    // 8 members × 64 saves at lag 0
        }
        assertTrue(ns.exact().isEmpty());
        assertTrue(ns.metrics(ReproductionPipeline.GAUSSIAN, ReproductionPipeline.TRUTH).isPresent());
    }
}

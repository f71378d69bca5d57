package org.scorefdt.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Optional;
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
     * Allen–Cahn at 8×8 with the small default's noise_scale = 16 (the paper's per-cell noise): there the
     * fields switch wells and the GFDT with the <em>analytic</em> score must agree with the perturbed
     * truth — ‖R_analytic(τ) − R_truth(τ)‖₂ ≤ 4·√(Σ SE_truth² + SE_analytic²) at τ = 1…3 (the residual
     * bias of the RK4+EM law at dt = 1/32, ≈ 0.07 in L2 at τ = 1, is well inside). The quasi-Gaussian
     * estimate must fail the same bound at τ = 1 (its error there is ≈ 0.5): the check discriminates.
     */
    @Test
    void allenCahnAnalyticScoreAgreesWithTheTruthAndQuasiGaussianDoesNot() {
        String toml = """
                [run]
                seed = 5
                output = "%s"
                [ou-spde]
                enabled = false
                [navier-stokes]
                enabled = false
                [allen-cahn]
                noise_scale = 16.0
                spinup = 20.0
                members = 8
                blocks = 8
                duration = 200.0
                lags = 4
                snapshot_every = 5.0
                truth_members = 8
                truth_duration = 400.0
                reset_every = 4.0
                dsm_channels = [4]
                dsm_steps = 10
                dsm_eval_every = 10
                dsm_warmup = 2
                """.formatted(tmp.resolve("ac").toString().replace("\\", "/"));
        ReproductionJob.Result r = ReproductionJob.run(ReproductionConfig.parse(toml, "ac.toml"), JobListener.NONE);
        assertTrue(r.job().complete(), r.job().summary());
        ReproductionPipeline.Outcome ac = r.system("allen-cahn");
        ResponseEstimate truth = ac.truth().orElseThrow();
        assertEquals(8 * 100, truth.pairs());
        double[] lag1 = new double[2];
        for (String name : new String[] {ReproductionPipeline.ANALYTIC, ReproductionPipeline.GAUSSIAN}) {
            ResponseEstimate e = ac.estimate(name);
            for (int t = 1; t < 4; t++) {
                double err = 0, se = 0;
                for (int i = 0; i < 64; i++) {
                    double diff = e.lag(t)[i] - truth.lag(t)[i];
                    err += diff * diff;
                    double a = e.stderr()[t * 64 + i], b = truth.stderr()[t * 64 + i];
                    se += a * a + b * b;
                }
                double ratio = Math.sqrt(err) / (4 * Math.sqrt(se));
                if (name.equals(ReproductionPipeline.ANALYTIC)) {
                    assertTrue(ratio <= 1, name + " lag " + t + ": error " + Math.sqrt(err) + " > 4 SE " + 4 * Math.sqrt(se));
                }
                if (t == 1) lag1[name.equals(ReproductionPipeline.ANALYTIC) ? 0 : 1] = ratio;
            }
        }
        assertTrue(lag1[1] > 1, "quasi-Gaussian within 4 SE at lag 1 (ratio " + lag1[1] + "): the check does not discriminate");
    }

    /**
     * Navier–Stokes has hidden forcing phases after the vorticity: every curve must be of the observed
     * field only (N² entries per lag), projected on the 25 retained 2/3-rule modes of 8×8 (every method
     * and the truth alike), so the truth at lag 0 is exactly the projected kick P e₀ =
     * (1/N²)·D(x)·D(y) with D(j) = Σ_{|k|≤2} cos(2πkj/N), whatever the dynamics.
     */
    @Test
    void navierStokesReportsTheObservedFieldOnTheRetainedModes() {
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
        assertEquals(Optional.of(25), ns.comparedModes());
        ResponseEstimate truth = ns.truth().orElseThrow();
        assertEquals(64, truth.dim());
        assertEquals(4 * 2, truth.pairs());                                // windows at 0 and 2 time units
        double[] dirichlet = new double[8];
        for (int j = 0; j < 8; j++) for (int k = -2; k <= 2; k++) dirichlet[j] += Math.cos(2 * Math.PI * k * j / 8);
        double[] lag0 = truth.lag(0);
        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < 8; x++) {
                assertEquals(dirichlet[x] * dirichlet[y] / 64, lag0[y * 8 + x], 1e-12, "pixel " + x + ", " + y);
            }
        }
        assertEquals(25.0 / 64, lag0[0], 1e-12);
        for (ResponseEstimate e : ns.estimates()) {
            assertEquals(64, e.dim(), e.name());
            assertEquals(8L * 64, e.pairs(), e.name());                    // 8 members × 64 saves at lag 0
            // Normalised (R̂(k,0) = 1 on every retained mode), then projected: lag 0 is P e₀ as well.
            for (int i = 0; i < 64; i++) assertEquals(lag0[i], e.lag(0)[i], 1e-9, e.name() + " lag 0 pixel " + i);
        }
        assertTrue(ns.exact().isEmpty());
        assertTrue(ns.metrics(ReproductionPipeline.GAUSSIAN, ReproductionPipeline.TRUTH).isPresent());
    }
}

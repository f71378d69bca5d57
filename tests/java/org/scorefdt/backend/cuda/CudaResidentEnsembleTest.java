package org.scorefdt.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.scorefdt.backend.cuda.integrate.CudaDeviceEnsemble;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.scorefdt.backend.java.JavaBackend;
import org.scorefdt.integrate.Integrator;
import org.scorefdt.integrate.IntegratorSpec;
import org.scorefdt.integrate.Precision;
import org.scorefdt.integrate.Scheme;
import org.scorefdt.model.DoubleWell;
import org.scorefdt.response.Perturbation;
import org.scorefdt.score.AmplitudeCorrectedScore;
import org.scorefdt.score.LocalPolynomialScore;
import org.scorefdt.score.QuasiGaussianScore;
import org.scorefdt.score.ScoreModel;

/**
 * Host: why a column GFDT cannot stay resident on the CUDA tier names every reason — a host
 * integrator, a perturbation profile, each score without a device conjugate — and nothing is
 * said for scores that have a device form. Cyclic averaging and local-polynomial scores are no reasons.
 */
class CudaResidentEnsembleTest {
    private static final double[] DATA = {-1.1, -0.9, 0.2, 1.0, 0.95, -0.3, 0.7, -1.2};

    /** The exact double-well score, a score with no device form. */
    private static ScoreModel exactScore() {
        return new ScoreModel() {
            @Override public int dimension() { return 1; }
            @Override public String name() { return "exact"; }
            @Override public void score(double[] x, double[] out, int members) {
                for (int i = 0; i < members; i++) out[i] = -x[i] * x[i] * x[i] + x[i];
            }
        };
    }

    @Test
    void aHostIntegratorIsTheOnlyReasonWhenEveryScoreHasADeviceForm() {
        ScoreModel qg = QuasiGaussianScore.fit(DATA, DATA.length, 1, 1e-10);
        ScoreModel lp = LocalPolynomialScore.fit(DATA, DATA.length, 1, 0, 3, 0);
        try (Integrator java = new JavaBackend().integrator(new DoubleWell(1, 0.7), new IntegratorSpec(Scheme.HEUN, 0.01),
                Precision.F64, 1, 1)) {
            Optional<String> integrator = CudaDeviceEnsemble.unsupported(java);
            assertTrue(integrator.isPresent() && integrator.get().startsWith("device-resident runs need a CUDA integrator"),
                    integrator.toString());
        }
        assertEquals(Optional.empty(), CudaResidentEnsemble.columnReasons(new Perturbation.Impulse(0), List.of(qg, lp)));
    }

    @Test
    void everyReasonIsNamed() {
        ScoreModel exact = exactScore();
        ScoreModel qg = QuasiGaussianScore.fit(DATA, DATA.length, 1, 1e-10);
        String all = CudaResidentEnsemble.columnReasons(Perturbation.Profile.uniform(1),
                List.of(qg, exact, AmplitudeCorrectedScore.fit(exact, DATA, DATA.length))).orElseThrow();
        assertFalse(all.contains("cyclic"), all);
        assertTrue(all.contains("perturbation profile"), all);
        assertTrue(all.contains("score 'exact'") && all.contains("has no device form"), all);
        assertTrue(all.contains("amplitude-corrected score 'exact'"), all);
        assertEquals(3, all.split("; ").length, all);
    }
}

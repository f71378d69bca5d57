package org.scorefdt.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.scorefdt.backend.BackendKind;
import org.scorefdt.backend.ChosenIntegrator;
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
 * Host: when ResponseComparison's GFDT pass cannot run on the device, the one logged line
 * ({@code response accumulation runs on java, not cuda: <reason>}) names every reason — the integrator, a
 * perturbation profile, each score without a device conjugate — and nothing is said when everything
 * has a device form except the integrator's tier. Cyclic averaging (CudaCyclicColumnAccumulator) and
 * local-polynomial scores are no longer reasons.
 */
class DeviceColumnFallbackTest {
    private static final double[] DATA = {-1.1, -0.9, 0.2, 1.0, 0.95, -0.3, 0.7, -1.2};

    private static ChosenIntegrator cpu() {
        return ChosenIntegrator.open(BackendKind.JAVA, new DoubleWell(1, 0.7), new IntegratorSpec(Scheme.HEUN, 0.01),
                Precision.F64, 1, 1);
    }

    private static String line(ChosenIntegrator chosen, Perturbation p, List<ScoreModel> scores) {
        Optional<String> why = DeviceColumnGfdt.unsupported(chosen.integrator(), p, scores);
        assertTrue(why.isPresent(), "a host integrator always has a reason");
        return DeviceGfdt.hostFallback(why.get()).message();
    }

    @Test
    void theLineNamesEveryReason() {
        ScoreModel qg = QuasiGaussianScore.fit(DATA, DATA.length, 1, 1e-10);
        ScoreModel exact = DoubleWellResponseTest.exactScore();
        ScoreModel lp = LocalPolynomialScore.fit(DATA, DATA.length, 1, 0, 3, 0);
        try (ChosenIntegrator chosen = cpu()) {
            String integratorOnly = line(chosen, new Perturbation.Impulse(0), List.of(qg, lp));
            assertTrue(integratorOnly.startsWith("response accumulation runs on java, not cuda: device-resident runs need a CUDA integrator"),
                    integratorOnly);
            assertEquals(1, integratorOnly.split("; ").length, integratorOnly);

            String all = line(chosen, Perturbation.Profile.uniform(1),
                    List.of(qg, exact, AmplitudeCorrectedScore.fit(exact, DATA, DATA.length)));
            assertFalse(all.contains("cyclic"), all);
            assertTrue(all.contains("perturbation profile"), all);
            assertTrue(all.contains("score 'exact'") && all.contains("has no device form"), all);
            assertTrue(all.contains("amplitude-corrected score 'exact'"), all);
            assertEquals(4, all.split("; ").length, all);
        }
    }
}

package org.scorefdt.validation;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.scorefdt.api.ResponseStudy;
import org.scorefdt.api.ScoreType;
import org.scorefdt.api.ScoreTypes;
import org.scorefdt.io.JsonReport;
import org.scorefdt.model.PotentialModel;
import org.scorefdt.score.PotentialScore;

/**
 * How often the agreement rule of issue 13 (|z| ≤ 3 at every lag, |z| ≤ 2 at nine lags in ten, every
 * entry; docs/score-models.md §12) holds for the exact score itself, and for the polynomial and kernel
 * exponential family scores with their jackknife errors, at {@link FamilyValidationTest}'s sizes: the same quartic member run with
 * {@value #RUNS} independent run seeds (1 … {@value #RUNS}; the member's coefficients stay those of its
 * own seed). The exact score's pass rate is the rule's own false-alarm rate at these sizes, the yardstick
 * for a learned score's failures. Writes {@code target/validation/control-*.json}; asserts only that the
 * exact score's GFDT is unbiased against the truth on average: each run's mean z over entries and lags ≥ 1
 * has variance at most 1 (at most: fully correlated points), so the mean over runs lies within 4/√runs of 0.
 */
@Tag("validation")
class CriterionControlTest {
    static final int RUNS = 5;

    @ParameterizedTest(name = "{0}-D member, seed {1}")
    @CsvSource({"2, 7001", "4, 7002"})
    void passRatesOfTheExactAndThePolynomialScore(int d, long seed) throws Exception {
        PotentialModel model = PotentialModel.family(d, true, 1.0, seed);
        Map<String, ScoreType> types = new LinkedHashMap<>();
        types.put(ScoreTypes.BASELINE, ScoreTypes.QUASI_GAUSSIAN);
        types.put("polynomial", ScoreTypes.POLYNOMIAL);
        types.put("kef", ScoreTypes.KEF);
        ObjectNode json = JsonReport.newObject();
        json.put("model", model.toString());
        json.put("dimension", d);
        json.put("seed", seed);
        ArrayNode runs = json.putArray("runs");
        Map<String, Integer> passes = new LinkedHashMap<>(), familyWise = new LinkedHashMap<>();
        double zSum = 0, zSquares = 0;
        long zCount = 0, zValues = 0;
        for (long run = 1; run <= RUNS; run++) {
            ResponseStudy.Result r = FamilyValidationTest.study(model, run).scoreTypes(types).score("exact", new PotentialScore(model)).build().run();
            ObjectNode o = runs.addObject();
            o.put("run_seed", run);
            for (String name : new String[] {"exact", "polynomial", "kef"}) {
                var s = r.score(name).vsTruth();
                ObjectNode e = o.putObject(name);
                e.put("worst_abs_z", s.worst());
                double share = 1;
                for (double f : s.fractionWithin2()) share = Math.min(share, f);
                e.put("smallest_share_within2", share);
                e.put("agrees_with_truth", s.agrees());
                e.put("agrees_familywise", s.agreesFamilyWise());
                passes.merge(name, s.agrees() ? 1 : 0, Integer::sum);
                familyWise.merge(name, s.agreesFamilyWise() ? 1 : 0, Integer::sum);
                if (name.equals("exact")) {
                    // lag 0 of the truth is exact (no error): leave it out of the bias check
                    double[] z = s.z();
                    double mean = 0;
                    for (int i = d * d; i < z.length; i++) {
                        mean += z[i];
                        zSquares += z[i] * z[i];
                        zValues++;
                    }
                    zSum += mean / (z.length - d * d);
                    zCount++;
                }
            }
        }
        ObjectNode p = json.putObject("passes");
        passes.forEach(p::put);
        ObjectNode f = json.putObject("passes_familywise");
        familyWise.forEach(f::put);
        // Calibration of the exact score's error bars: the RMS of its z (lags ≥ 1) is 1 when they are right.
        json.put("exact_z_rms", Math.sqrt(zSquares / zValues));
        json.put("runs_count", RUNS);
        double meanZ = zSum / zCount;
        json.put("exact_mean_z", meanZ);
        Path out = Path.of("target", "validation");
        Files.createDirectories(out);
        JsonReport.write(out.resolve("control-" + d + "d-s" + seed + ".json"), json);
        assertTrue(Math.abs(meanZ) <= 4 / Math.sqrt(RUNS), "exact score: mean z over runs " + meanZ);
    }
}

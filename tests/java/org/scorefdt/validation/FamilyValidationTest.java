package org.scorefdt.validation;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.scorefdt.api.ResponseStudy;
import org.scorefdt.api.ScoreType;
import org.scorefdt.api.ScoreTypes;
import org.scorefdt.backend.BackendKind;
import org.scorefdt.integrate.Scheme;
import org.scorefdt.io.JsonReport;
import org.scorefdt.model.PotentialModel;
import org.scorefdt.score.PotentialScore;

/**
 * Issue 13's done-when check on members of the validation family that no default was tuned on
 * (docs/systems.md §4.1; seeds 7001 to 7004 appear nowhere else): non-reversible (γ = 1) multimodal
 * systems in 2-D and 4-D, every default score type fitted with its defaults through the public
 * {@link ResponseStudy}, the whole response matrix for t ≤ 2 against the perturbed-ensemble truth.
 * Two quartic members, whose exact score lies in the polynomial score's family (degree 4 of the
 * degrees it chooses from), and two with the Gaussian bump h = 1, w = 0.5 (fixed before any run), whose
 * score no polynomial contains. Passes when the best learned score agrees with the truth at every entry
 * (|z| ≤ 3 at every lag, |z| ≤ 2 at nine lags in ten, z over both standard errors; the moment fits'
 * errors include the fit's own, docs/architecture.md §7) and every learned type beats the
 * quasi-Gaussian with z &gt; 3. The exact score is run alongside as the control: where it fails too,
 * the error bars or the truth are at fault, not the learned score. The data pass keeps every 5th save
 * (up to 2¹⁷ rows: all of them); the kernel and network types take a strided 8192 of them. Minutes per
 * member on 2 cores, so it runs only in the
 * {@code validation} profile ({@code mvn -Pvalidation test}); every number lands in
 * {@code target/validation/*.json} (bench/run-validation.sh copies them to docs/validation/).
 */
@Tag("validation")
class FamilyValidationTest {

    /** The validation's sizes, shared with {@link CriterionControlTest} so its pass rates are for these very runs. */
    static ResponseStudy.Builder study(PotentialModel model, long runSeed) {
        return ResponseStudy.builder(model).scheme(Scheme.HEUN).dt(0.005).saveEvery(20).lags(21)
                .members(256).blocks(16).spinUpSteps(2000).saves(2000).truthMembers(2048).truthSaves(1000).delta(0.02)
                .resetEvery(40).snapshotEvery(5).maxSnapshots(1 << 17).horizon(2.0).seed(runSeed).backend(BackendKind.AUTO);
    }

    @ParameterizedTest(name = "{0}-D member, seed {1}, bump {2}")
    @CsvSource({"2, 7001, 0", "4, 7002, 0", "2, 7003, 1", "4, 7004, 1"})
    void defaultLearnedScoresMatchTheTruthOnUntunedMembers(int d, long seed, double bump) throws Exception {
        PotentialModel quartic = PotentialModel.family(d, true, 1.0, seed);
        PotentialModel model = bump > 0 ? quartic.withBump(bump, 0.5) : quartic;
        Map<String, ScoreType> types = new LinkedHashMap<>(ScoreTypes.defaults());
        ResponseStudy.Result r = study(model, seed).scoreTypes(types).score("exact", new PotentialScore(model)).build().run();

        ObjectNode json = JsonReport.newObject();
        json.put("model", model.toString());
        json.put("dimension", d);
        json.put("seed", seed);
        json.put("bump", bump);
        json.put("polynomial_contains_exact_score", bump == 0);
        ArrayNode scores = json.putArray("scores");
        List<String> problems = new ArrayList<>();
        boolean anyLearnedAgrees = false;
        for (ResponseStudy.ScoreResult s : r.scores()) {
            ObjectNode o = scores.addObject();
            o.put("score", s.name());
            o.put("worst_abs_z", s.vsTruth().worst());
            o.set("max_abs_z_per_entry", JsonReport.array(s.vsTruth().maxAbsZ()));
            o.set("fraction_within2_per_entry", JsonReport.array(s.vsTruth().fractionWithin2()));
            o.put("agrees_with_truth", s.vsTruth().agrees());
            o.put("agrees_familywise", s.vsTruth().agreesFamilyWise());
            o.put("familywise_bound", s.vsTruth().familyWiseBound(org.scorefdt.response.EntryAgreement.FAMILY_ALPHA));
            o.put("errors_include_fit", s.fitInErrors());
            s.vsBaseline().ifPresent(c -> o.set("vs_quasi_gaussian", JsonReport.comparison(c)));
            s.diagnostics().ifPresent(dg -> o.set("diagnostics", JsonReport.diagnostics(dg)));
            boolean learned = types.containsKey(s.name()) && !s.name().equals(ScoreTypes.BASELINE);
            if (!learned) continue;
            anyLearnedAgrees |= s.vsTruth().agrees();
            double z = s.vsBaseline().orElseThrow().z();
            if (!(z > 3)) problems.add(s.name() + " does not beat quasi-Gaussian (z = " + z + ")");
        }
        Path out = Path.of("target", "validation");
        Files.createDirectories(out);
        JsonReport.write(out.resolve("family-" + d + "d-s" + seed + (bump > 0 ? "-bump" : "") + ".json"), json);
        if (!anyLearnedAgrees) problems.add("no learned score agrees with the truth at every entry");
        assertTrue(problems.isEmpty(), d + "-D member " + seed + ": " + String.join("; ", problems));
    }
}

package org.scorefdt.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.scorefdt.backend.BackendKind;
import org.scorefdt.model.PotentialModel;
import org.scorefdt.response.ResponseMatrix;
import org.scorefdt.score.PotentialScore;
import org.scorefdt.score.ScoreModel;

/**
 * {@link FitJackknife} through {@link ResponseStudy} on a 2-D non-reversible member of the validation
 * family: (1) a "fit" that ignores its rows (the exact score every time) has no fit uncertainty, so the
 * delete-one-block jackknife must reproduce the GFDT pass's block-spread errors of the same score (equal
 * to first order; 5 % allows the ratio estimator's second-order terms); (2) the polynomial moment fit, whose
 * error comes from the same members as the GFDT's (and partly cancels it: a fit with linear terms meets the
 * Stein identity on its own rows, so lag 0 has almost no spread), agrees with the truth with its jackknife
 * errors (|z| ≤ 4 at all 84 points, as {@code ResponseStudyTest} asks of the exact score).
 */
class FitJackknifeTest {
    private static final PotentialModel MODEL = PotentialModel.family(2, true, 1.0, 5);
    private static final ScoreModel EXACT = new PotentialScore(MODEL);

    /** The exact score, "refitted" per block: no fit uncertainty at all. */
    private static final ScoreType FIXED = new ScoreType() {
        @Override
        public ScoreModel fit(double[] data, int n, int d, long seed) {
            return EXACT;
        }

        @Override
        public boolean refitPerBlock() {
            return true;
        }
    };

    private static ResponseStudy.Result study(Map<String, ScoreType> types) {
        return ResponseStudy.builder(MODEL).dt(0.002).saveEvery(50).lags(21).members(64).blocks(16).spinUpSteps(2500).saves(1000)
                .truthMembers(512).truthSaves(1000).delta(0.02).snapshotEvery(5).maxSnapshots(1 << 16).horizon(2.0).seed(11)
                .backend(BackendKind.JAVA).scoreTypes(types).score("exact", EXACT).build().run();
    }

    @Test
    void withoutFitUncertaintyTheJackknifeIsTheBlockSpread() {
        Map<String, ScoreType> types = new LinkedHashMap<>();
        types.put("fixed", FIXED);
        types.put("polynomial", ScoreTypes.POLYNOMIAL);
        ResponseStudy.Result r = study(types);
        ResponseStudy.ScoreResult fixed = r.score("fixed"), exact = r.score("exact"), poly = r.score("polynomial");
        assertTrue(fixed.fitInErrors() && poly.fitInErrors());
        assertFalse(exact.fitInErrors());
        assertArrayEquals(exact.gfdt().mean(), fixed.gfdt().mean(), 0.0, "same score, same pass: same estimate");
        double[] jk = fixed.gfdt().stderr(), spread = exact.gfdt().stderr();
        // Equal blocks: for a linear statistic the two are identical. The centred estimate is not linear: the
        // spread centres each block by its own means, the jackknife by fifteen blocks' means, and the products of
        // means differ at O(1/effective samples per block) — 4 members of strongly correlated saves here, measured
        // 1.8 % at lag 0; 5 % bounds it, while replicates weighted wrongly (no block left out, or two) would be off by O(1).
        for (int i = 0; i < jk.length; i++) assertEquals(1, jk[i] / spread[i], 0.05, "point " + i + ": jackknife " + jk[i] + " vs spread " + spread[i]);

        ResponseMatrix truth = r.truth();
        assertTrue(poly.vsTruth().worst() <= 4, "polynomial vs truth with fit errors: max |z| = " + poly.vsTruth().worst());
        assertEquals(truth.lags() * 4, poly.vsTruth().z().length);
    }

    /**
     * The sharp check of the fit's and the GFDT's blocks lining up: a quasi-Gaussian fitted on exactly the GFDT
     * pass's states (every save kept, no cap) meets ⟨(x − x̄) sᵀ⟩ = −C(C + λ)⁻¹ on them, so lag 0 of every replicate
     * fitted without block b and averaged without block b is the same matrix up to rounding: its jackknife error
     * vanishes. A replicate whose fit left out other members than its GFDT would differ at O(1/√n).
     */
    @Test
    void aFitOnTheGfdtRowsHasNoLagZeroJackknifeError() {
        Map<String, ScoreType> types = new LinkedHashMap<>();
        types.put(ScoreTypes.BASELINE, ScoreTypes.QUASI_GAUSSIAN);
        ResponseStudy.Result r = ResponseStudy.builder(MODEL).dt(0.002).saveEvery(50).lags(5).members(32).blocks(8).spinUpSteps(2500).saves(200)
                .truthMembers(256).truthSaves(100).delta(0.02).snapshotEvery(1).maxSnapshots(32 * 200).seed(13)
                .backend(BackendKind.JAVA).scoreTypes(types).score("exact", EXACT).build().run();
        ResponseMatrix qg = r.score(ScoreTypes.BASELINE).gfdt(), exact = r.score("exact").gfdt();
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 2; j++) {
                assertTrue(qg.stderrAt(0, i, j) < 1e-9, "lag 0 (" + i + ", " + j + "): jackknife " + qg.stderrAt(0, i, j));
                assertTrue(exact.stderrAt(0, i, j) > 1e-3, "the block spread it is compared with: " + exact.stderrAt(0, i, j));
                assertTrue(qg.stderrAt(2, i, j) > 1e-3, "later lags keep their error: " + qg.stderrAt(2, i, j));
            }
        }
        assertFalse(ScoreTypes.KEF.appliesTo(7), "kef is for d <= 6");
        assertTrue(ScoreTypes.KEF.appliesTo(6) && ScoreTypes.POLYNOMIAL.appliesTo(7));
    }

    @Test
    void trainingRowsLeaveOutExactlyTheBlocksMembers() {
        int members = 10, d = 2, saves = 3, blocks = 4;
        double[] data = new double[members * saves * d];
        for (int r = 0; r < members * saves; r++) {
            data[r * d] = r % members; // member
            data[r * d + 1] = r / members; // save
        }
        TrainingRows rows = new TrainingRows(data, members * saves, d);
        for (int b = 0; b < blocks; b++) {
            long from = org.scorefdt.response.LaggedSums.firstMember(b, members, blocks), to = org.scorefdt.response.LaggedSums.firstMember(b + 1, members, blocks);
            TrainingRows kept = rows.withoutBlock(b, members, blocks);
            assertEquals((members - (to - from)) * saves, kept.count(), "block " + b);
            for (int k = 0; k < kept.count(); k++) {
                double m = kept.data()[k * d];
                assertTrue(m < from || m >= to, "block " + b + " keeps member " + m);
            }
        }
        TrainingRows few = rows.atMost(7, members);
        assertEquals(7, few.count());
        for (int k = 0; k < 7; k++) {
            int r = k * 30 / 7;
            assertEquals(r % members, few.data()[k * d]);
            assertEquals(r / members, few.data()[k * d + 1]);
        }
        assertTrue(rows.atMost(30, members) == rows, "no thinning at or under the cap");
        // With room for whole saves, whole saves are kept, evenly strided: 2 of 3 saves, every member in each.
        TrainingRows wholeSaves = rows.atMost(25, members);
        assertEquals(20, wholeSaves.count());
        for (int k = 0; k < 20; k++) {
            assertEquals(k % members, wholeSaves.data()[k * d]);
            assertEquals(k / members, wholeSaves.data()[k * d + 1]); // saves ⌊0·3/2⌋ = 0 and ⌊1·3/2⌋ = 1
        }
        // Thinned rows keep their members: leaving a block out of them drops exactly that block's rows.
        for (int b = 0; b < blocks; b++) {
            long from = org.scorefdt.response.LaggedSums.firstMember(b, members, blocks), to = org.scorefdt.response.LaggedSums.firstMember(b + 1, members, blocks);
            TrainingRows kept = few.withoutBlock(b, members, blocks);
            int expected = 0;
            for (int k = 0; k < 7; k++) {
                double m = few.data()[k * d];
                if (m < from || m >= to) expected++;
            }
            assertEquals(expected, kept.count(), "thinned, block " + b);
            for (int k = 0; k < kept.count(); k++) assertTrue(kept.data()[k * d] < from || kept.data()[k * d] >= to);
        }
    }
}

package org.scorefdt.response;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link EntryAgreement}: z over both standard errors, the per-entry rule, and the family-wise reading.
 * For an estimate that is the truth plus noise of exactly its standard error (errorDof 0), the
 * family-wise verdict holds with probability (1 − α/m)^m ≈ 1 − α at any size (asserted within 4 binomial standard errors
 * over independent draws), while the per-entry rule over 4 × 4 entries and 21 independent lags holds
 * only about one time in seven (docs/score-models.md §12's table: 15 %).
 */
class EntryAgreementTest {
    static final int LAGS = 21, D = 4, DRAWS = 2000;

    static ResponseMatrix matrix(String name, double[] mean, double se) {
        double[] times = new double[LAGS];
        for (int t = 0; t < LAGS; t++) times[t] = 0.1 * t;
        double[] err = new double[mean.length];
        java.util.Arrays.fill(err, se);
        return new ResponseMatrix(name, times, LAGS, D, new int[] {0, 1, 2, 3}, mean, err, List.of(), 100);
    }

    @Test
    void aCalibratedEstimatePassesTheFamilyWiseReadingAtOneMinusAlphaAndTheRuleFarLessOften() {
        SplittableRandom r = new SplittableRandom(17);
        int n = LAGS * D * D, familyWise = 0, rule = 0;
        double[] truth = new double[n];
        for (int i = 0; i < n; i++) truth[i] = Math.exp(-0.1 * (i / (D * D)));
        ResponseMatrix ref = matrix("truth", truth, 0.03);
        for (int k = 0; k < DRAWS; k++) {
            double[] est = new double[n];
            // SE_est = 0.04, SE_ref = 0.03: the difference has sd 0.05 = the combined error, so each z is N(0, 1).
            for (int i = 0; i < n; i++) est[i] = truth[i] + 0.05 * r.nextGaussian();
            EntryAgreement a = EntryAgreement.of(matrix("gfdt", est, 0.04), ref, LAGS);
            if (a.agreesFamilyWise()) familyWise++;
            if (a.agrees()) rule++;
        }
        double expected = Math.pow(1 - EntryAgreement.FAMILY_ALPHA / n, n), se = Math.sqrt(expected * (1 - expected) / DRAWS);
        assertEquals(expected, familyWise / (double) DRAWS, 4 * se, "family-wise pass rate");
        assertTrue(rule / (double) DRAWS < 0.25, "the per-entry rule passed " + rule + " of " + DRAWS);
        assertTrue(rule / (double) DRAWS > 0.08, "the per-entry rule passed " + rule + " of " + DRAWS);
    }

    /**
     * Standard errors estimated from B = 16 blocks (each entry's SE scaled by √(χ²₁₅/15), one draw per
     * entry, as block spreads that move together over lags): with Student's bound the family-wise reading
     * still passes at least 1 − α of the time (within 4 binomial SE); with the normal's it would not.
     */
    @Test
    void withErrorsFromSixteenBlocksStudentsBoundKeepsTheFalseAlarmRate() {
        SplittableRandom r = new SplittableRandom(23);
        int n = LAGS * D * D, entries = D * D, student = 0, normal = 0;
        double[] truth = new double[n];
        ResponseMatrix ref = matrix("truth", truth, 1e-9);  // an (almost) exact reference: the estimate's errors dominate
        for (int k = 0; k < DRAWS; k++) {
            double[] est = new double[n], se = new double[n];
            for (int q = 0; q < entries; q++) {
                double chi2 = 0;
                for (int b = 0; b < 15; b++) {
                    double g = r.nextGaussian();
                    chi2 += g * g;
                }
                double scale = Math.sqrt(chi2 / 15);
                for (int t = 0; t < LAGS; t++) {
                    est[t * entries + q] = 0.05 * r.nextGaussian();
                    se[t * entries + q] = 0.05 * scale;
                }
            }
            double[] times = new double[LAGS];
            ResponseMatrix e = new ResponseMatrix("gfdt", times, LAGS, D, new int[] {0, 1, 2, 3}, est, se, List.of(), 100);
            EntryAgreement a = EntryAgreement.of(e, ref, LAGS, 15);
            if (a.agreesFamilyWise()) student++;
            if (a.worst() <= EntryAgreement.familyWiseBound(EntryAgreement.FAMILY_ALPHA, n, 0)) normal++;
        }
        double floor = 1 - EntryAgreement.FAMILY_ALPHA, se = Math.sqrt(floor * (1 - floor) / DRAWS);
        assertTrue(student / (double) DRAWS >= floor - 4 * se, "Student's bound passed " + student + " of " + DRAWS);
        assertTrue(normal / (double) DRAWS < floor - 4 * se, "the normal's bound passed " + normal + " of " + DRAWS);
    }

    @Test
    void aBiasOfThreeCombinedErrorsInOneEntryFailsBothReadings() {
        int n = LAGS * D * D;
        double[] truth = new double[n], est = new double[n];
        for (int i = 0; i < n; i++) est[i] = truth[i] = 1;
        for (int t = 0; t < LAGS; t++) est[t * D * D + 5] += 0.25;  // entry 5 off by 5 combined errors at every lag
        EntryAgreement a = EntryAgreement.of(matrix("gfdt", est, 0.04), matrix("truth", truth, 0.03), LAGS);
        assertEquals(5, a.worst(), 1e-9);
        assertFalse(a.agrees(5));
        assertTrue(a.agrees(4));
        assertFalse(a.agreesFamilyWise());
        assertEquals(n, a.compared());
    }

    @Test
    void theBoundIsBonferronisNormalQuantile() {
        // The values bench/rule_pass_rate.py records with Python's NormalDist for 4 and 16 entries × 21 lags.
        assertEquals(3.434, EntryAgreement.familyWiseBound(0.05, 4 * 21, 0), 5e-4);
        assertEquals(3.793, EntryAgreement.familyWiseBound(0.05, 16 * 21, 0), 5e-4);
        assertEquals(1.959964, EntryAgreement.familyWiseBound(0.05, 1, 0), 1e-5);
        // Errors from 16 blocks: Student's t with 15 degrees of freedom (scipy.stats.t.ppf(1 - 0.05/2, 15) = 2.131450).
        assertEquals(2.131450, EntryAgreement.familyWiseBound(0.05, 1, 15), 1e-5);
        assertEquals(4.330, EntryAgreement.familyWiseBound(0.05, 4 * 21, 15), 5e-3);   // bench/rule_pass_rate.py's "blocks" rows
        assertEquals(5.032, EntryAgreement.familyWiseBound(0.05, 16 * 21, 15), 5e-3);
        assertTrue(EntryAgreement.familyWiseBound(0.05, 16 * 21, 15) > EntryAgreement.familyWiseBound(0.05, 16 * 21, 0) + 1);
        assertThrows(IllegalArgumentException.class, () -> EntryAgreement.familyWiseBound(0, 4, 0));
        assertThrows(IllegalArgumentException.class, () -> EntryAgreement.familyWiseBound(0.05, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> EntryAgreement.familyWiseBound(0.05, 4, -1));
    }
}

package org.scorefdt.api.reproduce;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.scorefdt.io.JsonReport;

/**
 * Whether branched members have forgotten their parent (docs/reproduction.md §1.1): the mean spatial
 * correlation of the observed fields of sibling pairs (same parent) against that of unrelated pairs
 * (different parents, independent by construction), each over disjoint pairs with the standard error of
 * its mean, and the z of their difference. Each field is centred on its own spatial mean (a pattern
 * correlation): centring on the ensemble mean would make unrelated members anti-correlated whenever the
 * ensemble still clusters around its P parents (−1/(P−1) for identical siblings).
 *
 * @param parents          parents P
 * @param siblingPairs     disjoint sibling pairs (m, m + P)
 * @param sibling          their mean correlation
 * @param siblingStderr    its standard error
 * @param unrelatedPairs   disjoint unrelated pairs (m, m + 1), 0 when P = 1
 * @param unrelated        their mean correlation (0 when there are none, P = 1: the value for independent fields
 *                         with no spatial mean pattern; with one parent the check is only against 0)
 * @param unrelatedStderr  its standard error (0 when there are none)
 */
public record SiblingCorrelation(int parents, int siblingPairs, double sibling, double siblingStderr, int unrelatedPairs,
                                 double unrelated, double unrelatedStderr) {
    /** |z| above which siblings are said to remember their parent. */
    public static final double THRESHOLD = 3;

    /**
     * Measures the members' states after branching.
     *
     * @param states    {@code [members][dimension]}
     * @param dimension state dimension
     * @param observed  leading components compared (the observed field)
     * @param parents   P ≥ 1; member m's parent is m mod P
     */
    public static SiblingCorrelation of(double[] states, int dimension, int observed, int parents) {
        int members = states.length / dimension;
        double[] mean = new double[members];
        for (int m = 0; m < members; m++) {
            for (int i = 0; i < observed; i++) mean[m] += states[m * dimension + i];
            mean[m] /= observed;
        }
        Stat sib = new Stat(), unrel = new Stat();
        // Disjoint sibling pairs: (m, m + P) for m in the even rounds of P members.
        for (int m = 0; m + parents < members; m++) {
            if ((m / parents) % 2 == 0) sib.add(correlation(states, dimension, observed, mean, m, m + parents));
        }
        // Disjoint neighbours with different parents.
        for (int m = 0; m + 1 < members && parents > 1; m += 2) { // neighbours always have different parents when P > 1
            unrel.add(correlation(states, dimension, observed, mean, m, m + 1));
        }
        return new SiblingCorrelation(parents, sib.n, sib.mean(), sib.stderr(), unrel.n, unrel.mean(), unrel.stderr());
    }

    /** (sibling − unrelated) over its standard error; NaN without sibling pairs. */
    public double z() {
        double se = Math.hypot(siblingStderr, unrelatedStderr);
        return siblingPairs < 2 ? Double.NaN : (sibling - unrelated) / se;
    }

    /** Whether there are sibling pairs to measure (members ≥ 3P gives at least two). */
    public boolean measured() {
        return siblingPairs >= 2;
    }

    /** Whether siblings are measured to be as uncorrelated as unrelated members (|z| ≤ {@link #THRESHOLD}). */
    public boolean decorrelated() {
        return measured() && Math.abs(z()) <= THRESHOLD;
    }

    /** One line for the log and the report. */
    public String summary() {
        if (!measured()) return "not measured: " + siblingPairs + " sibling pairs (need members >= 3 x parents)";
        return String.format(java.util.Locale.ROOT, "siblings' field correlation %.4f ± %.4f (%d pairs) vs unrelated %.4f ± %.4f "
                + "(%d pairs), z = %.2f: %s", sibling, siblingStderr, siblingPairs, unrelated, unrelatedStderr, unrelatedPairs, z(),
                decorrelated() ? "decorrelated" : "siblings still remember their parent; raise branch_time");
    }

    /** The report's {@code branching} object. */
    public ObjectNode toJson(double branchTime) {
        ObjectNode o = JsonReport.newObject();
        o.put("parents", parents);
        o.put("branch_time", branchTime);
        o.put("sibling_correlation", sibling);
        o.put("sibling_correlation_stderr", siblingStderr);
        o.put("sibling_pairs", siblingPairs);
        o.put("unrelated_correlation", unrelated);
        o.put("unrelated_correlation_stderr", unrelatedStderr);
        o.put("unrelated_pairs", unrelatedPairs);
        o.put("measured", measured());
        if (measured()) o.put("z", z());
        o.put("decorrelated", decorrelated());
        return o;
    }

    private static double correlation(double[] x, int d, int obs, double[] mean, int a, int b) {
        double ab = 0, aa = 0, bb = 0;
        for (int i = 0; i < obs; i++) {
            double u = x[a * d + i] - mean[a], v = x[b * d + i] - mean[b];
            ab += u * v;
            aa += u * u;
            bb += v * v;
        }
        return aa > 0 && bb > 0 ? ab / Math.sqrt(aa * bb) : 0;
    }

    /** Mean and standard error of a sample (Welford). */
    private static final class Stat {
        int n;
        double mean, m2;

        void add(double v) {
            n++;
            double dlt = v - mean;
            mean += dlt / n;
            m2 += dlt * (v - mean);
        }

        double mean() {
            return n == 0 ? 0 : mean;
        }

        double stderr() {
            return n < 2 ? 0 : Math.sqrt(m2 / (n - 1) / n);
        }
    }
}

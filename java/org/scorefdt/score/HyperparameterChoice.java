package org.scorefdt.score;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * How a score model's hyper-parameters were chosen on held-out data, for reports: the candidates
 * (one row of {@code parameters} per grid point, fitted on the fit part), the criterion on the held-out
 * part with its standard error, the best candidate, and the values finally used on all the data
 * (which may be the best candidate rescaled from the fit part's size to n). docs/score-models.md §10.
 *
 * @param model      the score type ({@code kde}, {@code kgmm})
 * @param criterion  what was minimised, e.g. {@code held-out Hyvärinen loss}
 * @param parameters names of the chosen quantities, e.g. {@code [h]} or {@code [clusters, sigma]}
 * @param grid       {@code [candidates][parameters]}, fit-part values
 * @param loss       criterion per candidate (lower is better)
 * @param lossStderr its standard error per candidate
 * @param best       index of the candidate with the lowest criterion
 * @param chosen     the values used for the final model, one per parameter
 * @param fitPoints  data points the candidates were fitted on
 * @param heldOut    data points the criterion was measured on
 */
public record HyperparameterChoice(String model, String criterion, List<String> parameters, double[][] grid, double[] loss,
                                   double[] lossStderr, int best, double[] chosen, int fitPoints, int heldOut) {
    public HyperparameterChoice {
        parameters = List.copyOf(parameters);
        if (grid.length == 0 || grid.length != loss.length || loss.length != lossStderr.length || best < 0 || best >= grid.length
                || chosen.length != parameters.size()) {
            throw new IllegalArgumentException("hyper-parameter choice: " + grid.length + " candidates, " + loss.length + " losses, "
                    + lossStderr.length + " standard errors, best " + best + ", " + chosen.length + " chosen values for "
                    + parameters.size() + " parameters: inconsistent");
        }
        grid = Arrays.stream(grid).map(double[]::clone).toArray(double[][]::new);
        loss = loss.clone();
        lossStderr = lossStderr.clone();
        chosen = chosen.clone();
    }

    /** One line, e.g. {@code kde: h = 0.156 by held-out Hyvärinen loss -6.44 ± 0.12 (best of 9; next best -6.40 ± 0.12)}. */
    public String summary() {
        StringBuilder b = new StringBuilder(model).append(':');
        for (int i = 0; i < chosen.length; i++) {
            b.append(i == 0 ? " " : ", ").append(parameters.get(i)).append(" = ").append(String.format(Locale.ROOT, "%.4g", chosen[i]));
        }
        if (heldOut == 0) return b.append(" by ").append(criterion).toString(); // a rule, nothing measured
        b.append(String.format(Locale.ROOT, " by %s %.4g ± %.2g (best of %d on %d held-out points", criterion, loss[best],
                lossStderr[best], loss.length, heldOut));
        int second = -1;
        for (int g = 0; g < loss.length; g++) if (g != best && (second < 0 || loss[g] < loss[second])) second = g;
        if (second >= 0) b.append(String.format(Locale.ROOT, "; next best %.4g ± %.2g", loss[second], lossStderr[second]));
        return b.append(')').toString();
    }

    /**
     * A value set by a rule because the data are too few to hold any out: one candidate, no loss,
     * {@code heldOut} = 0; {@link #summary()} names the rule.
     */
    public static HyperparameterChoice byRule(String model, String rule, String parameter, double value, int points) {
        return new HyperparameterChoice(model, rule, List.of(parameter), new double[][] {{value}}, new double[] {Double.NaN},
                new double[] {Double.NaN}, 0, new double[] {value}, points, 0);
    }

    /** Index of the lowest finite loss (the first on ties; 0 when none is finite). */
    static int argmin(double[] loss) {
        int best = 0;
        for (int g = 1; g < loss.length; g++) if (loss[g] < loss[best] || !(loss[best] == loss[best])) best = g;
        return best;
    }
}

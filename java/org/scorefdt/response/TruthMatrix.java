package org.scorefdt.response;

import java.util.List;
import org.scorefdt.ensemble.EnsembleSpec;
import org.scorefdt.integrate.Integrator;
import org.scorefdt.model.InitialCondition;

/**
 * The perturbed-ensemble truth of a response matrix (docs/systems.md §5.11): one paired
 * {@link PerturbedEnsemble} per chosen column j, kicked by δ·e_j, on its own members (column k's
 * members start at {@code memberOffset + k·members}), so the columns are independent estimates and
 * the standard errors of linear functionals summed over columns add in quadrature.
 */
public final class TruthMatrix {
    private TruthMatrix() {}

    /**
     * The matrix with linear functionals of it: {@code projectionMeans[q]} = w_q·R over every entry
     * and {@code projectionStderrs[q]} its exact standard error (see {@link PerturbedEnsemble.Projected}).
     */
    public record Result(ResponseMatrix matrix, double[] projectionMeans, double[] projectionStderrs) {}

    /**
     * @param spec         members per column, spin-up, saves, save interval, seed
     * @param columns      impulse components j ({@link LaggedMatrixAccumulator#checkColumns})
     * @param delta        kick amplitude δ ≠ 0
     * @param resetEvery   saves between kicks, ≥ lags
     * @param memberOffset global index of column 0's first member
     * @param projections  weight vectors in the matrix layout {@code [lags][d][columns]}
     * @param kernels      the job's tiers (a device truth where the integrator's tier offers one)
     */
    public static Result run(String name, Integrator integrator, EnsembleSpec spec, InitialCondition initial, double dt,
                             int[] columns, double delta, int lags, int resetEvery, long memberOffset, double[][] projections,
                             ResponseKernels kernels) {
        int d = integrator.dimension(), w = columns.length;
        LaggedMatrixAccumulator.checkColumns(d, columns);
        for (int q = 0; q < projections.length; q++) {
            if (projections[q].length != lags * d * w) {
                throw new IllegalArgumentException("projection " + q + " has " + projections[q].length + " weights, need lags × d × columns = "
                        + lags * d * w);
            }
        }
        double[] mean = new double[lags * d * w], se = new double[lags * d * w];
        double[] pMean = new double[projections.length], pVar = new double[projections.length];
        long pairs = Long.MAX_VALUE;
        for (int k = 0; k < w; k++) {
            double[][] slice = new double[projections.length][lags * d];
            for (int q = 0; q < projections.length; q++) {
                for (int i = 0; i < lags * d; i++) slice[q][i] = projections[q][i * w + k];
            }
            var pe = new PerturbedEnsemble(integrator, spec, initial, dt,
                    new PerturbedEnsemble.Impulse(columns[k], delta, lags, resetEvery), memberOffset + (long) k * spec.members());
            PerturbedEnsemble.Projected p = pe.run(name, slice, kernels);
            ResponseEstimate col = p.estimate();
            double[] cm = col.mean(), cs = col.stderr();
            for (int i = 0; i < lags * d; i++) {
                mean[i * w + k] = cm[i];
                se[i * w + k] = cs[i];
            }
            for (int q = 0; q < projections.length; q++) {
                pMean[q] += p.means()[q];
                pVar[q] += p.stderrs()[q] * p.stderrs()[q];  // independent members per column
            }
            pairs = Math.min(pairs, col.pairs());
        }
        double[] pSe = new double[projections.length];
        for (int q = 0; q < pSe.length; q++) pSe[q] = Math.sqrt(pVar[q]);
        return new Result(new ResponseMatrix(name, timesOf(lags, spec.saveEvery() * dt), lags, d, columns, mean, se, List.of(), pairs),
                pMean, pSe);
    }

    private static double[] timesOf(int lags, double saveInterval) {
        double[] t = new double[lags];
        for (int i = 0; i < lags; i++) t[i] = i * saveInterval;
        return t;
    }
}

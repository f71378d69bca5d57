package org.scorefdt.response;

/**
 * Errors of a response estimate against a reference, per lag τ over all d components of the column:
 * {@code l2[τ]}, {@code linf[τ]}, the reference's {@code noiseFloor[τ]} = ‖SE_ref(τ)‖₂, one
 * {@code relativeL2} and the summary {@code meanL2}. Definitions: docs/systems.md §7.
 *
 * @param estimate  name of the estimate
 * @param reference name of the reference
 * @param times     lag times
 */
public record ResponseMetrics(String estimate, String reference, double[] times, double[] l2, double[] linf,
                              double[] noiseFloor, double relativeL2, double meanL2) {

    public ResponseMetrics {
        times = times.clone();
        l2 = l2.clone();
        linf = linf.clone();
        noiseFloor = noiseFloor.clone();
    }

    /**
     * Compares {@code estimate} with {@code reference}.
     *
     * @throws IllegalArgumentException when lags, dimensions or time axes differ
     */
    public static ResponseMetrics of(ResponseEstimate estimate, ResponseEstimate reference) {
        int lags = estimate.lags(), d = estimate.dim();
        if (reference.lags() != lags || reference.dim() != d) {
            throw new IllegalArgumentException(estimate.name() + " is " + lags + " lags × " + d + ", reference "
                    + reference.name() + " is " + reference.lags() + " × " + reference.dim());
        }
        double[] te = estimate.times(), tr = reference.times();
        for (int t = 0; t < lags; t++) {
            if (Math.abs(te[t] - tr[t]) > 1e-9 * Math.max(1, Math.abs(tr[t]))) {
                throw new IllegalArgumentException("time axes differ at lag " + t + ": " + te[t] + " vs " + tr[t]);
            }
        }
        double[] e = estimate.mean(), r = reference.mean(), se = reference.stderr();
        double[] l2 = new double[lags], linf = new double[lags], floor = new double[lags];
        double errSum = 0, refSum = 0;
        for (int t = 0; t < lags; t++) {
            double ss = 0, max = 0, rr = 0, ff = 0;
            for (int i = t * d; i < (t + 1) * d; i++) {
                double diff = e[i] - r[i];
                ss += diff * diff;
                max = Math.max(max, Math.abs(diff));
                rr += r[i] * r[i];
                ff += se[i] * se[i];
            }
            l2[t] = Math.sqrt(ss);
            linf[t] = max;
            floor[t] = Math.sqrt(ff);
            errSum += l2[t];
            refSum += Math.sqrt(rr);
        }
        double mean = 0;
        for (double v : l2) mean += v;
        return new ResponseMetrics(estimate.name(), reference.name(), te, l2, linf, floor,
                refSum > 0 ? errSum / refSum : Double.NaN, mean / lags);
    }

    @Override
    public double[] times() {
        return times.clone();
    }

    @Override
    public double[] l2() {
        return l2.clone();
    }

    @Override
    public double[] linf() {
        return linf.clone();
    }

    @Override
    public double[] noiseFloor() {
        return noiseFloor.clone();
    }

    /** The summary number: mean over lags of the L² error. */
    public double summary() {
        return meanL2;
    }
}

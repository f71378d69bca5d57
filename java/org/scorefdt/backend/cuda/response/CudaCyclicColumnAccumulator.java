package org.scorefdt.backend.cuda.response;

import org.scorefdt.response.Conjugate;
import org.scorefdt.backend.cuda.runtime.CudaDevice;
import org.scorefdt.backend.cuda.runtime.DeviceBuffer;
import org.scorefdt.backend.cuda.runtime.Dtype;

/**
 * {@link org.scorefdt.response.CyclicColumnAccumulator} on the device: the GFDT column on a ring of d
 * components averaged over all impulse positions, with sums, pair counts and {@link #combine} bitwise
 * the Java accumulator's given the same states and B. F64 only; not thread-safe; cannot be
 * normalised. Design: docs/backends.md §4.2.
 */
public final class CudaCyclicColumnAccumulator extends DeviceColumnSums {

    /**
     * @param conjugate B for the Observer path (may be null when only {@link #observeDevice} is used)
     * @see org.scorefdt.response.CyclicColumnAccumulator#CyclicColumnAccumulator
     */
    public CudaCyclicColumnAccumulator(CudaDevice device, int dimension, Conjugate conjugate, int component, int lags, int blocks) {
        super(device, dimension, conjugate, component, lags, blocks, true);
    }

    @Override
    void observeUploaded(double[] conj, int m) {
        bHost.copyFrom(conj, 0, m * d, 0);
        observeDevice(xHost, bHost, m);
    }

    /**
     * One save with everything on the device.
     *
     * @param states {@code [members][d]} F64
     * @param b      {@code [members][d]} F64 conjugate vectors B(x(t)) of every impulse position
     * @param m      members (the same at every save)
     */
    public void observeDevice(DeviceBuffer states, DeviceBuffer b, int m) {
        if (m < 1) throw new IllegalArgumentException("members = " + m + ": must be >= 1");
        start(m);
        long need = (long) m * d;
        if (states.type() != Dtype.F64 || states.elements() < need) {
            throw new IllegalArgumentException("states: need " + m + " × " + d + " F64 values, buffer has " + states.elements()
                    + " " + states.type());
        }
        if (b.type() != Dtype.F64 || b.elements() < need) {
            throw new IllegalArgumentException("conjugates: need " + m + " × " + d + " F64 values, buffer has " + b.elements()
                    + " " + b.type());
        }
        // every (member, impulse position) pair counts
        accumulate(states, b, m, d, 0, "sfdt_lagged_cyclic_f64", d);
    }

    /**
     * As the Java accumulator: Σ_b w_b S_b(τ, k) / Σ_b w_b n_b(τ) per offset k (BlockSums.weightedMean's
     * order), then H_i(τ) = that at k = (i − j₀) mod d.
     */
    @Override
    public double[] combine(double[] weights, boolean normalize) {
        if (normalize) {
            throw new UnsupportedOperationException("normalisation needs the lag-0 matrix; the cyclic column"
                    + " accumulator keeps one (position-averaged) column only");
        }
        double[] byOffset = weightedMean(weights);
        double[] out = new double[lags * d];
        for (int tau = 0; tau < lags; tau++) {
            for (int i = 0; i < d; i++) out[tau * d + i] = byOffset[tau * d + Math.floorMod(i - component, d)];
        }
        return out;
    }
}

package org.scorefdt.backend.cuda.response;

import org.scorefdt.response.Conjugate;
import org.scorefdt.backend.cuda.runtime.CudaDevice;
import org.scorefdt.backend.cuda.runtime.DeviceBuffer;
import org.scorefdt.backend.cuda.runtime.Dtype;

/**
 * {@link org.scorefdt.response.CyclicColumnAccumulator} on the device: the GFDT column of a state on a
 * ring of d components averaged over all d impulse positions. The ring of the last L conjugate vectors
 * B(t) per member ([member][L][d]) and the per-block sums [block][lag][offset k = i − j mod d] stay in
 * device memory; each save runs the push kernel (width d) and one thread per (block, lag, offset)
 * ({@code sfdt_lagged_cyclic_f64}, body {@code lagged_cyclic_cell} in lagged.h) that adds
 * x_{(j+k) mod d}(t)·B_j(t−τ) over its block's members in member order and j = 0 … d−1 within a member —
 * the order in which the Java accumulator's loops reach that cell. So the F64 sums, the pair counts
 * ((members in block)·d per lag) and {@link #combine} (the same weighted mean, then the rotation to the
 * column of impulse j₀) are bitwise the Java accumulator's given the same states and B.
 *
 * <p>Two ways in: as an {@link org.scorefdt.ensemble.Observer} (host states, B from the
 * {@link Conjugate} on the host, both uploaded), or {@link #observeDevice} with states and B already on
 * the device. F64 states only (the ring average is the long-run product of ResponseComparison's F64
 * path). Cost per save: M·L·d² multiply-adds over B·L·d threads. Not thread-safe; cannot be normalised.
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

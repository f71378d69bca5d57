package org.scorefdt.backend.cuda.response;

import org.scorefdt.integrate.Precision;
import org.scorefdt.response.Conjugate;
import org.scorefdt.backend.cuda.runtime.CudaDevice;
import org.scorefdt.backend.cuda.runtime.DeviceBuffer;
import org.scorefdt.backend.cuda.runtime.Dtype;

/**
 * {@link org.scorefdt.response.LaggedColumnAccumulator} on the device, with the ring of B_j and the
 * block sums in device memory; fed as an {@link org.scorefdt.ensemble.Observer} or through
 * {@link #observeDevice}. With F64 states the sums and {@link #combine} are bitwise the Java
 * accumulator's. Not thread-safe. Design: docs/backends.md §4.2.
 */
public final class CudaLaggedColumnAccumulator extends DeviceColumnSums {
    private double[] column;

    /**
     * @param conjugate B for the Observer path (may be null when only {@link #observeDevice} is used)
     * @see org.scorefdt.response.LaggedColumnAccumulator#LaggedColumnAccumulator
     */
    public CudaLaggedColumnAccumulator(CudaDevice device, int dimension, Conjugate conjugate, int component, int lags, int blocks) {
        super(device, dimension, conjugate, component, lags, blocks, false);
    }

    @Override
    void observeUploaded(double[] conj, int m) {
        if (column == null) column = new double[m];
        for (int r = 0; r < m; r++) column[r] = conj[r * d + component];
        bHost.copyFrom(column, 0, m, 0);
        observeDevice(xHost, bHost, 1, 0, m);
    }

    /**
     * One save with everything on the device.
     *
     * @param states   {@code [members][d]}, F64 or F32
     * @param b        F64 values holding B_j of member r at {@code b[r·stride + offset]}
     *                 (a [member][d] conjugate block: stride d, offset j; a column: 1, 0)
     * @param stride   values between members in {@code b}
     * @param offset   index of member 0's B_j in {@code b}
     * @param m        members (the same at every save)
     */
    public void observeDevice(DeviceBuffer states, DeviceBuffer b, long stride, long offset, int m) {
        start(m);
        if (states.elements() < (long) m * d || states.type() == Dtype.I32 || states.type() == Dtype.I64) {
            throw new IllegalArgumentException("states: need " + m + " × " + d + " floating values, buffer has "
                    + states.elements() + " " + states.type());
        }
        if (b.type() != Dtype.F64 || b.elements() < (m - 1) * stride + offset + 1) {
            throw new IllegalArgumentException("conjugates: need F64 values up to index " + ((m - 1) * stride + offset));
        }
        accumulate(states, b, m, stride, offset, states.type() == Dtype.F64 ? "sfdt_lagged_column_f64" : "sfdt_lagged_column_f32", 1);
    }

    /** The state precision {@link #observe} uploads in (F64: bitwise equal to the Java accumulator). */
    public Precision precision() {
        return Precision.F64;
    }

    /** As the Java accumulator: Σ_b w_b S_b(τ) / Σ_b w_b n_b(τ), in the same order of operations. */
    @Override
    public double[] combine(double[] weights, boolean normalize) {
        if (normalize) {
            throw new UnsupportedOperationException("normalisation needs the lag-0 matrix; a low-dimensional column"
                    + " accumulator holds one column only (normalise on grids)");
        }
        return weightedMean(weights);
    }
}

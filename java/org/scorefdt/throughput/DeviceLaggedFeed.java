package org.scorefdt.throughput;

import org.scorefdt.backend.cuda.runtime.CudaDevice;
import org.scorefdt.backend.cuda.response.CudaLaggedGridAccumulator;
import org.scorefdt.backend.cuda.runtime.DeviceBuffer;
import org.scorefdt.backend.cuda.runtime.Dtype;
import org.scorefdt.model.Grid;

/**
 * The cuda side of {@link LaggedTask}: the fixed fields u and their conjugates B = −u resident on
 * the device (each uploaded once), fed to {@link CudaLaggedGridAccumulator#observeDevice(DeviceBuffer,
 * DeviceBuffer, int)}. A save is then what the Java task's save is, without its host negation
 * pass: one batched cuFFT r2c of u and one of B, the push of B̂ into the ring of past half spectra
 * and the per-(block, lag, mode) sums — the accumulation alone, with no host copy. (The
 * {@code linear(…)} entry with gain −1 would form B̂ = −û from û's spectrum and skip B's transform,
 * timing less work than the Java task and the peers, which transform both.)
 */
final class DeviceLaggedFeed implements AutoCloseable {
    private final CudaDevice device;
    private final CudaLaggedGridAccumulator acc;
    private final DeviceBuffer[] fields, conjugates;
    private final int members;

    /**
     * @param host the fields, {@code [members][N²]} each; B = −u is formed from them once here
     * @throws RuntimeException from the device (allocation failures name the size); nothing is left allocated
     */
    DeviceLaggedFeed(CudaDevice device, Grid grid, double[][] host, int members, int lags, int blocks) {
        this.device = device;
        this.members = members;
        this.fields = new DeviceBuffer[host.length];
        this.conjugates = new DeviceBuffer[host.length];
        CudaLaggedGridAccumulator a = null;
        try {
            for (int f = 0; f < host.length; f++) {
                double[] b = new double[host[f].length];
                for (int i = 0; i < b.length; i++) b[i] = -host[f][i];
                fields[f] = DeviceBuffer.upload(device, Dtype.F64, host[f]);
                conjugates[f] = DeviceBuffer.upload(device, Dtype.F64, b);
            }
            a = new CudaLaggedGridAccumulator(device, grid, null, 0, lags, blocks);
        } catch (RuntimeException e) {
            closeBuffers();
            throw e;
        }
        this.acc = a;
    }

    /** One save of field {@code f} and its conjugate; queued, not waited for. */
    void observe(int f) {
        acc.observeDevice(fields[f], conjugates[f], members);
    }

    /** The accumulator (for {@code combine}, which copies the sums down). */
    CudaLaggedGridAccumulator accumulator() {
        return acc;
    }

    /** Waits for the queued saves (kernel faults surface here). */
    void sync() {
        device.synchronize("sfdt_lagged_modes");
    }

    private void closeBuffers() {
        for (DeviceBuffer[] bs : new DeviceBuffer[][] {fields, conjugates}) {
            for (DeviceBuffer b : bs) {
                if (b != null) b.close();
            }
        }
    }

    @Override
    public void close() {
        try {
            acc.close();
        } finally {
            closeBuffers();
        }
    }
}

package org.scorefdt.backend.cuda.score;

import java.util.Optional;
import org.scorefdt.integrate.Precision;
import org.scorefdt.model.Grid;
import org.scorefdt.score.ScoreModel;
import org.scorefdt.score.nn.Activation;
import org.scorefdt.score.nn.DsmScore;
import org.scorefdt.score.nn.PeriodicCnn;
import org.scorefdt.backend.cuda.runtime.CudaDevice;
import org.scorefdt.backend.cuda.runtime.DeviceBuffer;
import org.scorefdt.backend.cuda.runtime.Dtype;

/**
 * B = −s of a {@link DsmScore} over a {@link PeriodicCnn} read off at σ_min, as
 * {@link DsmScore#score} computes it, with the fields on the device: input bitwise the host's, the
 * network through {@link CudaCnn} (within 1e-12 × max|out|), rows in chunks of {@value #CHUNK}
 * members. Design: docs/backends.md §6.
 */
public final class CudaCnnConjugate implements DeviceConjugate {
    /** Members per network pass (as DsmScore's host chunk). */
    static final int CHUNK = 256;

    private final CudaConjugateKernels kernels;
    private final CudaCnn cnn;
    private final DeviceBuffer mean, std;
    private final int cells;
    private final double sigma2, tau, scale;

    /**
     * Why {@code score} has no device form here, or empty: it must be a {@link DsmScore} over a
     * {@link PeriodicCnn} with one field, one constant and one output channel on {@code grid}.
     */
    public static Optional<String> unsupported(ScoreModel score, Grid grid) {
        if (!(score instanceof DsmScore dsm)) return Optional.of(score.name() + " is not a DSM network score");
        if (dsm.readOff().extrapolated()) return Optional.of(score.name() + ": read off by extrapolation to σ → 0, which has no device form");
        if (!(dsm.network() instanceof PeriodicCnn cnn)) return Optional.of(score.name() + ": only the periodic CNN has a device conjugate");
        if (cnn.fieldChannels() != 1 || cnn.constantChannels() != 1 || cnn.outChannels() != 1 || cnn.gridSize() != grid.n()) {
            return Optional.of(score.name() + ": the device conjugate takes a " + grid.n() + "×" + grid.n()
                    + " CNN with 1 field, 1 constant and 1 output channel");
        }
        return Optional.empty();
    }

    /** @throws IllegalArgumentException with the reason of {@link #unsupported} */
    public CudaCnnConjugate(CudaDevice device, ScoreModel score, Grid grid) {
        unsupported(score, grid).ifPresent(r -> {
            throw new IllegalArgumentException(r);
        });
        DsmScore dsm = (DsmScore) score;
        PeriodicCnn net = (PeriodicCnn) dsm.network();
        this.cells = grid.size();
        double sigma = dsm.readOff().sigma();
        this.sigma2 = sigma * sigma;
        this.tau = dsm.schedule().feature(sigma);
        this.scale = -(1 / sigma);
        int[] hidden = net.hiddenChannels();
        int[] channels = new int[hidden.length + 2];
        channels[0] = 2;
        System.arraycopy(hidden, 0, channels, 1, hidden.length);
        channels[channels.length - 1] = 1;
        int act = net.activation() == Activation.SILU ? CudaMlp.SILU : CudaMlp.TANH;
        CudaConjugateKernels k = null;
        CudaCnn c = null;
        DeviceBuffer m = null, s = null;
        try {
            k = new CudaConjugateKernels(device);
            c = new CudaCnn(device, grid.n(), 1, 1, channels, act, Precision.F64, 1);
            c.setParameters(net.parameters());
            m = DeviceBuffer.upload(device, Dtype.F64, dsm.mean());
            s = DeviceBuffer.upload(device, Dtype.F64, dsm.std());
        } catch (RuntimeException e) {
            for (AutoCloseable a : new AutoCloseable[] {k, c, m, s}) closeQuietly(a, e);
            throw e;
        }
        this.kernels = k;
        this.cnn = c;
        this.mean = m;
        this.std = s;
    }

    private static void closeQuietly(AutoCloseable a, RuntimeException cause) {
        if (a == null) return;
        try {
            a.close();
        } catch (Exception e) {
            cause.addSuppressed(e);
        }
    }

    @Override
    public int dimension() {
        return cells;
    }

    @Override
    public void apply(DeviceBuffer fields, int members, DeviceBuffer out) {
        if (members < 1) throw new IllegalArgumentException("members = " + members + ": must be >= 1");
        cnn.ensureCapacity(Math.min(members, CHUNK));
        for (int r0 = 0; r0 < members; r0 += CHUNK) {
            int rows = Math.min(CHUNK, members - r0);
            kernels.dsmInput(rows, cells, fields, (long) r0 * cells, cells, sigma2, tau, mean, std, cnn.inputBuffer());
            cnn.inferOnDevice(rows);
            kernels.rowsScale(rows, cells, cnn.outputBuffer(), 0, cells, out, (long) r0 * cells, cells, scale);
        }
    }

    @Override
    public void close() {
        cnn.close();
        mean.close();
        std.close();
        kernels.close();
    }
}

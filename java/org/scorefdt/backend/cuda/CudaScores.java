package org.scorefdt.backend.cuda;

import org.scorefdt.backend.BackendUnavailableException;
import org.scorefdt.integrate.Precision;
import org.scorefdt.backend.cuda.runtime.CudaDevice;
import org.scorefdt.backend.cuda.runtime.CudaException;
import org.scorefdt.backend.cuda.runtime.KernelModule;
import org.scorefdt.backend.cuda.score.CudaCnn;
import org.scorefdt.backend.cuda.score.CudaDsmStep;
import org.scorefdt.backend.cuda.score.CudaKde;
import org.scorefdt.backend.cuda.score.CudaMlp;

/**
 * Where the score models meet the CUDA tier: opens the GPU facades ({@link CudaKde},
 * {@link CudaMlp}) with the same "unavailable → reason" contract as the native CPU tier, and holds
 * the process-wide preference that makes the score models' AUTO tiers try the GPU first. The
 * preference is set when backend selection lands on CUDA ({@code --backend cuda}, or auto on a GPU
 * node) and can be forced with {@code -Dscorefdt.scores.cuda=true}; score models built before the
 * selection keep the tier they chose.
 */
public final class CudaScores {
    private static volatile boolean preferred = Boolean.getBoolean("scorefdt.scores.cuda");

    private CudaScores() {}

    /** Makes AUTO score tiers try CUDA first (true) or not (false). */
    public static void prefer(boolean cuda) {
        preferred = cuda;
    }

    /** Whether AUTO score tiers try CUDA first. */
    public static boolean preferred() {
        return preferred;
    }

    private static CudaDevice device(String module) {
        if (!KernelModule.present(module)) {
            throw new BackendUnavailableException("CUDA kernels '" + module + "' are not in this build (built with "
                    + "-Dscorefdt.cuda=OFF or without nvcc)", null);
        }
        return CudaDevice.open();
    }

    /**
     * The KDE interaction on the GPU (arguments as {@link CudaKde}).
     *
     * @throws BackendUnavailableException naming the cause when no device or kernels are here
     */
    public static CudaKde kde(double[] data, double[] dataSq, int n, int d, double negInv2h2, double invH2, Precision precision) {
        CudaDevice dev = device(CudaKde.MODULE);
        try {
            return new CudaKde(dev, data, dataSq, n, d, negInv2h2, invH2, precision);
        } catch (CudaException | IllegalStateException e) {
            throw new BackendUnavailableException("CUDA KDE cannot run on " + dev.name() + ": " + CudaDevice.causeChain(e), e);
        }
    }

    /**
     * A dense network on the GPU (arguments as {@link CudaMlp}).
     *
     * @throws BackendUnavailableException naming the cause when no device, kernels or cuBLAS are here
     */
    public static CudaMlp mlp(int[] widths, int activation, Precision precision, int capacity) {
        CudaDevice dev = device(CudaMlp.MODULE);
        try {
            return new CudaMlp(dev, widths, activation, precision, capacity);
        } catch (CudaException | IllegalStateException | UnsatisfiedLinkError | NoClassDefFoundError e) {
            throw new BackendUnavailableException("CUDA MLP cannot run on " + dev.name() + ": " + CudaDevice.causeChain(e), e);
        }
    }

    /**
     * The device half of an MLP's DSM training step (Adam β = (0.9, 0.999), ε = 10⁻⁸: the defaults
     * of {@code Adam}; the EMA ramped as {@code Ema}).
     *
     * @throws BackendUnavailableException naming the cause when no device, kernels or cuBLAS are here
     */
    public static CudaDsmStep dsmStep(int[] widths, int activation, double[] initial, int batch, double emaDecay) {
        CudaDevice dev = device(CudaMlp.MODULE);
        try {
            return new CudaDsmStep(dev, widths, activation, initial, batch, 0.9, 0.999, 1e-8, emaDecay);
        } catch (CudaException | IllegalStateException | UnsatisfiedLinkError | NoClassDefFoundError e) {
            throw new BackendUnavailableException("CUDA DSM training cannot run on " + dev.name() + ": " + CudaDevice.causeChain(e), e);
        }
    }

    /** The device DSM step for a periodic CNN ({@link CudaDsmStep#periodicCnn}); Adam's β₁ = 0.9, β₂ = 0.999, ε = 1e-8 as DsmTrainer. */
    public static CudaDsmStep cnnDsmStep(int n, int fields, int constants, int[] channels, int activation, double[] initial,
                                         int batch, double emaDecay) {
        CudaDevice dev = device(CudaCnn.MODULE);
        try {
            return CudaDsmStep.periodicCnn(dev, n, fields, constants, channels, activation, initial, batch, 0.9, 0.999, 1e-8, emaDecay);
        } catch (CudaException | IllegalStateException | UnsatisfiedLinkError | NoClassDefFoundError e) {
            throw new BackendUnavailableException("CUDA DSM training of the periodic CNN cannot run on " + dev.name() + ": "
                    + CudaDevice.causeChain(e), e);
        }
    }
}

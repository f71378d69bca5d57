package org.scorefdt.backend.cuda;

import org.scorefdt.backend.cuda.integrate.CudaDeviceEnsemble;
import org.scorefdt.backend.cuda.integrate.DeviceResidentIntegrator;
import org.scorefdt.backend.cuda.response.CudaDeviceTruth;
import org.scorefdt.backend.cuda.response.CudaLaggedMatrix;
import org.scorefdt.backend.cuda.response.CudaPerturbedEnsemble;
import org.scorefdt.backend.cuda.runtime.CudaException;
import org.scorefdt.backend.cuda.score.CudaCnn;
import org.scorefdt.backend.cuda.score.CudaKde;
import org.scorefdt.backend.cuda.score.CudaMlp;
import java.util.Optional;
import java.util.function.Supplier;
import org.scorefdt.backend.Backend;
import org.scorefdt.backend.BackendKind;
import org.scorefdt.backend.BackendUnavailableException;
import org.scorefdt.integrate.Integrator;
import org.scorefdt.integrate.IntegratorSpec;
import org.scorefdt.integrate.Precision;
import org.scorefdt.model.Grid;
import org.scorefdt.model.Model;
import org.scorefdt.response.PerturbedEnsemble;
import org.scorefdt.response.DeviceTruth;
import org.scorefdt.response.LaggedGridKernel;
import org.scorefdt.response.LaggedMatrixKernel;
import org.scorefdt.response.ResidentEnsemble;
import org.scorefdt.score.KdePairLoop;
import org.scorefdt.score.KdeTerms;
import org.scorefdt.score.nn.CnnEvaluator;
import org.scorefdt.score.nn.DeviceDsmStep;
import org.scorefdt.score.nn.Mlp;
import org.scorefdt.score.nn.MlpEvaluator;
import org.scorefdt.score.nn.Network;
import org.scorefdt.score.nn.PeriodicCnn;
import org.scorefdt.util.Offer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.scorefdt.backend.cuda.integrate.CudaSupport;
import org.scorefdt.backend.cuda.runtime.CudaDevice;
import org.scorefdt.backend.cuda.runtime.KernelModule;

/**
 * The CUDA tier: device 0 through the driver API (JavaCPP CUDA presets), our kernels from the
 * fatbins in the jar, cuFFT for spectral models. Opening it checks the driver, the device and the
 * kernel images, so a selected CUDA backend can run. Scores: the F64 KDE kernel (bitwise with the
 * reference), MLP passes (cuBLAS) and the device-held DSM step of an MLP or periodic CNN.
 */
public final class CudaBackend implements Backend {
    private static final Logger LOG = LoggerFactory.getLogger(CudaBackend.class);
    /** The kernel image every CUDA integrator needs; its absence means a CPU-only build. */
    static final String PROBE_MODULE = "philox_normals";

    private final CudaDevice device;

    /** Registers this tier with {@link org.scorefdt.backend.Backends}. */
    public static final class Opener implements org.scorefdt.backend.TierOpener {
        @Override public BackendKind kind() { return BackendKind.CUDA; }
        @Override public Backend open() { return CudaBackend.open(); }
    }

    private CudaBackend(CudaDevice device) {
        this.device = device;
    }

    /**
     * Opens device 0.
     *
     * @throws BackendUnavailableException naming the cause chain (driver library missing, no
     *     device, kernels not built into this jar)
     */
    public static CudaBackend open() {
        if (!KernelModule.present(PROBE_MODULE)) {
            throw new BackendUnavailableException("CUDA kernels are not in this build (built with -Dscorefdt.cuda=OFF "
                    + "or without nvcc)", null);
        }
        CudaDevice dev = CudaDevice.open();
        try {
            KernelModule.load(dev, PROBE_MODULE);
        } catch (RuntimeException e) {
            throw new BackendUnavailableException("CUDA kernels cannot be loaded on " + dev.name() + ": "
                    + CudaDevice.causeChain(e), e);
        }
        LOG.info("CUDA backend on {}", dev.describe());
        return new CudaBackend(dev);
    }

    /** The device this backend runs on. */
    public CudaDevice device() {
        return device;
    }

    @Override
    public BackendKind kind() {
        return BackendKind.CUDA;
    }

    @Override
    public Optional<String> unsupported(Model model, IntegratorSpec spec, Precision precision) {
        return CudaSupport.unsupported(model, spec, precision);
    }

    @Override
    public Integrator create(Model model, IntegratorSpec spec, Precision precision, long seed, int threads) {
        return CudaSupport.create(device, model, spec, precision, seed);
    }

    @Override
    public Offer<KdePairLoop> kde(KdeTerms t, int threads) {
        return offer("KDE", CudaKde.MODULE, () -> CudaScoreOps.kde(new CudaKde(device, t.centredData(), t.centredSq(), t.n(),
                t.d(), t.negInv2h2(), t.invH2(), Precision.F64)));
    }

    /** Declined, so a host-fed spectral score goes on to the CPU tier (the resident run forms it per mode itself). */
    @Override
    public Offer<org.scorefdt.score.SpectralScoreKernel> spectralScore(Grid grid, double mean, double[] spectrum,
                                                                       Precision precision, int threads) {
        return Offer.declined("the CUDA tier forms spectral scores only in its resident run, not from host states");
    }

    @Override
    public Offer<org.scorefdt.score.HalfSpectra> halfSpectra(Grid grid, int threads) {
        return Offer.declined("the CUDA tier fits spectra only in its resident run, not from host states");
    }

    @Override
    public Offer<MlpEvaluator> mlp(Mlp net, int capacity, int threads) {
        return offer("MLP", CudaMlp.MODULE, () -> CudaScoreOps.mlp(device, net, capacity));
    }

    /** Declined, so that a chain with the native CPU tier below runs the passes there. */
    @Override
    public Offer<CnnEvaluator> cnn(PeriodicCnn net, int capacity, int threads) {
        return Offer.declined("the CUDA tier runs periodic-CNN passes only inside its DSM step and its device conjugate, not as host passes");
    }

    @Override
    public Offer<DeviceDsmStep> dsmStep(Network net, int batch, double emaDecay) {
        if (!(net instanceof Mlp) && !(net instanceof PeriodicCnn)) {
            return Offer.declined("no device DSM step for a " + net.architecture() + " network");
        }
        String module = net instanceof Mlp ? CudaMlp.MODULE : CudaCnn.MODULE;
        return offer("DSM training of the " + net.architecture(), module, () -> CudaScoreOps.dsmStep(device, net, batch, emaDecay));
    }

    @Override
    public Offer<ResidentEnsemble> resident(Integrator integrator) {
        Optional<String> why = CudaDeviceEnsemble.unsupported(integrator);
        return why.isPresent() ? Offer.declined(why.get()) : Offer.of(new CudaResidentEnsemble(integrator));
    }

    /**
     * The device truth for the ensembles of this tier's integrators (declined with the reason where it
     * cannot run them); ensembles of other tiers' integrators run where their states are.
     */
    @Override
    public Offer<DeviceTruth> truth(PerturbedEnsemble ensemble) {
        if (!(ensemble.integrator() instanceof DeviceResidentIntegrator)) return Offer.reference();
        Optional<String> why = CudaPerturbedEnsemble.unsupported(ensemble.integrator());
        return why.isPresent() ? Offer.declined(why.get()) : Offer.of(CudaDeviceTruth.INSTANCE);
    }

    /**
     * Declined: this tier accumulates grid GFDT inside its resident run, on the states it holds; sums
     * fed from host states go to the tier below.
     */
    @Override
    public Offer<LaggedGridKernel> laggedGrid(Grid grid, int lags, int blocks, Precision precision, int threads) {
        return Offer.declined("the CUDA tier sums lagged grid products only in its resident run, not from host states");
    }

    /**
     * The response-matrix sums on the device, fed from host states and conjugates each save
     * ({@link CudaLaggedMatrix}, bitwise the Java loop in F64); {@code threads} is a CPU setting and unused.
     */
    @Override
    public Offer<LaggedMatrixKernel> laggedMatrix(int dimension, int[] columns, int lags, int blocks, int threads) {
        return offer("lagged matrix sums", CudaLaggedMatrix.MODULE, () -> new CudaLaggedMatrix(device, dimension, columns, lags, blocks));
    }

    /** The operation {@code make} builds from the kernels of {@code module}, or why it cannot be built here. */
    private <T> Offer<T> offer(String what, String module, Supplier<T> make) {
        if (!KernelModule.present(module)) {
            return Offer.declined("CUDA kernels '" + module + "' are not in this build (built with -Dscorefdt.cuda=OFF or without nvcc)");
        }
        try {
            return Offer.of(make.get());
        } catch (CudaException | IllegalStateException | UnsatisfiedLinkError | NoClassDefFoundError | BackendUnavailableException e) {
            return Offer.declined("CUDA " + what + " cannot run on " + device.name() + ": " + CudaDevice.causeChain(e));
        }
    }
}

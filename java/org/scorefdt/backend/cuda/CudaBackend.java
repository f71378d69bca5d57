package org.scorefdt.backend.cuda;

import java.util.Optional;
import org.scorefdt.backend.Backend;
import org.scorefdt.backend.BackendKind;
import org.scorefdt.backend.BackendUnavailableException;
import org.scorefdt.integrate.Integrator;
import org.scorefdt.integrate.IntegratorSpec;
import org.scorefdt.integrate.Precision;
import org.scorefdt.model.Model;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.scorefdt.backend.cuda.integrate.CudaSupport;
import org.scorefdt.backend.cuda.runtime.CudaDevice;
import org.scorefdt.backend.cuda.runtime.KernelModule;

/**
 * The CUDA tier: device 0 through the driver API (JavaCPP CUDA presets), our kernels from the
 * fatbins in the jar, cuFFT for spectral models. Opening it checks the driver, the device and the
 * kernel images, so a selected CUDA backend can run.
 */
public final class CudaBackend implements Backend {
    private static final Logger LOG = LoggerFactory.getLogger(CudaBackend.class);
    /** The kernel image every CUDA integrator needs; its absence means a CPU-only build. */
    static final String PROBE_MODULE = "philox_normals";

    private final CudaDevice device;

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
}

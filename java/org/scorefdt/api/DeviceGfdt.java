package org.scorefdt.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.LongConsumer;
import org.scorefdt.backend.BackendKind;
import org.scorefdt.backend.ChosenIntegrator;
import org.scorefdt.backend.cuda.score.CudaAllenCahnConjugate;
import org.scorefdt.backend.cuda.score.CudaCnnConjugate;
import org.scorefdt.backend.cuda.integrate.CudaDeviceEnsemble;
import org.scorefdt.backend.cuda.response.CudaLaggedGridAccumulator;
import org.scorefdt.backend.cuda.response.CudaSpectrumFitter;
import org.scorefdt.backend.cuda.integrate.DeviceObserver;
import org.scorefdt.ensemble.EnsembleSpec;
import org.scorefdt.ensemble.InitialCondition;
import org.scorefdt.model.Grid;
import org.scorefdt.response.Conjugate;
import org.scorefdt.response.GfdtEstimator;
import org.scorefdt.score.AllenCahnScore;
import org.scorefdt.score.ScoreModel;
import org.scorefdt.score.SpectralQuasiGaussianScore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Device-resident GFDT for grid impulses on the CUDA tier: the integrator's states stay on the GPU,
 * the conjugate B = −s of a score that is linear per Fourier mode (exact OU, spectral
 * quasi-Gaussian) is formed there and the lagged sums accumulate there
 * ({@link CudaLaggedGridAccumulator#linear}, {@link CudaDeviceEnsemble}); so is that of the periodic-CNN
 * DSM score and of the analytic Allen–Cahn score ({@link CudaCnnConjugate}, {@link CudaAllenCahnConjugate}
 * through {@link CudaLaggedGridAccumulator#withConjugate}). Jobs ask {@link #open}
 * first; an empty answer (not CUDA, not an impulse, not the spectral F64 integrator) means the host
 * path, with the reason logged once. Not thread-safe; closes what it created.
 */
final class DeviceGfdt implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DeviceGfdt.class);

    private final CudaDeviceEnsemble ensemble;
    private final List<AutoCloseable> owned = new ArrayList<>();

    private DeviceGfdt(CudaDeviceEnsemble ensemble) {
        this.ensemble = ensemble;
    }

    /**
     * The device path for {@code chosen}, or empty (host accumulation) with the reason sent to
     * {@code listener} and the log when the backend is CUDA but the path does not apply.
     */
    static Optional<DeviceGfdt> open(ChosenIntegrator chosen, boolean gridImpulse, JobListener listener) {
        if (chosen.backend() != BackendKind.CUDA) return Optional.empty();
        Optional<String> why = gridImpulse ? CudaDeviceEnsemble.unsupported(chosen.integrator())
                : Optional.of("the device accumulator covers grid impulses; a perturbation profile uses the column accumulator");
        if (why.isPresent()) {
            hostAccumulation(chosen, why.get(), listener);
            return Optional.empty();
        }
        LOG.info("response accumulation on the device (states stay on the GPU between saves)");
        return Optional.of(new DeviceGfdt(CudaDeviceEnsemble.of(chosen.integrator())));
    }

    /**
     * Says once, when the backend is CUDA, that a job accumulates its responses on the host and why
     * (the states then cross to the host at every save). Nothing is said for the CPU and Java tiers.
     */
    static void hostAccumulation(ChosenIntegrator chosen, String reason, JobListener listener) {
        if (chosen.backend() != BackendKind.CUDA) return;
        String line = hostLine(reason);
        LOG.info(line);
        listener.info(line);
    }

    /** The line {@link #hostAccumulation} logs. */
    static String hostLine(String reason) {
        return "response accumulation on the host: " + reason;
    }

    /** A GFDT estimator and the device accumulator it reads (the observer of the device run). */
    record Estimator(GfdtEstimator gfdt, DeviceObserver observer) {}

    /**
     * A device accumulator for B = −s with s the linear spectral score ŝ(k) = −N²(û(k) − N²μδ_{k0})/S(k):
     * B̂ = g·û + δ_{k0}·c with g = N²/S(k), c = −g(0)·N²μ. The host {@link Conjugate} stays attached for
     * reference only (the device path never calls it).
     */
    Estimator estimator(String name, ScoreModel score, double[] spectrum, double mean, Grid grid, int pixel,
                            double saveInterval, GfdtEstimator.Options o) {
        int size = grid.size();
        double[] gain = new double[size];
        for (int i = 0; i < size; i++) gain[i] = size / spectrum[i];
        CudaLaggedGridAccumulator acc = CudaLaggedGridAccumulator.linear(ensemble.device(), grid,
                Conjugate.negativeScore(score), gain, -gain[0] * size * mean, pixel, o.lags(), o.blocks());
        owned.add(acc);
        return new Estimator(new GfdtEstimator(name, acc, saveInterval, o), acc);
    }

    /**
     * Why {@code score} has no device conjugate on {@code grid}, or empty: the spectral quasi-Gaussian
     * score (linear per mode), the analytic Allen–Cahn score and the periodic-CNN DSM score have one.
     */
    static Optional<String> unsupportedScore(ScoreModel score, Grid grid) {
        if (score instanceof SpectralQuasiGaussianScore || score instanceof AllenCahnScore) return Optional.empty();
        return CudaCnnConjugate.unsupported(score, grid);
    }

    /**
     * A device accumulator for B = −s of any score {@link #unsupportedScore} accepts, reading the
     * observed field as the first N² values of device state rows of {@code stride} values.
     */
    Estimator estimator(String name, ScoreModel score, Grid grid, int stride, int pixel, double saveInterval,
                        GfdtEstimator.Options o) {
        unsupportedScore(score, grid).ifPresent(r -> {
            throw new IllegalArgumentException(r);
        });
        if (score instanceof SpectralQuasiGaussianScore q) {
            Estimator e = estimator(name, q, pixel, saveInterval, o);
            ((CudaLaggedGridAccumulator) e.observer()).withRowStride(stride);
            return e;
        }
        var conjugate = score instanceof AllenCahnScore ac ? new CudaAllenCahnConjugate(ensemble.device(), ac)
                : new CudaCnnConjugate(ensemble.device(), score, grid);
        CudaLaggedGridAccumulator acc;
        try {
            acc = CudaLaggedGridAccumulator.withConjugate(ensemble.device(), grid, Conjugate.negativeScore(score), conjugate,
                    pixel, o.lags(), o.blocks());
        } catch (RuntimeException e) {
            conjugate.close();
            throw e;
        }
        owned.add(acc);
        acc.withRowStride(stride);
        return new Estimator(new GfdtEstimator(name, acc, saveInterval, o), acc);
    }

    /** The same for a fitted spectral quasi-Gaussian score. */
    Estimator estimator(String name, SpectralQuasiGaussianScore score, int pixel, double saveInterval,
                            GfdtEstimator.Options o) {
        return estimator(name, score, score.spectrum(), score.mean(), score.grid(), pixel, saveInterval, o);
    }

    /** A device spectrum fitter (the quasi-Gaussian score's statistics). */
    CudaSpectrumFitter fitter(Grid grid) {
        CudaSpectrumFitter f = new CudaSpectrumFitter(ensemble.device(), grid);
        owned.add(f);
        return f;
    }

    /** Runs the ensemble on the device, feeding the device accumulators built here. */
    void run(EnsembleSpec spec, InitialCondition initial, List<DeviceObserver> observers, LongConsumer progress) {
        ensemble.run(spec, initial, 0, observers, progress);
    }

    /**
     * Runs {@code spec} from host {@code states} (e.g. spun up) at global step {@code step0}, members
     * from {@code memberOffset}, feeding the device accumulators; {@code states} receive the final states.
     */
    void runFrom(double[] states, long step0, EnsembleSpec spec, long memberOffset, List<DeviceObserver> observers,
                 LongConsumer progress) {
        ensemble.runFrom(states, step0, spec, memberOffset, observers, progress);
    }

    @Override
    public void close() {
        for (AutoCloseable c : owned) {
            try {
                c.close();
            } catch (Exception e) {
                LOG.warn("closing {}: {}", c, e.toString());
            }
        }
        owned.clear();
    }
}

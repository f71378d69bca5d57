package org.scorefdt.backend.cpu;

import org.bytedeco.javacpp.Loader;
import java.util.Optional;
import org.scorefdt.backend.Backend;
import org.scorefdt.backend.BackendKind;
import org.scorefdt.backend.BackendUnavailableException;
import org.scorefdt.backend.cpu.jni.ScoreFdtCpu;
import org.scorefdt.integrate.Integrator;
import org.scorefdt.integrate.IntegratorSpec;
import org.scorefdt.integrate.Precision;
import org.scorefdt.integrate.Scheme;
import org.scorefdt.model.AllenCahn;
import org.scorefdt.model.Grid;
import org.scorefdt.model.BuiltinModel;
import org.scorefdt.model.LinearSpectralModel;
import org.scorefdt.model.Model;
import org.scorefdt.model.NavierStokes2d;
import org.scorefdt.model.Noise;
import org.scorefdt.response.PerturbedEnsemble;
import org.scorefdt.response.DeviceTruth;
import org.scorefdt.response.LaggedGridKernel;
import org.scorefdt.response.ResidentEnsemble;
import org.scorefdt.score.HalfSpectra;
import org.scorefdt.score.KdePairLoop;
import org.scorefdt.score.KdeTerms;
import org.scorefdt.score.SpectralScoreKernel;
import org.scorefdt.score.nn.CnnEvaluator;
import org.scorefdt.score.nn.DeviceDsmStep;
import org.scorefdt.score.nn.Mlp;
import org.scorefdt.score.nn.MlpEvaluator;
import org.scorefdt.score.nn.Network;
import org.scorefdt.score.nn.PeriodicCnn;
import org.scorefdt.util.Offer;

/**
 * The native CPU tier: the shared C++ step bodies in libscorefdt_cpu (OpenMP over members, FFTW for
 * spectral models) called through JavaCPP. Runs the built-in low-dimensional models
 * ({@link BuiltinModel}), every {@link LinearSpectralModel}, {@link AllenCahn} (RK4+EM, ETD1, ETD2) and
 * {@link NavierStokes2d} (RK4 + EM);
 * anything else falls back to Java. Scores: the KDE pair loop ({@link NativeKde}), the spectral
 * (circulant-Gaussian) score ({@link NativeSpectralScore}) and the fit's transforms
 * ({@link NativeHalfSpectra}), MLP passes
 * (OpenBLAS, {@link NativeMlp}) and periodic-CNN passes ({@link NativeCnn}); a periodic CNN's DSM
 * step runs whole natively ({@link NativeCnnDsmStep}), an MLP's in the host loop with its passes.
 * Response: the lagged grid sums of host-fed GFDT ({@link NativeLaggedGrid}, or by FFT over time
 * {@link NativeLaggedGridFft} where it is faster: {@link LaggedSumsMethod}), and the lagged matrix
 * sums of low-dimensional GFDT ({@link NativeLaggedMatrix}).
 */
public final class NativeCpuBackend implements Backend {

    /** Registers this tier with {@link org.scorefdt.backend.Backends}. */
    public static final class Opener implements org.scorefdt.backend.TierOpener {
        @Override public BackendKind kind() { return BackendKind.CPU; }
        @Override public Backend open() { return NativeCpuBackend.open(); }
    }

    private NativeCpuBackend() {}

    /**
     * Loads the native library.
     *
     * @throws BackendUnavailableException naming the whole cause chain if it cannot be loaded
     */
    public static NativeCpuBackend open() {
        try {
            Loader.load(ScoreFdtCpu.class);
            return new NativeCpuBackend();
        } catch (Throwable t) {
            throw new BackendUnavailableException("native CPU library could not be loaded: " + causeChain(t), t);
        }
    }

    static String causeChain(Throwable t) {
        StringBuilder sb = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (sb.length() > 0) sb.append(" <- ");
            sb.append(c.getClass().getSimpleName()).append(": ").append(c.getMessage());
        }
        return sb.toString();
    }

    /** The library's code of a precision ({@code SFDT_F64}, {@code SFDT_F32} of abi.h). */
    static int precisionCode(Precision p) {
        return p == Precision.F64 ? ScoreFdtCpu.SFDT_F64 : ScoreFdtCpu.SFDT_F32;
    }

    /** Threads the native library uses when asked for "all". */
    public static int maxThreads() {
        return ScoreFdtCpu.sfdt_max_threads();
    }

    @Override
    public BackendKind kind() {
        return BackendKind.CPU;
    }

    @Override
    public Optional<String> unsupported(Model model, IntegratorSpec spec, Precision precision) {
        if (model instanceof LinearSpectralModel) return Optional.empty();
        if (model instanceof AllenCahn) {
            Scheme s = spec.scheme();
            return s == Scheme.RK4_EM || s == Scheme.ETD1 || s == Scheme.ETD2 ? Optional.empty()
                    : Optional.of("Allen-Cahn runs natively with rk4-em, etd1 or etd2, not " + s.configName());
        }
        if (model instanceof NavierStokes2d) {
            return spec.scheme() == Scheme.RK4_EM ? Optional.empty()
                    : Optional.of("Navier–Stokes runs natively with rk4-em only, got " + spec.scheme().configName());
        }
        if (!(model instanceof BuiltinModel)) {
            return Optional.of("model '" + model.name() + "' has no native drift body (only built-in models run natively)");
        }
        if (spec.scheme() == Scheme.EXACT_OU) {
            return Optional.of("the exact OU scheme needs a linear spectral model");
        }
        if (spec.scheme().nativeId == 0) {
            return Optional.of("the " + spec.scheme().configName() + " scheme has no native low-dimensional body");
        }
        if (model.noise() instanceof Noise.SpectralCorrelated) {
            return Optional.of("correlated noise on a low-dimensional model is not implemented natively");
        }
        return Optional.empty();
    }

    @Override
    public Integrator create(Model model, IntegratorSpec spec, Precision precision, long seed, int threads) {
        if (model instanceof LinearSpectralModel lin) {
            return new NativeSpectralIntegrator(lin, spec, precision, seed, threads);
        }
        if (model instanceof AllenCahn ac) {
            return new NativeSemiLinearIntegrator(ac, spec, precision, seed, threads);
        }
        if (model instanceof NavierStokes2d ns) {
            return new NativeNavierStokesIntegrator(ns, spec, precision, seed, threads);
        }
        return new NativeLowDimIntegrator(model, spec, precision, seed, threads);
    }

    @Override
    public Offer<KdePairLoop> kde(KdeTerms t, int threads) {
        try {
            return Offer.of(new NativeKde(t.centredData(), t.centredSq(), t.n(), t.d(), t.negInv2h2(), t.invH2(), threads));
        } catch (BackendUnavailableException | UnsatisfiedLinkError e) {
            return Offer.declined("native KDE cannot run: " + causeChain(e));
        }
    }

    @Override
    public Offer<SpectralScoreKernel> spectralScore(Grid grid, double mean, double[] spectrum, Precision precision, int threads) {
        try {
            return Offer.of(new NativeSpectralScore(grid, mean, spectrum, precision, Math.max(0, threads)));
        } catch (BackendUnavailableException | UnsatisfiedLinkError e) {
            return Offer.declined("native spectral score cannot run: " + causeChain(e));
        }
    }

    @Override
    public Offer<HalfSpectra> halfSpectra(Grid grid, int threads) {
        try {
            return Offer.of(new NativeHalfSpectra(grid, Math.max(0, threads)));
        } catch (BackendUnavailableException | UnsatisfiedLinkError e) {
            return Offer.declined("native half spectra cannot run: " + causeChain(e));
        }
    }

    @Override
    public Offer<MlpEvaluator> mlp(Mlp net, int capacity, int threads) {
        try {
            return Offer.of(new NativeMlpEvaluator(net, capacity, Math.max(0, threads)));
        } catch (BackendUnavailableException | UnsatisfiedLinkError e) {
            return Offer.declined("native MLP cannot run: " + causeChain(e));
        }
    }

    @Override
    public Offer<CnnEvaluator> cnn(PeriodicCnn net, int capacity, int threads) {
        try {
            return Offer.of(new NativeCnnEvaluator(net, capacity, Math.max(0, threads)));
        } catch (BackendUnavailableException | UnsatisfiedLinkError e) {
            return Offer.declined("native CNN cannot run: " + causeChain(e));
        }
    }

    /** A periodic CNN's whole step natively (F64, all cores); an MLP's runs in the host loop with {@link #mlp}'s passes. */
    @Override
    public Offer<DeviceDsmStep> dsmStep(Network net, int batch, double emaDecay) {
        if (!(net instanceof PeriodicCnn cnn)) return Offer.reference();
        try {
            return Offer.of(new NativeCnnDsmStep(cnn, Precision.F64, batch, emaDecay, 0));
        } catch (BackendUnavailableException | UnsatisfiedLinkError e) {
            return Offer.declined("native CNN DSM step cannot run: " + causeChain(e));
        }
    }

    static void check(int status, String call) {
        if (status != 0) {
            throw new IllegalStateException(call + " failed: " + ScoreFdtCpu.sfdt_status_message(status).getString()
                    + " (status " + status + ")");
        }
    }

    @Override
    public Offer<ResidentEnsemble> resident(Integrator integrator) {
        return Offer.reference();
    }

    /** The host run: this tier's states live in host memory anyway. */
    @Override
    public Offer<DeviceTruth> truth(PerturbedEnsemble ensemble) {
        return Offer.reference();
    }

    @Override
    public Offer<org.scorefdt.response.LaggedMatrixKernel> laggedMatrix(int dimension, int[] columns, int lags, int blocks,
                                                                        int threads) {
        try {
            return Offer.of(new NativeLaggedMatrix(dimension, columns, lags, blocks, Math.max(0, threads)));
        } catch (BackendUnavailableException | UnsatisfiedLinkError e) {
            return Offer.declined("native lagged matrix sums cannot run: " + causeChain(e));
        }
    }

    @Override
    public Offer<LaggedGridKernel> laggedGrid(Grid grid, int lags, int blocks, Precision precision, int threads) {
        try {
            return Offer.of(new NativeLaggedSums(grid, lags, blocks, precision, Math.max(0, threads)));
        } catch (BackendUnavailableException | UnsatisfiedLinkError e) {
            return Offer.declined("native lagged grid sums cannot run: " + causeChain(e));
        }
    }
}

package org.scorefdt.backend.java;

import java.util.Optional;
import org.scorefdt.backend.Backend;
import org.scorefdt.backend.BackendKind;
import org.scorefdt.integrate.Integrator;
import org.scorefdt.integrate.IntegratorSpec;
import org.scorefdt.integrate.Precision;
import org.scorefdt.integrate.Scheme;
import org.scorefdt.integrate.SemiLinearStepper;
import org.scorefdt.model.Grid;
import org.scorefdt.model.LinearSpectralModel;
import org.scorefdt.model.Model;
import org.scorefdt.model.SemiLinearSpectralModel;
import org.scorefdt.response.PerturbedEnsemble;
import org.scorefdt.response.DeviceTruth;
import org.scorefdt.response.LaggedGridKernel;
import org.scorefdt.response.ResidentEnsemble;
import org.scorefdt.response.ResponseKernels;
import org.scorefdt.score.KdePairLoop;
import org.scorefdt.score.KdeTerms;
import org.scorefdt.score.ScoreKernels;
import org.scorefdt.score.nn.CnnEvaluator;
import org.scorefdt.score.nn.DeviceDsmStep;
import org.scorefdt.score.nn.Mlp;
import org.scorefdt.score.nn.MlpEvaluator;
import org.scorefdt.score.nn.Network;
import org.scorefdt.score.nn.PeriodicCnn;
import org.scorefdt.score.nn.NetworkKernels;
import org.scorefdt.util.Offer;

/**
 * The pure-Java reference backend: always available, runs any {@link Model} (including ones written
 * by users in Java), and is the specification the native and CUDA tiers are tested against.
 * F32 here means: computed in double, state rounded to float after every step. Every score and
 * network operation is answered with the requesting type's own reference code.
 */
public final class JavaBackend implements Backend {

    /** Registers this tier with {@link org.scorefdt.backend.Backends}. */
    public static final class Opener implements org.scorefdt.backend.TierOpener {
        @Override public BackendKind kind() { return BackendKind.JAVA; }
        @Override public Backend open() { return new JavaBackend(); }
    }

    @Override
    public BackendKind kind() {
        return BackendKind.JAVA;
    }

    @Override
    public Optional<String> unsupported(Model model, IntegratorSpec spec, Precision precision) {
        if (spec.scheme() == Scheme.EXACT_OU && !(model instanceof LinearSpectralModel)) {
            return Optional.of("the exact OU scheme needs a linear spectral model, got " + model.name());
        }
        boolean etd = spec.scheme() == Scheme.ETD1 || spec.scheme() == Scheme.ETD2;
        if (etd && !(model instanceof LinearSpectralModel) && !(model instanceof SemiLinearSpectralModel)) {
            return Optional.of("the " + spec.scheme().configName() + " scheme needs a linear or semilinear spectral model, got "
                    + model.name());
        }
        return Optional.empty();
    }

    @Override
    public Integrator create(Model model, IntegratorSpec spec, Precision precision, long seed, int threads) {
        if (model instanceof LinearSpectralModel lin) {
            return new JavaSpectralIntegrator(lin, spec, precision, seed, threads);
        }
        if (model instanceof SemiLinearSpectralModel semi && SemiLinearStepper.supports(spec.scheme())) {
            return new JavaSemiLinearIntegrator(semi, spec, precision, seed, threads);
        }
        return new JavaIntegrator(model, spec, precision, seed, threads);
    }

    @Override
    public Offer<KdePairLoop> kde(KdeTerms terms, int threads) {
        return ScoreKernels.REFERENCE.kde(terms, threads);
    }

    @Override
    public Offer<org.scorefdt.score.SpectralScoreKernel> spectralScore(Grid grid, double mean, double[] spectrum,
                                                                       Precision precision, int threads) {
        return ScoreKernels.REFERENCE.spectralScore(grid, mean, spectrum, precision, threads);
    }

    @Override
    public Offer<org.scorefdt.score.HalfSpectra> halfSpectra(Grid grid, int threads) {
        return ScoreKernels.REFERENCE.halfSpectra(grid, threads);
    }

    @Override
    public Offer<MlpEvaluator> mlp(Mlp net, int capacity, int threads) {
        return NetworkKernels.REFERENCE.mlp(net, capacity, threads);
    }

    @Override
    public Offer<CnnEvaluator> cnn(PeriodicCnn net, int capacity, int threads) {
        return NetworkKernels.REFERENCE.cnn(net, capacity, threads);
    }

    @Override
    public Offer<DeviceDsmStep> dsmStep(Network net, int batch, double emaDecay) {
        return NetworkKernels.REFERENCE.dsmStep(net, batch, emaDecay);
    }

    @Override
    public Offer<ResidentEnsemble> resident(Integrator integrator) {
        return ResponseKernels.REFERENCE.resident(integrator);
    }

    @Override
    public Offer<LaggedGridKernel> laggedGrid(Grid grid, int lags, int blocks, Precision precision, int threads) {
        return ResponseKernels.REFERENCE.laggedGrid(grid, lags, blocks, precision, threads);
    }

    @Override
    public Offer<DeviceTruth> truth(PerturbedEnsemble ensemble) {
        return ResponseKernels.REFERENCE.truth(ensemble);
    }

    @Override
    public Offer<org.scorefdt.response.LaggedMatrixKernel> laggedMatrix(int dimension, int[] columns, int lags, int blocks,
                                                                        int threads) {
        return ResponseKernels.REFERENCE.laggedMatrix(dimension, columns, lags, blocks, threads);
    }
}

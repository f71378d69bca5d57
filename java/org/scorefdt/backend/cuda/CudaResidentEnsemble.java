package org.scorefdt.backend.cuda;

import org.scorefdt.backend.cuda.integrate.CudaDeviceEnsemble;
import org.scorefdt.backend.cuda.integrate.DeviceObserver;
import org.scorefdt.backend.cuda.integrate.DeviceSnapshots;
import org.scorefdt.backend.cuda.response.CudaLaggedColumnAccumulator;
import org.scorefdt.backend.cuda.response.CudaLaggedGridAccumulator;
import org.scorefdt.backend.cuda.response.CudaSpectrumFitter;
import org.scorefdt.backend.cuda.runtime.CudaDevice;
import org.scorefdt.backend.cuda.runtime.DeviceBuffer;
import org.scorefdt.backend.cuda.runtime.Dtype;
import org.scorefdt.backend.cuda.score.CudaAllenCahnConjugate;
import org.scorefdt.backend.cuda.score.CudaCnnConjugate;
import org.scorefdt.backend.cuda.score.CudaMlp;
import org.scorefdt.backend.cuda.score.DeviceConjugate;
import org.scorefdt.backend.cuda.score.DeviceConjugates;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongConsumer;
import org.scorefdt.ensemble.EnsembleSpec;
import org.scorefdt.ensemble.Observer;
import org.scorefdt.ensemble.SnapshotCollector;
import org.scorefdt.integrate.Integrator;
import org.scorefdt.model.Grid;
import org.scorefdt.model.InitialCondition;
import org.scorefdt.response.Conjugate;
import org.scorefdt.response.GfdtEstimator;
import org.scorefdt.response.Perturbation;
import org.scorefdt.response.ResidentEnsemble;
import org.scorefdt.response.ResponseEstimate;
import org.scorefdt.score.AllenCahnScore;
import org.scorefdt.score.ScoreModel;
import org.scorefdt.score.SpectralQuasiGaussianScore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The CUDA tier's {@link ResidentEnsemble}: the integrator's states stay on the GPU
 * ({@link CudaDeviceEnsemble}) and every observer made here (grid and column GFDT, spectrum fit,
 * snapshots) reads them there; nothing is copied per save. Design and parity: docs/backends.md §4.
 */
final class CudaResidentEnsemble implements ResidentEnsemble {
    private static final Logger LOG = LoggerFactory.getLogger(CudaResidentEnsemble.class);

    private final Integrator integrator;
    private final CudaDeviceEnsemble ensemble;
    private final List<AutoCloseable> owned = new ArrayList<>();

    CudaResidentEnsemble(Integrator integrator) {
        this.integrator = integrator;
        this.ensemble = CudaDeviceEnsemble.of(integrator);
    }

    @Override
    public Optional<String> unsupportedGridScore(ScoreModel score, Grid grid) {
        if (score instanceof SpectralQuasiGaussianScore || score instanceof AllenCahnScore) return Optional.empty();
        return CudaCnnConjugate.unsupported(score, grid);
    }

    @Override
    public Optional<String> unsupportedColumn(Perturbation perturbation, Collection<ScoreModel> scores) {
        return columnReasons(perturbation, scores);
    }

    /** {@link #unsupportedColumn}, which needs no device. */
    static Optional<String> columnReasons(Perturbation perturbation, Collection<ScoreModel> scores) {
        List<String> why = new ArrayList<>();
        if (!(perturbation instanceof Perturbation.Impulse)) why.add("a perturbation profile's conjugate −u·s is formed on the host");
        for (ScoreModel s : scores) DeviceConjugates.unsupported(s).ifPresent(why::add);
        return why.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", why));
    }

    @Override
    public Estimator linearGridEstimator(String name, ScoreModel score, double[] spectrum, double mean, Grid grid, int pixel,
                                         double saveInterval, GfdtEstimator.Options o) {
        int size = grid.size();
        double[] gain = new double[size];
        for (int i = 0; i < size; i++) gain[i] = size / spectrum[i];
        CudaLaggedGridAccumulator acc = CudaLaggedGridAccumulator.linear(ensemble.device(), grid,
                Conjugate.negativeScore(score), gain, -gain[0] * size * mean, pixel, o.lags(), o.blocks());
        owned.add(acc);
        return new Estimator(new GfdtEstimator(name, acc, saveInterval, o), acc);
    }

    @Override
    public Estimator gridEstimator(String name, ScoreModel score, Grid grid, int stride, int pixel, double saveInterval,
                                   GfdtEstimator.Options o) {
        unsupportedGridScore(score, grid).ifPresent(r -> {
            throw new IllegalArgumentException(r);
        });
        if (score instanceof SpectralQuasiGaussianScore q) {
            Estimator e = linearGridEstimator(name, q, q.spectrum(), q.mean(), q.grid(), pixel, saveInterval, o);
            ((CudaLaggedGridAccumulator) e.observer()).withRowStride(stride);
            return e;
        }
        DeviceConjugate conjugate = score instanceof AllenCahnScore ac ? new CudaAllenCahnConjugate(ensemble.device(), ac)
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

    @Override
    public SpectrumFit spectrumFit(Grid grid, int stride, double centre) {
        CudaSpectrumFitter f = new CudaSpectrumFitter(ensemble.device(), grid);
        owned.add(f);
        return f.withRowStride(stride).centredOn(centre);
    }

    @Override
    public Observer snapshots(SnapshotCollector snapshots) {
        return new DeviceSnapshots(snapshots, integrator.dimension());
    }

    @Override
    public List<ResponseEstimate> columnGfdt(EnsembleSpec es, Map<String, ScoreModel> scores, int component, boolean cyclic,
                                             GfdtEstimator.Options opts, double saveInterval) {
        CudaDevice device = ensemble.device();
        int d = integrator.dimension(), m = es.members();
        if (component >= d) {
            throw new IllegalArgumentException("impulse component " + component + " outside the state dimension " + d);
        }
        List<DeviceConjugate> conjugates = new ArrayList<>();
        List<CudaLaggedColumnAccumulator> columns = new ArrayList<>();
        try (DeviceBuffer b = DeviceBuffer.allocate(device, Dtype.F64, Math.max(1, (long) m * d))) {
            List<GfdtEstimator> gfdt = new ArrayList<>();
            for (Map.Entry<String, ScoreModel> e : scores.entrySet()) {
                if (e.getValue().dimension() != d) {
                    throw new IllegalArgumentException("score '" + e.getKey() + "' has dimension " + e.getValue().dimension()
                            + ", the model " + d);
                }
                conjugates.add(DeviceConjugates.of(e.getValue(), device));
                columns.add(cyclic ? CudaLaggedColumnAccumulator.cyclic(device, d, null, component, opts.lags(), opts.blocks())
                        : new CudaLaggedColumnAccumulator(device, d, null, component, opts.lags(), opts.blocks()));
                gfdt.add(new GfdtEstimator(e.getKey(), columns.get(columns.size() - 1), saveInterval, opts));
            }
            // One scratch B for all scores: each push kernel copies its column (or, cyclic, the whole
            // vector) into the ring before the next conjugate overwrites it (one stream, launches in order).
            DeviceObserver observer = (states, members) -> {
                for (int q = 0; q < conjugates.size(); q++) {
                    conjugates.get(q).apply(states, members, b);
                    columns.get(q).observeDevice(states, b, d, cyclic ? 0 : component, members);
                }
            };
            ensemble.run(es, InitialCondition.zero(), 0, List.of(observer), null);
            List<ResponseEstimate> estimates = new ArrayList<>();
            for (GfdtEstimator g : gfdt) estimates.add(g.estimate());
            return estimates;
        } finally {
            for (DeviceConjugate c : conjugates) c.close();
            for (CudaLaggedColumnAccumulator a : columns) a.close();
        }
    }

    @Override
    public void run(EnsembleSpec spec, InitialCondition initial, List<? extends Observer> observers, LongConsumer progress) {
        ensemble.run(spec, initial, 0, device(observers), progress);
    }

    @Override
    public void runFrom(double[] states, long step0, EnsembleSpec spec, long memberOffset, List<? extends Observer> observers,
                        LongConsumer progress) {
        ensemble.runFrom(states, step0, spec, memberOffset, device(observers), progress);
    }

    private static List<DeviceObserver> device(List<? extends Observer> observers) {
        List<DeviceObserver> out = new ArrayList<>(observers.size());
        for (Observer o : observers) {
            if (!(o instanceof DeviceObserver d)) {
                throw new IllegalArgumentException("observer " + o + " reads host states; a resident run takes the observers it made");
            }
            out.add(d);
        }
        return out;
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

package org.scorefdt.api;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.scorefdt.backend.BackendKind;
import org.scorefdt.backend.ChosenIntegrator;
import org.scorefdt.backend.cuda.response.CudaCyclicColumnAccumulator;
import org.scorefdt.backend.cuda.runtime.CudaDevice;
import org.scorefdt.backend.cuda.integrate.CudaDeviceEnsemble;
import org.scorefdt.backend.cuda.response.CudaLaggedColumnAccumulator;
import org.scorefdt.backend.cuda.runtime.DeviceBuffer;
import org.scorefdt.backend.cuda.score.DeviceConjugate;
import org.scorefdt.backend.cuda.score.DeviceConjugates;
import org.scorefdt.backend.cuda.integrate.DeviceObserver;
import org.scorefdt.backend.cuda.runtime.Dtype;
import org.scorefdt.ensemble.EnsembleSpec;
import org.scorefdt.ensemble.InitialCondition;
import org.scorefdt.integrate.Integrator;
import org.scorefdt.response.GfdtEstimator;
import org.scorefdt.response.LaggedAccumulator;
import org.scorefdt.response.Perturbation;
import org.scorefdt.response.ResponseEstimate;
import org.scorefdt.score.ScoreModel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Device-resident GFDT columns for low-dimensional models (double well, Lorenz-96) on the CUDA tier:
 * the states stay on the GPU ({@link CudaDeviceEnsemble}), each save's conjugate B = −s(x) of every
 * fitted score is formed there ({@link DeviceConjugates}) and fed to one
 * {@link CudaLaggedColumnAccumulator} per score — or, with {@code cyclic} (a ring model averaged over
 * impulse positions), one {@link CudaCyclicColumnAccumulator}. The lagged sums are the host's bit for
 * bit given the same B (F64), and B is bitwise for the quasi-Gaussian, KDE, local-polynomial and
 * amplitude-corrected scores, within
 * {@link org.scorefdt.backend.cuda.score.CudaMlp}'s parity bound for DSM MLP scores. {@link #open} answers
 * empty when the path does not apply, logging {@code response accumulation on the host: <reason>}
 * once on the CUDA tier.
 */
final class DeviceColumnGfdt {
    private static final Logger LOG = LoggerFactory.getLogger(DeviceColumnGfdt.class);

    private final ChosenIntegrator chosen;
    private final int component;
    private final boolean cyclic;

    private DeviceColumnGfdt(ChosenIntegrator chosen, int component, boolean cyclic) {
        this.chosen = chosen;
        this.component = component;
        this.cyclic = cyclic;
    }

    /**
     * Why the GFDT pass cannot run on the device — every reason that applies, joined by "; " — or
     * empty if it can. The integrator must be a device-resident CUDA one in F64. (The average over
     * impulse positions, cyclic = true, has a device accumulator and is no reason.)
     */
    static Optional<String> unsupported(Integrator integrator, Perturbation perturbation, Collection<ScoreModel> scores) {
        List<String> why = new ArrayList<>();
        CudaDeviceEnsemble.unsupported(integrator).ifPresent(why::add);
        if (!(perturbation instanceof Perturbation.Impulse)) why.add("a perturbation profile's conjugate −u·s is formed on the host");
        for (ScoreModel s : scores) DeviceConjugates.unsupported(s).ifPresent(why::add);
        return why.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", why));
    }

    /**
     * The device path, or empty (host accumulation) with {@code response accumulation on the host:
     * <reason>} sent to the log and {@code listener} when the backend is CUDA but the path does not apply.
     */
    static Optional<DeviceColumnGfdt> open(ChosenIntegrator chosen, Perturbation perturbation, boolean cyclic,
                                           Collection<ScoreModel> scores, JobListener listener) {
        if (chosen.backend() != BackendKind.CUDA) return Optional.empty();
        Optional<String> why = unsupported(chosen.integrator(), perturbation, scores);
        if (why.isPresent()) {
            DeviceGfdt.hostAccumulation(chosen, why.get(), listener);
            return Optional.empty();
        }
        LOG.info("response accumulation on the device (states and conjugates stay on the GPU between saves)");
        return Optional.of(new DeviceColumnGfdt(chosen, ((Perturbation.Impulse) perturbation).component(), cyclic));
    }

    /**
     * Runs {@code es} from zero on the device with one GFDT column per score (in map order; averaged over
     * impulse positions when cyclic) and returns their estimates. Per run: one host-to-device copy of
     * the states and two back (CudaDeviceEnsemble), the score constants once, and the block sums when
     * the estimates are combined — none per save.
     */
    List<ResponseEstimate> run(EnsembleSpec es, Map<String, ScoreModel> scores, GfdtEstimator.Options opts, double saveInterval) {
        CudaDeviceEnsemble ensemble = CudaDeviceEnsemble.of(chosen.integrator());
        CudaDevice device = ensemble.device();
        int d = chosen.integrator().dimension(), m = es.members();
        if (component >= d) {
            throw new IllegalArgumentException("impulse component " + component + " outside the state dimension " + d);
        }
        List<DeviceConjugate> conjugates = new ArrayList<>();
        List<CudaLaggedColumnAccumulator> columns = new ArrayList<>();
        List<CudaCyclicColumnAccumulator> rings = new ArrayList<>();
        try (DeviceBuffer b = DeviceBuffer.allocate(device, Dtype.F64, Math.max(1, (long) m * d))) {
            List<GfdtEstimator> gfdt = new ArrayList<>();
            for (Map.Entry<String, ScoreModel> e : scores.entrySet()) {
                if (e.getValue().dimension() != d) {
                    throw new IllegalArgumentException("score '" + e.getKey() + "' has dimension " + e.getValue().dimension()
                            + ", the model " + d);
                }
                conjugates.add(DeviceConjugates.of(e.getValue(), device));
                LaggedAccumulator acc;
                if (cyclic) {
                    CudaCyclicColumnAccumulator ring = new CudaCyclicColumnAccumulator(device, d, null, component, opts.lags(),
                            opts.blocks());
                    rings.add(ring);
                    acc = ring;
                } else {
                    CudaLaggedColumnAccumulator column = new CudaLaggedColumnAccumulator(device, d, null, component, opts.lags(),
                            opts.blocks());
                    columns.add(column);
                    acc = column;
                }
                gfdt.add(new GfdtEstimator(e.getKey(), acc, saveInterval, opts));
            }
            // One scratch B for all scores: each push kernel copies its column (or, cyclic, the whole
            // vector) into the ring before the next conjugate overwrites it (one stream, launches in order).
            DeviceObserver observer = (states, members) -> {
                for (int q = 0; q < conjugates.size(); q++) {
                    conjugates.get(q).apply(states, members, b);
                    if (cyclic) rings.get(q).observeDevice(states, b, members);
                    else columns.get(q).observeDevice(states, b, d, component, members);
                }
            };
            ensemble.run(es, InitialCondition.zero(), 0, List.of(observer), null);
            List<ResponseEstimate> estimates = new ArrayList<>();
            for (GfdtEstimator g : gfdt) estimates.add(g.estimate());
            return estimates;
        } finally {
            for (DeviceConjugate c : conjugates) c.close();
            for (CudaLaggedColumnAccumulator a : columns) a.close();
            for (CudaCyclicColumnAccumulator a : rings) a.close();
        }
    }
}

package org.scorefdt.backend.cuda.response;

import java.util.Optional;
import org.bytedeco.javacpp.LongPointer;
import org.scorefdt.ensemble.EnsembleSpec;
import org.scorefdt.ensemble.SimulationDivergedException;
import org.scorefdt.integrate.Integrator;
import org.scorefdt.integrate.Precision;
import org.scorefdt.response.BlockedMoments;
import org.scorefdt.response.Perturbation;
import org.scorefdt.response.PerturbedEnsemble;
import org.scorefdt.response.PerturbedEnsemble.Projected;
import org.scorefdt.response.ResponseEstimate;
import org.scorefdt.backend.cuda.integrate.DevicePairedIntegrator;
import org.scorefdt.backend.cuda.integrate.DeviceResidentIntegrator;
import org.scorefdt.backend.cuda.runtime.CudaDevice;
import org.scorefdt.backend.cuda.runtime.DeviceBuffer;
import org.scorefdt.backend.cuda.runtime.Dtype;
import org.scorefdt.backend.cuda.runtime.KernelModule;
import org.scorefdt.backend.cuda.runtime.KernelParams.TruthParams;

/**
 * {@link PerturbedEnsemble#run(String, double[][])} with both copies x and x_δ resident on the
 * device, the moments of (x_δ − x)/δ folded as {@link BlockedMoments} does: every number equals the
 * host run's bit for bit in F64. Divergence is reported as a {@link SimulationDivergedException}.
 * Not thread-safe. Design: docs/backends.md §5.
 */
public final class CudaPerturbedEnsemble {
    /** Spin-up steps per call, as the host path. */
    private static final int SPIN_CHUNK = 1 << 20;

    private final PerturbedEnsemble ensemble;
    private final DevicePairedIntegrator integrator;

    /**
     * Why {@code integrator} cannot run the truth on the device, or empty if it can: it must be a
     * {@link DevicePairedIntegrator} (both copies stepped on the device with one noise draw) in F64 (the
     * pair statistics read F64 states and equal the host's bit for bit).
     */
    public static Optional<String> unsupported(Integrator integrator) {
        if (!(integrator instanceof DevicePairedIntegrator)) {
            return Optional.of("the device truth steps both copies with advancePairDevice, which "
                    + integrator.getClass().getSimpleName() + " does not offer");
        }
        if (integrator.precision() != Precision.F64) {
            return Optional.of("the device truth accumulates F64 pair differences; this run is " + integrator.precision());
        }
        return Optional.empty();
    }

    /**
     * The device run of {@code ensemble} (its integrator, spec, initial condition, kick, member offset and
     * observed components).
     *
     * @throws IllegalArgumentException with the reason of {@link #unsupported}, or for a profile whose length
     *                                  is not the observed dimension
     */
    public CudaPerturbedEnsemble(PerturbedEnsemble ensemble) {
        unsupported(ensemble.integrator()).ifPresent(r -> {
            throw new IllegalArgumentException(r);
        });
        if (ensemble.impulse().perturbation() instanceof Perturbation.Profile p && p.u().length != ensemble.observed()) {
            throw new IllegalArgumentException("perturbation profile has " + p.u().length + " components, the run observes "
                    + ensemble.observed());
        }
        this.ensemble = ensemble;
        this.integrator = (DevicePairedIntegrator) ensemble.integrator();
    }

    /** As {@link PerturbedEnsemble#run(String, double[][])}. */
    public Projected run(String name, double[][] projections) {
        ensemble.checkProjections(projections);
        EnsembleSpec spec = ensemble.spec();
        PerturbedEnsemble.Impulse impulse = ensemble.impulse();
        int m = spec.members(), d = integrator.dimension(), obs = ensemble.observed(), lags = impulse.lags();
        int nq = projections.length, every = spec.saveEvery(), resetEvery = impulse.resetEvery();
        long offset = ensemble.memberOffset();
        double delta = impulse.delta();
        double[] profile = impulse.perturbation() instanceof Perturbation.Profile p ? p.u() : null;
        int kickComponent = profile == null ? ((Perturbation.Impulse) impulse.perturbation()).component() : -1;

        double[] host = new double[Math.multiplyExact(m, d)];
        ensemble.initial().fill(host, m, offset, spec.seed());
        checkFinite(host, d, offset, 0, 0);

        // inputs: [projection][lags][observed] weights, then the profile; results: mean, m2 ([lags][observed]
        // each), the divergence values [observed], the projections' means and M₂ [nq] each.
        int weights = nq * lags * obs, cells = lags * obs;
        double[] in = new double[weights + (profile == null ? 0 : obs)];
        for (int q = 0; q < nq; q++) System.arraycopy(projections[q], 0, in, q * lags * obs, lags * obs);
        if (profile != null) System.arraycopy(profile, 0, in, weights, obs);
        int resultCount = 2 * cells + obs + 2 * nq;
        long[] count = new long[lags];
        long pCount = 0, step = 0;
        double[] res = new double[resultCount];
        long[] bad = new long[obs];
        int block = BlockedMoments.BLOCK;
        long blocks = (m + (long) block - 1) / block, partCells = blocks * Math.max(obs, nq);
        CudaDevice dev = integrator.device();
        KernelModule module = KernelModule.load(dev, "truth");
        try (TruthParams truthParams = new TruthParams();
             DeviceBuffer x = DeviceBuffer.allocate(dev, Dtype.F64, (long) m * d);
             DeviceBuffer xd = DeviceBuffer.allocate(dev, Dtype.F64, (long) m * d);
             DeviceBuffer inputs = DeviceBuffer.allocate(dev, Dtype.F64, Math.max(1, in.length));
             DeviceBuffer results = DeviceBuffer.allocate(dev, Dtype.F64, resultCount);
             DeviceBuffer pairValues = DeviceBuffer.allocate(dev, Dtype.F64, Math.max(1L, (long) m * nq));
             DeviceBuffer firstBad = DeviceBuffer.allocate(dev, Dtype.I64, obs);
             DeviceBuffer partMean = DeviceBuffer.allocate(dev, Dtype.F64, partCells);  // written before read: no zeroing
             DeviceBuffer partM2 = DeviceBuffer.allocate(dev, Dtype.F64, partCells);
             DeviceBuffer partBad = DeviceBuffer.allocate(dev, Dtype.I64, blocks * obs);
             DeviceBuffer partBadValue = DeviceBuffer.allocate(dev, Dtype.F64, blocks * obs)) {
            x.copyFrom(host);
            if (in.length > 0) inputs.copyFrom(in);
            xd.zero();
            results.zero();
            pairValues.zero();
            firstBad.zero();
            for (long left = spec.spinUpSteps(); left > 0; ) {
                int n = (int) Math.min(left, SPIN_CHUNK);
                integrator.advanceDevice(x, m, offset, step, n);
                step += n;
                left -= n;
            }
            if (spec.spinUpSteps() > 0) {
                x.copyTo(host, 0, host.length, 0);
                checkFinite(host, d, offset, step, 0);
            }
            long spinUp = step;
            long lastStart = (ensemble.windows() - 1) * resetEvery;
            long uAddr = profile == null ? 0 : inputs.address(weights), wAddr = nq == 0 ? 0 : inputs.address();
            long mean = results.address(), m2 = results.address(cells), badValue = results.address(2L * cells);
            long pMean = nq == 0 ? 0 : results.address(2L * cells + obs), pM2 = nq == 0 ? 0 : results.address(2L * cells + obs + nq);
            int lag = -1;  // lag of the current window, −1 when no window is open
            for (long save = 0; save < spec.saves(); save++) {
                if (save > 0) {
                    if (lag >= 0) integrator.advancePairDevice(x, xd, m, offset, step, every);
                    else integrator.advanceDevice(x, m, offset, step, every);
                    step += every;
                }
                boolean kick = save % resetEvery == 0 && save <= lastStart;
                if (kick) lag = 0;
                if (lag < 0) continue;
                truthParams.members(m).count0(count[lag]).save(save).d(d).observed(obs).lags(lags).lag(lag).projections(nq)
                        .kick_component(kickComponent).delta(delta).x(x.address()).xd(xd.address()).u(uAddr).weights(wAddr)
                        .mean(mean).m2(m2).pair_values(pairValues.address()).p_mean(pMean).p_m2(pM2)
                        .first_bad(firstBad.address()).bad_value(badValue).block(block).part_mean(partMean.address())
                        .part_m2(partM2.address()).part_bad(partBad.address()).part_bad_value(partBadValue.address());
                if (kick) module.launch("sfdt_truth_kick", (long) m * d, truthParams);
                module.launch("sfdt_truth_moment_blocks", blocks * obs, truthParams);
                module.launch("sfdt_truth_moment_merge", obs, truthParams);
                if (nq > 0) module.launch("sfdt_truth_pairs", (long) m * nq, truthParams);
                count[lag] += m;
                if (lag == lags - 1 && nq > 0) {  // the window is complete: one value per pair and projection
                    truthParams.members(m).count0(pCount).save(save).d(d).observed(obs).lags(lags).lag(lag).projections(nq)
                            .kick_component(kickComponent).delta(delta).x(x.address()).xd(xd.address()).u(uAddr)
                            .weights(wAddr).mean(mean).m2(m2).pair_values(pairValues.address()).p_mean(pMean).p_m2(pM2)
                            .first_bad(firstBad.address()).bad_value(badValue).block(block).part_mean(partMean.address())
                            .part_m2(partM2.address()).part_bad(partBad.address()).part_bad_value(partBadValue.address());
                    module.launch("sfdt_truth_projection_blocks", blocks * nq, truthParams);
                    module.launch("sfdt_truth_projection_merge", nq, truthParams);
                    pCount += m;
                }
                lag = lag + 1 < lags ? lag + 1 : -1;
            }
            results.copyTo(res, 0, resultCount, 0);  // synchronises: kernel faults surface here
            try (LongPointer h = new LongPointer(obs)) {
                firstBad.copyToHost(h, 8L * obs);
                h.get(bad);
            }
            reportDivergence(bad, res, 2 * cells, m, offset, spinUp, every);
            x.copyTo(host, 0, host.length, 0);
            checkFinite(host, d, offset, step, spec.saves());
        }
        return result(name, res, count, pCount, nq, obs, lags, every);
    }

    /** The earliest non-finite pair difference recorded by the moment kernels, as the host path would name it. */
    private static void reportDivergence(long[] bad, double[] res, int valuesAt, int m, long offset, long spinUp, int every) {
        int first = -1;
        for (int i = 0; i < bad.length; i++) {
            if (bad[i] != 0 && (first < 0 || bad[i] < bad[first])) first = i;
        }
        if (first < 0) return;
        long code = bad[first] - 1, save = code / m, member = code % m;
        throw new SimulationDivergedException(offset + member, first, res[valuesAt + first], spinUp + save * every, save);
    }

    /** The host path's estimate and projections from the device moments (same formulas). */
    private Projected result(String name, double[] res, long[] count, long pCount, int nq, int obs, int lags, int every) {
        int cells = lags * obs;
        double[] mean = java.util.Arrays.copyOfRange(res, 0, cells);
        double[] se = new double[cells];
        for (int t = 0; t < lags; t++) {
            long n = count[t];
            for (int i = 0; i < obs; i++) se[t * obs + i] = n > 1 ? Math.sqrt(res[cells + t * obs + i] / (n - 1) / n) : Double.NaN;
        }
        double[] times = new double[lags];
        for (int t = 0; t < lags; t++) times[t] = t * every * ensemble.dt();
        double[] pMean = new double[nq], pSe = new double[nq];
        int at = 2 * cells + obs;
        for (int q = 0; q < nq; q++) {
            pMean[q] = res[at + q];
            pSe[q] = pCount > 1 ? Math.sqrt(res[at + nq + q] / (pCount - 1) / pCount) : Double.NaN;
        }
        return new Projected(new ResponseEstimate(name, times, lags, obs, mean, se, new double[0], Optional.empty(), count[0]),
                pMean, pSe);
    }

    private static void checkFinite(double[] states, int d, long memberOffset, long step, long saves) {
        for (int i = 0; i < states.length; i++) {
            if (!Double.isFinite(states[i])) {
                throw new SimulationDivergedException(memberOffset + i / d, i % d, states[i], step, saves);
            }
        }
    }
}

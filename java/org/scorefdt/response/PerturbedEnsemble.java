package org.scorefdt.response;

import org.scorefdt.util.Offer;
import org.scorefdt.ensemble.EnsembleSpec;
import org.scorefdt.model.InitialCondition;
import org.scorefdt.ensemble.SimulationDivergedException;
import org.scorefdt.integrate.Integrator;
import org.scorefdt.integrate.PairedIntegrator;

/**
 * Ground-truth response by paired runs sharing every noise draw,
 * R_{ij}(τ) ≈ ⟨(x_δ,i(t₀+τ) − x_i(t₀+τ))/δ⟩ with x_δ = x + δ·e_j reset every K saves; standard
 * errors from running moments folded by {@link BlockedMoments}. A {@link PairedIntegrator} steps both
 * copies in one call. Protocol: docs/systems.md §5.5 and §5.9.
 */
public final class PerturbedEnsemble {

    /**
     * @param perturbation the direction u of the kick (an impulse e_j at one pixel, or a profile)
     * @param delta      kick amplitude δ ≠ 0 (state units): the copy starts at x + δ·u
     * @param lags       L ≥ 1 saves recorded per window, lag 0 included
     * @param resetEvery K ≥ L saves between resets of the copy
     */
    public record Impulse(Perturbation perturbation, double delta, int lags, int resetEvery) {
        /** A kick δ at one component (pixel) j. */
        public Impulse(int component, double delta, int lags, int resetEvery) {
            this(new Perturbation.Impulse(component), delta, lags, resetEvery);
        }

        public Impulse {
            if (perturbation == null) throw new IllegalArgumentException("perturbation must be given");
            if (!(delta != 0) || !Double.isFinite(delta)) throw new IllegalArgumentException("delta = " + delta + ": must be finite and != 0");
            if (lags < 1) throw new IllegalArgumentException("lags = " + lags + ": must be >= 1");
            if (resetEvery < lags) {
                throw new IllegalArgumentException("resetEvery = " + resetEvery + " saves: must be >= lags = " + lags);
            }
        }
    }

    private final Integrator integrator;
    private final EnsembleSpec spec;
    private final InitialCondition initial;
    private final double dt;
    private final Impulse impulse;
    private final long memberOffset;
    private final int observed;

    /**
     * @param integrator   steps both copies (its seed fixes the shared noise)
     * @param spec         members, spin-up, total saves, save interval and initial-condition seed
     * @param dt           the integrator's time step (for the time axis)
     * @param memberOffset global index of the first member
     */
    public PerturbedEnsemble(Integrator integrator, EnsembleSpec spec, InitialCondition initial, double dt,
                             Impulse impulse, long memberOffset) {
        this(integrator, spec, initial, dt, impulse, memberOffset, integrator.dimension());
    }

    /**
     * As above, for a model with hidden state ({@link org.scorefdt.model.Model#observedDimension()}):
     * the kick and the recorded response use components {@code 0 .. observed-1} only; the hidden
     * components are stepped (identically in both copies when the kick does not reach them) but
     * never recorded.
     *
     * @param observed observed components, 1 ≤ observed ≤ integrator.dimension()
     */
    public PerturbedEnsemble(Integrator integrator, EnsembleSpec spec, InitialCondition initial, double dt,
                             Impulse impulse, long memberOffset, int observed) {
        if (observed < 1 || observed > integrator.dimension()) {
            throw new IllegalArgumentException("observed = " + observed + ": must be in [1, " + integrator.dimension() + "]");
        }
        if (impulse.perturbation().dimensionNeeded() > observed) {
            throw new IllegalArgumentException("perturbation " + impulse.perturbation() + " needs dimension "
                    + impulse.perturbation().dimensionNeeded() + ", the model observes " + observed);
        }
        if (spec.saves() < impulse.lags()) {
            throw new IllegalArgumentException("saves = " + spec.saves() + " < lags = " + impulse.lags() + ": no full window fits");
        }
        this.integrator = integrator;
        this.spec = spec;
        this.initial = initial;
        this.dt = dt;
        this.impulse = impulse;
        this.memberOffset = memberOffset;
        this.observed = observed;
    }

    public PerturbedEnsemble(Integrator integrator, EnsembleSpec spec, InitialCondition initial, double dt, Impulse impulse) {
        this(integrator, spec, initial, dt, impulse, 0);
    }

    /** Windows per member: those starting at w·K whose L saves end inside the run. */
    public long windows() {
        return (spec.saves() - impulse.lags()) / impulse.resetEvery() + 1;
    }

    /** Runs the pairs and returns the mean response with standard errors; {@code name} labels it. */
    public ResponseEstimate run(String name) {
        return run(name, new double[0][]).estimate();
    }

    /**
     * The truth with linear functionals of it: for each weight vector w ({@code [lags][d]}), the mean
     * w·R of the pair values and its exact standard error std(P)/√pairs (used by
     * {@link ErrorComparison}). Definition: docs/systems.md §5.9.
     *
     * @param name        label of the estimate
     * @param projections weight vectors, each lags·observed values (the recorded components)
     * @param estimate    the response as from {@link #run(String)}
     * @param means       w·R per projection
     * @param stderrs     standard error of each
     */
    public record Projected(ResponseEstimate estimate, double[] means, double[] stderrs) {}

    /**
     * {@link #run(String)} plus the given linear functionals with their exact standard errors ({@link Projected}),
     * on the host ({@link #runOnHost}).
     */
    public Projected run(String name, double[][] projections) {
        return run(name, projections, ResponseKernels.REFERENCE);
    }

    /**
     * As {@link #run(String, double[][])}, on the tier of the integrator when {@code kernels} (the job's
     * tiers) offers it a {@link DeviceTruth} — the same result bit for bit — else on the host.
     */
    public Projected run(String name, double[][] projections, ResponseKernels kernels) {
        checkProjections(projections);
        Offer<DeviceTruth> device = kernels.truth(this);
        return device.offered() ? device.value().run(this, name, projections) : runOnHost(name, projections);
    }

    /**
     * @throws IllegalArgumentException unless every weight vector has lags × observed values
     */
    public void checkProjections(double[][] projections) {
        int lags = impulse.lags();
        for (int q = 0; q < projections.length; q++) {
            if (projections[q].length != lags * observed) {
                throw new IllegalArgumentException("projection " + q + " has " + projections[q].length + " weights, need lags × observed = "
                        + lags + " × " + observed);
            }
        }
    }

    /**
     * {@link #run(String, double[][])} on the host whatever the integrator: the states cross to the host at
     * every save. The reference that device implementations ({@link DeviceTruth}) must equal.
     */
    public Projected runOnHost(String name, double[][] projections) {
        checkProjections(projections);
        int m = spec.members(), d = integrator.dimension(), obs = observed, lags = impulse.lags();
        int nq = projections.length;
        double[] pairValue = new double[m * nq], pMean = new double[nq], pM2 = new double[nq];
        long[] pCount = {0};
        double delta = impulse.delta();
        double[] mean = new double[lags * obs], m2 = new double[lags * obs];
        long[] count = new long[lags];
        pairs((lag, x, xd) -> {
            // Moments per lag and component: blocks of BlockedMoments.BLOCK members, each Welford in member
            // order, merged in block order (the device's fixed tree; block-outer for the cache).
            int base = lag * obs, block = BlockedMoments.BLOCK;
            long before = count[lag];
            for (int r0 = 0; r0 < m; r0 += block) {
                int r1 = Math.min(m, r0 + block);
                for (int i = 0; i < obs; i++) {
                    int c = i;
                    BlockedMoments.foldBlock(r -> (xd[r * d + c] - x[r * d + c]) / delta, r0, r1, before + r0, mean, m2, base + i);
                }
            }
            count[lag] += m;
            for (int r = 0; r < m && nq > 0; r++) {
                int o = r * d;
                for (int i = 0; i < obs; i++) {
                    double v = (xd[o + i] - x[o + i]) / delta;
                    for (int q = 0; q < nq; q++) pairValue[r * nq + q] += projections[q][base + i] * v;
                }
            }
            if (lag == lags - 1 && nq > 0) { // the window is complete: one value per pair and projection
                for (int q = 0; q < nq; q++) {
                    int p = q;
                    BlockedMoments.fold(r -> pairValue[r * nq + p], m, block, pCount[0], pMean, pM2, q);
                }
                pCount[0] += m;
                java.util.Arrays.fill(pairValue, 0.0);
            }
        });
        double[] pSe = new double[nq];
        for (int q = 0; q < nq; q++) pSe[q] = pCount[0] > 1 ? Math.sqrt(pM2[q] / (pCount[0] - 1) / pCount[0]) : Double.NaN;
        return new Projected(TruthPartials.estimate(name, lags, obs, spec.saveEvery(), dt, mean, m2, count[0]), pMean, pSe);
    }

    /**
     * The pairs' per-block Welford partials ({@link TruthPartials}) instead of their merged moments:
     * what a shard keeps, so that {@link TruthPartials#merge} of every part gives {@link #runOnHost}'s
     * estimate of the whole bit for bit. This ensemble's members must be whole {@link BlockedMoments#BLOCK}s
     * of the truth run (the last may be short where the run ends).
     *
     * @param firstPair  index of this ensemble's first member among the truth run's pairs
     * @param totalPairs pairs of the whole truth run
     */
    public TruthPartials runPartials(long firstPair, long totalPairs) {
        return runPartials(firstPair, totalPairs, new double[0][]).truth();
    }

    /**
     * The partials of {@link #runPartials(long, long)} and, in the same pass, those of the linear
     * functionals of {@link #runOnHost}: per window and block of pairs, the Welford partial of each
     * pair's value w·R, held as a {@link TruthPartials} of one lag and one "component" per weight
     * vector, whose {@link TruthPartials#merge} replays runOnHost's fold (the same counts before each
     * block), so the merged means and standard errors are its {@link Projected} ones bit for bit.
     *
     * @param projections weight vectors as for {@link #run(String, double[][])}; none gives no projected partials
     */
    public PartialsWithProjections runPartials(long firstPair, long totalPairs, double[][] projections) {
        checkProjections(projections);
        int m = spec.members(), d = integrator.dimension(), obs = observed, lags = impulse.lags(), block = BlockedMoments.BLOCK;
        TruthPartials.checkRange(firstPair, m, totalPairs);
        int blocks = (m + block - 1) / block, nq = projections.length;
        long windows = windows();
        double delta = impulse.delta();
        double[] partials = new double[(int) (windows * blocks * lags * obs * 2L)];
        double[] projected = new double[(int) (windows * blocks * nq * 2L)], pairValue = new double[m * nq];
        int[] window = {-1};
        pairs((lag, x, xd) -> {
            if (lag == 0) window[0]++;
            for (int k = 0; k < blocks; k++) {
                int r0 = k * block, r1 = Math.min(m, r0 + block);
                int at = (((window[0] * blocks + k) * lags + lag) * obs) * 2;
                for (int i = 0; i < obs; i++) {
                    int c = i;
                    BlockedMoments.partial(r -> (xd[r * d + c] - x[r * d + c]) / delta, r0, r1, partials, at + 2 * i);
                }
            }
            if (nq == 0) return;
            int base = lag * obs;
            for (int r = 0; r < m; r++) {  // runOnHost's accumulation, term for term
                int o = r * d;
                for (int i = 0; i < obs; i++) {
                    double v = (xd[o + i] - x[o + i]) / delta;
                    for (int q = 0; q < nq; q++) pairValue[r * nq + q] += projections[q][base + i] * v;
                }
            }
            if (lag == lags - 1) {
                for (int k = 0; k < blocks; k++) {
                    int r0 = k * block, r1 = Math.min(m, r0 + block);
                    for (int q = 0; q < nq; q++) {
                        int p = q;
                        BlockedMoments.partial(r -> pairValue[r * nq + p], r0, r1, projected, ((window[0] * blocks + k) * nq + q) * 2);
                    }
                }
                java.util.Arrays.fill(pairValue, 0.0);
            }
        });
        return new PartialsWithProjections(new TruthPartials(totalPairs, firstPair, m, lags, obs, windows, partials),
                nq == 0 ? null : new TruthPartials(totalPairs, firstPair, m, 1, nq, windows, projected));
    }

    /**
     * What {@link #runPartials(long, long, double[][])} returns.
     *
     * @param truth     the response's partials
     * @param projected the functionals' partials (one lag, one column per weight vector); null without weights
     */
    public record PartialsWithProjections(TruthPartials truth, TruthPartials projected) {}

    /** What the pair loop hands on at every save of an open window: the lag, the base and the kicked states. */
    private interface LagVisitor {
        void visit(int lag, double[] x, double[] xd);
    }

    /**
     * Runs the pairs: spin-up, then saves with a kick every K saves; at each save of an open window
     * (lag 0 … L−1) the visitor sees both copies.
     */
    private void pairs(LagVisitor visitor) {
        int m = spec.members(), d = integrator.dimension(), obs = observed, lags = impulse.lags();
        Perturbation kick = impulse.perturbation();
        double delta = impulse.delta();
        double[] x = new double[m * d], xd = new double[m * d];
        initial.fill(x, m, memberOffset, spec.seed());
        long step = 0;
        checkFinite(x, step, 0);
        for (long left = spec.spinUpSteps(); left > 0; ) {
            int n = (int) Math.min(left, 1 << 20);
            integrator.advance(x, m, memberOffset, step, n);
            step += n;
            left -= n;
            checkFinite(x, step, 0);
        }
        long lastStart = (windows() - 1) * impulse.resetEvery();
        int lag = -1; // lag of the current window, −1 when no window is open
        int every = spec.saveEvery();
        for (long save = 0; save < spec.saves(); save++) {
            if (save > 0) {
                if (lag >= 0 && integrator instanceof PairedIntegrator paired) {
                    paired.advancePair(x, xd, m, memberOffset, step, every); // one draw of the noise for both copies
                } else {
                    integrator.advance(x, m, memberOffset, step, every);
                    if (lag >= 0) integrator.advance(xd, m, memberOffset, step, every); // same members, same steps: same noise
                }
                step += every;
                checkFinite(x, step, save);
                if (lag >= 0) checkFinite(xd, step, save);
            }
            if (save % impulse.resetEvery() == 0 && save <= lastStart) {
                System.arraycopy(x, 0, xd, 0, x.length);
                for (int r = 0; r < m; r++) kick.add(xd, r * d, obs, delta);
                lag = 0;
            }
            if (lag >= 0) {
                visitor.visit(lag, x, xd);
                lag = lag + 1 < lags ? lag + 1 : -1;
            }
        }
    }

    /** The integrator that steps both copies. */
    public Integrator integrator() {
        return integrator;
    }

    /** Members, spin-up, saves, save interval and initial-condition seed. */
    public EnsembleSpec spec() {
        return spec;
    }

    /** Where the members start. */
    public InitialCondition initial() {
        return initial;
    }

    /** The integrator's time step (the time axis). */
    public double dt() {
        return dt;
    }

    /** The kick, its amplitude, the lags and the reset interval. */
    public Impulse impulse() {
        return impulse;
    }

    /** Global index of the first member. */
    public long memberOffset() {
        return memberOffset;
    }

    /** Recorded (and kicked) components {@code 0 .. observed-1}. */
    public int observed() {
        return observed;
    }

    private void checkFinite(double[] s, long step, long save) {
        int d = integrator.dimension();
        for (int i = 0; i < s.length; i++) {
            if (!Double.isFinite(s[i])) throw new SimulationDivergedException(memberOffset + i / d, i % d, s[i], step, save);
        }
    }
}

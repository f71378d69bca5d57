package org.scorefdt.api;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;
import org.scorefdt.backend.BackendKind;
import org.scorefdt.backend.ChosenIntegrator;
import org.scorefdt.ensemble.Ensemble;
import org.scorefdt.ensemble.EnsembleSpec;
import org.scorefdt.model.InitialCondition;
import org.scorefdt.ensemble.ObservedComponents;
import org.scorefdt.ensemble.Observer;
import org.scorefdt.integrate.IntegratorSpec;
import org.scorefdt.integrate.Precision;
import org.scorefdt.integrate.Scheme;
import org.scorefdt.model.Model;

/**
 * The embedding entry point for simulations, built fluently:
 * <pre>{@code
 * SimulationResult r = Simulation.of(model).scheme(Scheme.HEUN).dt(0.01)
 *         .members(256).spinUpSteps(1000).saves(5000).saveEvery(10).seed(42)
 *         .backend(BackendKind.AUTO).observe(myObserver).run();
 * }</pre>
 * The backend is chosen when {@link #run} starts; if it cannot run this model (e.g. a user model
 * written in Java on the native tier) the pure-Java reference runs it and the reason is recorded in
 * the result and the log. Builders are not thread-safe; results are plain values.
 */
public final class Simulation {
    private final Model model;
    private Scheme scheme = Scheme.EULER_MARUYAMA;
    private double dt = 0.01;
    private Precision precision = Precision.F64;
    private int members = 1;
    private long spinUpSteps;
    private long saves = 1;
    private int saveEvery = 1;
    private long seed;
    private long memberOffset;
    private int threads;
    private BackendKind backend = BackendKind.AUTO;
    private InitialCondition initial = InitialCondition.zero();
    private final List<Observer> observers = new ArrayList<>();
    private LongConsumer progress;

    private Simulation(Model model) {
        this.model = model;
    }

    /** Starts a simulation of {@code model} (defaults: EM, dt 0.01, F64, 1 member, 1 save, seed 0, auto backend). */
    public static Simulation of(Model model) {
        if (model == null) throw new IllegalArgumentException("model must be given");
        return new Simulation(model);
    }

    public Simulation scheme(Scheme s) { this.scheme = s; return this; }
    public Simulation dt(double v) { this.dt = v; return this; }
    public Simulation precision(Precision p) { this.precision = p; return this; }
    public Simulation members(int m) { this.members = m; return this; }
    public Simulation spinUpSteps(long s) { this.spinUpSteps = s; return this; }
    public Simulation saves(long s) { this.saves = s; return this; }
    public Simulation saveEvery(int k) { this.saveEvery = k; return this; }
    public Simulation seed(long s) { this.seed = s; return this; }
    /** Global index of the first member: disjoint offsets give independent ensembles under one seed. */
    public Simulation memberOffset(long o) { this.memberOffset = o; return this; }
    /** Worker threads (0: all cores). */
    public Simulation threads(int t) { this.threads = t; return this; }
    public Simulation backend(BackendKind k) { this.backend = k; return this; }
    public Simulation initial(InitialCondition ic) { this.initial = ic; return this; }
    /**
     * Adds an observer of every save. It sees the observed components only,
     * {@code [members][model.observedDimension()]} (the whole state for models without hidden state).
     */
    public Simulation observe(Observer o) { this.observers.add(o); return this; }
    /** Receives member-steps done after each integration chunk. */
    public Simulation progress(LongConsumer p) { this.progress = p; return this; }

    /**
     * Runs to completion.
     *
     * @throws IllegalArgumentException for an invalid setting (named)
     * @throws org.scorefdt.ensemble.SimulationDivergedException on NaN/∞ (observers keep what they saw)
     * @throws org.scorefdt.backend.BackendUnavailableException if an explicitly requested backend is absent
     */
    public SimulationResult run() {
        IntegratorSpec spec = new IntegratorSpec(scheme, dt);
        EnsembleSpec ens = new EnsembleSpec(members, spinUpSteps, saves, saveEvery, seed);
        long start = System.nanoTime();
        try (ChosenIntegrator chosen = ChosenIntegrator.open(backend, model, spec, precision, seed, threads)) {
            Ensemble e = new Ensemble(chosen.integrator(), ens, initial, dt, memberOffset);
            double[] fin = e.run(ObservedComponents.of(model, observers), progress);
            return new SimulationResult(fin, members, model.dimension(), chosen.backend(), chosen.reasons(),
                    (System.nanoTime() - start) / 1e9);
        }
    }
}

package org.scorefdt.ensemble;

import org.scorefdt.model.InitialCondition;
import java.util.List;
import java.util.function.LongConsumer;
import org.scorefdt.integrate.Integrator;

/**
 * Runs M members through spin-up and then saves, handing each save to the observers. The whole
 * ensemble state ([members][dimension]) is the only thing held; trajectories are never stored.
 * After every integration chunk the state is checked for NaN/∞ and the run stops with a
 * {@link SimulationDivergedException} naming the member and step; observers keep what they had.
 */
public final class Ensemble {
    private final Integrator integrator;
    private final EnsembleSpec spec;
    private final InitialCondition initial;
    private final double dt;
    private final long memberOffset;

    /**
     * @param memberOffset global index of the first member (lets a run be split into member blocks
     *                     that reproduce the numbers of the whole)
     */
    public Ensemble(Integrator integrator, EnsembleSpec spec, InitialCondition initial, double dt, long memberOffset) {
        this.integrator = integrator;
        this.spec = spec;
        this.initial = initial;
        this.dt = dt;
        this.memberOffset = memberOffset;
    }

    public Ensemble(Integrator integrator, EnsembleSpec spec, InitialCondition initial, double dt) {
        this(integrator, spec, initial, dt, 0);
    }

    /** Fresh initial states, [members][dimension]. */
    public double[] initialStates() {
        double[] states = new double[spec.members() * integrator.dimension()];
        initial.fill(states, spec.members(), memberOffset, spec.seed());
        return states;
    }

    /**
     * Runs from the initial condition.
     *
     * @param progress receives member-steps done after each chunk (may be null)
     * @return the final states
     */
    public double[] run(List<? extends Observer> observers, LongConsumer progress) {
        double[] states = initialStates();
        checkFinite(states, 0, 0);
        run(states, 0, observers, progress);
        return states;
    }

    /** Runs from given states at global step {@code step0} (e.g. a checkpoint). */
    public void run(double[] states, long step0, List<? extends Observer> observers, LongConsumer progress) {
        int m = spec.members();
        long step = step0;
        long spin = spec.spinUpSteps();
        int chunk = (int) Math.min(Math.max(1, spin), Math.max(spec.saveEvery(), 1024));
        while (spin > 0) {
            int n = (int) Math.min(chunk, spin);
            integrator.advance(states, m, memberOffset, step, n);
            step += n;
            spin -= n;
            checkFinite(states, step, 0);
            if (progress != null) progress.accept((long) n * m);
        }
        for (long save = 0; save < spec.saves(); save++) {
            if (save > 0) {
                integrator.advance(states, m, memberOffset, step, spec.saveEvery());
                step += spec.saveEvery();
                checkFinite(states, step, save);
                if (progress != null) progress.accept((long) spec.saveEvery() * m);
            }
            double time = save * spec.saveEvery() * dt;
            for (Observer o : observers) o.observe(save, time, states, m);
        }
    }

    private void checkFinite(double[] states, long step, long completedSaves) {
        int d = integrator.dimension();
        for (int i = 0; i < spec.members() * d; i++) {
            if (!Double.isFinite(states[i])) {
                throw new SimulationDivergedException(memberOffset + i / d, i % d, states[i], step, completedSaves);
            }
        }
    }
}

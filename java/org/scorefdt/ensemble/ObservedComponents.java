package org.scorefdt.ensemble;

import java.util.List;
import org.scorefdt.model.Model;

/**
 * Hands observers only the observed part of every member (components
 * {@code 0 .. model.observedDimension()-1}, see {@link Model#observedDimension()}), repacked as
 * {@code [members][observed]}, so snapshot collectors, moments and lagged-correlation accumulators
 * never see hidden integrator state such as the forcing phases of
 * {@link org.scorefdt.model.NavierStokes2d}. One buffer, grown only when the member count grows.
 * Not thread-safe (as observers are called on the ensemble's thread).
 */
public final class ObservedComponents implements Observer {
    private final int stride;
    private final int observed;
    private final List<Observer> inner;
    private double[] buffer = new double[0];

    /**
     * @param stride   components per member in the full state (the model's dimension)
     * @param observed components handed on, 1 ≤ observed ≤ stride
     * @param inner    the observers that see only the observed part
     */
    public ObservedComponents(int stride, int observed, List<? extends Observer> inner) {
        if (observed < 1 || observed > stride) {
            throw new IllegalArgumentException("observed = " + observed + ": must be in [1, stride = " + stride + "]");
        }
        this.stride = stride;
        this.observed = observed;
        this.inner = List.copyOf(inner);
    }

    /** The observers themselves when the model observes everything, else a repacking wrapper. */
    public static List<Observer> of(Model model, List<? extends Observer> inner) {
        if (model.observedDimension() == model.dimension()) return List.copyOf(inner);
        return List.of(new ObservedComponents(model.dimension(), model.observedDimension(), inner));
    }

    @Override
    public void observe(long saveIndex, double time, double[] states, int members) {
        if (buffer.length < members * observed) buffer = new double[members * observed];
        for (int m = 0; m < members; m++) System.arraycopy(states, m * stride, buffer, m * observed, observed);
        for (Observer o : inner) o.observe(saveIndex, time, buffer, members);
    }
}

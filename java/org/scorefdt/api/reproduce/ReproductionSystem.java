package org.scorefdt.api.reproduce;

import java.util.Optional;
import org.scorefdt.model.InitialCondition;
import org.scorefdt.integrate.IntegratorSpec;
import org.scorefdt.model.Grid;
import org.scorefdt.model.Model;
import org.scorefdt.score.ScoreModel;

/**
 * The per-system part of the paper's comparison (docs/systems.md §1–3): the model on an N×N grid,
 * where members start, the observed part of the state ({@link #observedDimension}, the field first)
 * and its exact answers; everything else is {@link org.scorefdt.config.ReproductionSettings}.
 * Implementations are stateless and thread-safe. Design: docs/reproduction.md §1.
 */
public interface ReproductionSystem {

    /** The system's name, as the config table and the catalog spell it ({@code ou-spde}, …). */
    String name();

    /** A fresh model with the paper's parameters on an N×N grid. */
    Model model(int n);

    /**
     * The model with its noise variance ε² multiplied by {@code noiseScale} (config key {@code noise_scale});
     * systems without an additive field noise accept only 1.
     */
    default Model model(int n, double noiseScale) {
        if (noiseScale != 1) throw new IllegalArgumentException(name() + ": noise_scale = " + noiseScale + ": must be 1 (no additive field noise)");
        return model(n);
    }

    /** The grid of the observed field. */
    default Grid grid(Model model) {
        return model.grid().orElseThrow(() -> new IllegalStateException(model.name() + " is not a field on a grid"));
    }

    /** Components of the state that are observed (the field; hidden components follow it). */
    default int observedDimension(Model model) {
        return model.observedDimension();
    }

    /** Where members start (spin-up follows). */
    InitialCondition initialCondition(Model model, IntegratorSpec integrator);

    /**
     * The Fourier modes on which every estimate and the truth are compared ({@link RetainedModes}),
     * where the model decouples into a part the comparison is about and one no estimator can be fair
     * on; empty = the whole field.
     */
    default Optional<RetainedModes> comparedModes(Model model) {
        return Optional.empty();
    }

    /** A score known in closed form (exact OU, analytic Allen–Cahn), reported as a third GFDT estimate. */
    default Optional<ScoreModel> analyticScore(Model model, IntegratorSpec integrator) {
        return Optional.empty();
    }

    /**
     * The exact response column to a unit impulse at pixel (0, 0) for the scheme in use, {@code [lags][N²]}
     * at lags τ = 0 … lags−1 saves, where theory gives it (linear models).
     */
    default Optional<double[]> exactResponse(Model model, IntegratorSpec integrator, int saveEvery, int lags) {
        return Optional.empty();
    }
}

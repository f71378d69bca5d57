package org.scorefdt.response;

import org.scorefdt.integrate.Integrator;
import org.scorefdt.integrate.Precision;
import org.scorefdt.model.Grid;
import org.scorefdt.util.Offer;

/**
 * The response operations a tier may run where it keeps its states. A backend tier implements this
 * (its answers are its table); the reference answer means the host run.
 */
public interface ResponseKernels {

    /** The pure-Java answers: the requesting type's own code runs every operation. */
    ResponseKernels REFERENCE = new ResponseKernels() {
        @Override
        public Offer<ResidentEnsemble> resident(Integrator integrator) {
            return Offer.reference();
        }

        @Override
        public Offer<LaggedGridKernel> laggedGrid(Grid grid, int lags, int blocks, Precision precision, int threads) {
            return Offer.reference();
        }

        @Override
        public Offer<DeviceTruth> truth(PerturbedEnsemble ensemble) {
            return Offer.reference();
        }

        @Override
        public Offer<LaggedMatrixKernel> laggedMatrix(int dimension, int[] columns, int lags, int blocks, int threads) {
            return Offer.reference();
        }
    };

    /** An ensemble run of {@code integrator} that keeps the states on the tier (see {@link ResidentEnsemble}). */
    Offer<ResidentEnsemble> resident(Integrator integrator);

    /**
     * The per-save work of a {@link LaggedGridAccumulator} fed from the host (reference: its own Java
     * loop).
     *
     * @param precision of the transforms (F32: fields rounded to float; sums stay double)
     * @param threads   worker threads, 0 for all
     */
    Offer<LaggedGridKernel> laggedGrid(Grid grid, int lags, int blocks, Precision precision, int threads);

    /**
     * The perturbed-ensemble truth of {@code ensemble} where its integrator keeps the states (reference:
     * {@link PerturbedEnsemble#runOnHost}); declined with the reason when that tier cannot run it.
     */
    Offer<DeviceTruth> truth(PerturbedEnsemble ensemble);

    /**
     * The per-save sums of a {@link LaggedMatrixAccumulator} fed from the host (reference: its own Java loop).
     *
     * @param dimension state dimension d
     * @param columns   the impulse components j of the matrix's columns
     * @param threads   worker threads, 0 for all
     */
    Offer<LaggedMatrixKernel> laggedMatrix(int dimension, int[] columns, int lags, int blocks, int threads);
}

package org.scorefdt.integrate;

/**
 * An integrator that can step a perturbed copy alongside each member with the very same noise
 * draws, drawing them once (the shared-noise pairs of response.PerturbedEnsemble). The result must
 * equal two {@link #advance} calls with the same member offset and steps, bit for bit.
 */
public interface PairedIntegrator extends Integrator {

    /**
     * Takes {@code nSteps} steps of every member of both blocks, the row r of each using the noise
     * of member {@code memberOffset + r}.
     *
     * @param states    {@code [members][dimension]}, advanced in place
     * @param perturbed {@code [members][dimension]}, advanced in place with the same noise
     */
    void advancePair(double[] states, double[] perturbed, int members, long memberOffset, long step0, int nSteps);
}

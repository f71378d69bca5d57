package org.scorefdt.response;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongConsumer;
import org.scorefdt.ensemble.EnsembleSpec;
import org.scorefdt.ensemble.Observer;
import org.scorefdt.ensemble.SnapshotCollector;
import org.scorefdt.model.Grid;
import org.scorefdt.model.InitialCondition;
import org.scorefdt.score.ScoreModel;
import org.scorefdt.score.SpectralQuasiGaussianScore;

/**
 * An ensemble run whose states stay where the integrator's tier keeps them (device memory on a GPU),
 * with observers made by this object reading them there: GFDT accumulators with their conjugates
 * formed in place, the spectrum fit, snapshot copies of only the kept saves. A tier offers one for
 * its integrators ({@link ResponseKernels#resident}); the host run ({@code Ensemble} with host
 * observers) is the reference and gives the same estimates (bit for bit, or within the tier's
 * stated bound). Observers passed to {@link #run} must come from this object. Not thread-safe;
 * closing frees what it created.
 */
public interface ResidentEnsemble extends AutoCloseable {

    /** A GFDT estimator and the observer of this run that feeds it. */
    record Estimator(GfdtEstimator gfdt, Observer observer) {}

    /** The spectral quasi-Gaussian fit of the saves it observes. */
    interface SpectrumFit extends Observer {
        /** A new batch of members starts (their first save is the batch's save 0). */
        void beginMemberBatch();

        /** The fitted score with ridge {@code ridge}. */
        SpectralQuasiGaussianScore build(double ridge);
    }

    /** Why the conjugate of {@code score} on {@code grid} cannot be formed here, or empty. */
    Optional<String> unsupportedGridScore(ScoreModel score, Grid grid);

    /** Every reason the column GFDT of {@code scores} under {@code perturbation} cannot run here, joined by "; ", or empty. */
    Optional<String> unsupportedColumn(Perturbation perturbation, Collection<ScoreModel> scores);

    /**
     * The grid GFDT of a score linear per Fourier mode, ŝ(k) = −N²(û(k) − N²μδ_{k0})/S(k): spectrum S
     * and mean μ (impulse at {@code pixel}, all positions).
     */
    Estimator linearGridEstimator(String name, ScoreModel score, double[] spectrum, double mean, Grid grid, int pixel,
                                  double saveInterval, GfdtEstimator.Options options);

    /**
     * The grid GFDT of any score {@link #unsupportedGridScore} accepts, the observed field being the
     * first N² values of state rows of {@code stride} values.
     */
    Estimator gridEstimator(String name, ScoreModel score, Grid grid, int stride, int pixel, double saveInterval,
                            GfdtEstimator.Options options);

    /** The spectrum fit of the fields (first N² values of rows of {@code stride}), summed about {@code centre}. */
    SpectrumFit spectrumFit(Grid grid, int stride, double centre);

    /** Copies each kept save's rows into {@code snapshots}, as a host run feeding it would. */
    Observer snapshots(SnapshotCollector snapshots);

    /**
     * Runs {@code spec} from zero with one GFDT column per score (impulse on {@code component}; with
     * {@code cyclic} averaged over impulse positions) and returns their estimates in map order.
     */
    List<ResponseEstimate> columnGfdt(EnsembleSpec spec, Map<String, ScoreModel> scores, int component, boolean cyclic,
                                      GfdtEstimator.Options options, double saveInterval);

    /** Runs {@code spec} from {@code initial} (members from 0), feeding {@code observers}. */
    void run(EnsembleSpec spec, InitialCondition initial, List<? extends Observer> observers, LongConsumer progress);

    /**
     * Runs {@code spec} from host {@code states} (e.g. spun up) at global step {@code step0}, members
     * from {@code memberOffset}; {@code states} receive the final states.
     */
    void runFrom(double[] states, long step0, EnsembleSpec spec, long memberOffset, List<? extends Observer> observers,
                 LongConsumer progress);

    @Override
    void close();
}

package org.scorefdt.backend.parity;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.scorefdt.backend.Backend;
import org.scorefdt.backend.java.JavaBackend;
import org.scorefdt.testing.CudaTier;
import org.scorefdt.testing.NativeTier;
import org.scorefdt.util.Offer;

/**
 * A tier the parity suite runs on, and its table of what it offers for the score and network
 * operations ({@link #expected}). {@link #require()} answers the tier's backend or skips the test
 * with the loader's reason (never a silent pass). The JAVA tier is the reference; it takes part only
 * in the offer table.
 */
enum ParityTier {
    JAVA("java", Answer.REFERENCE, Answer.REFERENCE, Answer.REFERENCE, Answer.REFERENCE, Answer.REFERENCE, Answer.REFERENCE,
            Answer.REFERENCE),
    CPU("cpu", Answer.OFFERED, Answer.OFFERED, Answer.REFERENCE, Answer.OFFERED, Answer.OFFERED, Answer.OFFERED, Answer.OFFERED),
    CUDA("cuda", Answer.OFFERED, Answer.OFFERED, Answer.OFFERED, Answer.DECLINED, Answer.OFFERED, Answer.DECLINED, Answer.OFFERED);

    /** The three answers of {@link Offer}. */
    enum Answer {
        OFFERED, REFERENCE, DECLINED;

        static Answer of(Offer<?> o) {
            return o.offered() ? OFFERED : o.byReference() ? REFERENCE : DECLINED;
        }
    }

    /** The operations of {@link Backend} beyond integrators. */
    enum Op { KDE, MLP, DSM_STEP, CNN, CNN_DSM_STEP, LAGGED_GRID, LAGGED_MATRIX }

    private final String name;
    private final Answer kde, mlp, dsmStep, cnn, cnnDsmStep, laggedGrid, laggedMatrix;

    ParityTier(String name, Answer kde, Answer mlp, Answer dsmStep, Answer cnn, Answer cnnDsmStep, Answer laggedGrid,
               Answer laggedMatrix) {
        this.name = name;
        this.kde = kde;
        this.mlp = mlp;
        this.dsmStep = dsmStep;
        this.cnn = cnn;
        this.cnnDsmStep = cnnDsmStep;
        this.laggedGrid = laggedGrid;
        this.laggedMatrix = laggedMatrix;
    }

    /** The tier's backend, or the test skipped with the reason the tier could not be loaded. */
    Backend require() {
        return switch (this) {
            case JAVA -> new JavaBackend();
            case CPU -> NativeTier.require();
            case CUDA -> CudaTier.require();
        };
    }

    /** Whether the tier loads here. */
    boolean present() {
        return switch (this) {
            case JAVA -> true;
            case CPU -> NativeTier.present();
            case CUDA -> CudaTier.present();
        };
    }

    /**
     * Whether this is the CUDA tier on the stand-in driver (kernels on host threads, minutes for what a
     * GPU does in milliseconds): large member counts are then skipped, saying so.
     */
    boolean emulated() {
        return this == CUDA && CudaTier.present() && CudaTier.require().device().name().startsWith("ScoreFDT emulated device");
    }

    /**
     * Skips a case too large for the stand-in driver (see {@link #emulated()}): more than 33 members,
     * or, for the low-dimensional kernel (one emulated thread per component, a barrier per stage), more
     * than 231 member-components (Lorenz-96 d = 7 × 33; d = 40 × 31 takes ~7 s there). A GPU runs them all.
     */
    void skipIfEmulatedAndAbove(int members, int dimension, boolean lowDimensional) {
        boolean large = members > 33 || (lowDimensional && (long) members * dimension > 231);
        assumeTrue(!(large && emulated()),
                () -> members + " members of dimension " + dimension + " on the emulated CUDA device (host threads): left to a real GPU");
    }

    /** What the tier answers for {@code op}: MLP passes, an MLP's DSM step, periodic-CNN passes, a periodic CNN's DSM step. */
    Answer expected(Op op) {
        return switch (op) {
            case KDE -> kde;
            case MLP -> mlp;
            case DSM_STEP -> dsmStep;
            case CNN -> cnn;
            case CNN_DSM_STEP -> cnnDsmStep;
            case LAGGED_GRID -> laggedGrid;
            case LAGGED_MATRIX -> laggedMatrix;
        };
    }

    @Override
    public String toString() {
        return name;
    }
}

package org.scorefdt.score;

/**
 * The Gaussian-KDE pair loop of {@link KdeScore} run by an accelerated tier. For m queries y_q and
 * the n data x_j (both centred by {@link KdeScore}, row-major {@code [rows][d]}) it writes, per query,
 * <pre>  score = (Σ_j w_j x_j − y)/h²,  divergence = (Σ_j w_j|x_j − m|²/h² − d)/h²,  logSum = log Σ_j e^{a_j}</pre>
 * with a_j = −|y − x_j|²/(2h²), w = softmax(a), in {@link KdeScore}'s operation order (the tiers
 * are bitwise equal to its reference loop). Obtained from {@link ScoreKernels#kde}.
 */
public interface KdePairLoop extends AutoCloseable {

    /** The tier that runs it ("native", "cuda"), for logs and reports. */
    String tier();

    /**
     * Evaluates m queries; any of {@code score} ({@code [m][d]}), {@code divergence} ({@code [m]}),
     * {@code logSum} ({@code [m]}) may be null; {@code selfIndex} (nullable, {@code [m]}): query q
     * skips data row selfIndex[q] (leave-one-out). Shapes are trusted: {@link KdeScore} checks them.
     */
    void evaluate(double[] queries, int m, long[] selfIndex, double[] score, double[] divergence, double[] logSum);

    @Override
    void close();
}

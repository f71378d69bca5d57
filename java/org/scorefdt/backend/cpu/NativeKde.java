package org.scorefdt.backend.cpu;

import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.LongPointer;
import org.scorefdt.backend.BackendUnavailableException;
import org.scorefdt.backend.cpu.jni.ScoreFdtCpu;
import org.scorefdt.score.KdePairLoop;

/**
 * The Gaussian-KDE pair loop on the native CPU library: per centred query y, the score
 * (Σ_j w_j x_j − y)/h², its divergence and log Σ_j e^{a_j}, with w = softmax(a), a_j = −|y − x_j|²/(2h²);
 * rows {@code [rows][d]}. Bitwise equal to {@code org.scorefdt.score.KdeScore}. Thread-safe; close to
 * free the native copy of the data early. Design: docs/backends.md §1.
 */
public final class NativeKde implements KdePairLoop {
    private final int n, d, threads;
    private final double negInv2h2, invH2;
    private final DoublePointer data, dataSq;

    /**
     * @param data      centred data, {@code [n][d]}
     * @param dataSq    |x_j|², {@code [n]}
     * @param negInv2h2 −1/(2h²), exactly as the Java reference computes it
     * @param invH2     1/h²
     * @param threads   OpenMP threads, 0 = library default
     * @throws BackendUnavailableException if the native library cannot be loaded
     */
    public NativeKde(double[] data, double[] dataSq, int n, int d, double negInv2h2, double invH2, int threads) {
        try {
            Loader.load(ScoreFdtCpu.class);
        } catch (Throwable t) {
            throw new BackendUnavailableException("native CPU library could not be loaded: " + NativeCpuBackend.causeChain(t), t);
        }
        this.n = n;
        this.d = d;
        this.threads = threads;
        this.negInv2h2 = negInv2h2;
        this.invH2 = invH2;
        this.data = new DoublePointer((long) n * d).put(data, 0, n * d);
        this.dataSq = new DoublePointer(n).put(dataSq, 0, n);
    }

    /**
     * Evaluates m queries; any of {@code score} ({@code [m][d]}), {@code divergence} ({@code [m]}),
     * {@code logSum} ({@code [m]}) may be null. {@code selfIndex} (nullable, {@code [m]}): query q
     * skips data row selfIndex[q] (leave-one-out), negative for none.
     */
    @Override
    public String tier() {
        return "native";
    }

    @Override
    public void evaluate(double[] queries, int m, long[] selfIndex, double[] score, double[] divergence, double[] logSum) {
        if (m == 0) return;
        try (ScoreFdtCpu.KdeParams p = new ScoreFdtCpu.KdeParams();
             DoublePointer q = new DoublePointer((long) m * d).put(queries, 0, m * d);
             LongPointer self = selfIndex == null ? null : new LongPointer(m).put(selfIndex, 0, m);
             DoublePointer s = score == null ? null : new DoublePointer((long) m * d);
             DoublePointer div = divergence == null ? null : new DoublePointer(m);
             DoublePointer lse = logSum == null ? null : new DoublePointer(m)) {
            p.dim(d).threads(threads).n_data(n).n_query(m).neg_inv_2h2(negInv2h2).inv_h2(invH2)
                    .data(data).data_sq(dataSq).query(q).self_index(self).score(s).divergence(div).log_sum(lse);
            NativeCpuBackend.check(ScoreFdtCpu.sfdt_kde_score(p), "sfdt_kde_score");
            if (s != null) s.get(score, 0, m * d);
            if (div != null) div.get(divergence, 0, m);
            if (lse != null) lse.get(logSum, 0, m);
        }
    }

    @Override
    public void close() {
        data.close();
        dataSq.close();
    }
}

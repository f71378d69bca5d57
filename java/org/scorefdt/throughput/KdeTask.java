package org.scorefdt.throughput;

import java.util.Optional;
import java.util.SplittableRandom;
import org.scorefdt.backend.BackendKind;
import org.scorefdt.integrate.Precision;
import org.scorefdt.score.KdeScore;
import org.scorefdt.score.ScoreKernels;

/**
 * The KDE score workload: one call is {@link KdeScore#score} of all queries against all data points
 * (standard normal, d and h from {@link Workload#KDE}); units are (query, data point) pairs. The
 * per-call costs of the API (centring the queries, copies) are included. The pair loop runs on
 * exactly the requested tier (F64), or under auto on the best that offers it ({@link BenchTiers}).
 */
final class KdeTask implements Task {
    private final KdeScore kde;
    private final double[] queries, out;
    private final int q, n;
    private final String note;
    private final Precision requested;
    private final BenchTiers tiers;

    private KdeTask(KdeScore kde, double[] queries, int q, int n, String note, Precision requested, BenchTiers tiers) {
        this.tiers = tiers;
        this.kde = kde;
        this.requested = requested;
        this.queries = queries;
        this.out = new double[queries.length];
        this.q = q;
        this.n = n;
        this.note = note;
    }

    static KdeTask open(WorkloadSize size, BackendKind requested, Precision precision, int threads) {
        Workload w = Workload.KDE;
        int d = (int) w.fixedNumber("d"), q = w.dim(size, "queries"), n = w.dim(size, "data");
        double h = w.fixedNumber("h");
        SplittableRandom r = new SplittableRandom(17);
        double[] data = normals(r, n * d), queries = normals(r, q * d);
        KdeScore kde;
        String note;
        BenchTiers tiers = BenchTiers.open(requested); // owned by the task: its operation lives as long
        try {
            kde = KdeScore.of(data, n, d, h, ScoreKernels.kdeFrom((terms, t) -> tiers.require("KDE", b -> b.kde(terms, t))), threads);
            note = tiers.note();
        } catch (RuntimeException e) {
            tiers.close();
            throw e;
        }
        if (precision != Precision.F64 && !"cuda".equals(tierName(kde.tier()))) {
            note = join(note, "computes in f64 whatever --precision says");
        } else if ("cuda".equals(tierName(kde.tier()))) {
            note = join(note, "the CUDA tier takes no precision argument; filed under the requested " + precision.configName());
        }
        return new KdeTask(kde, queries, q, n, note, precision, tiers);
    }

    static double[] normals(SplittableRandom r, int count) {
        double[] v = new double[count];
        for (int i = 0; i < count; i++) v[i] = r.nextGaussian();
        return v;
    }

    /** The bench's name of a tier: the native tier is "cpu". */
    static String tierName(String tier) {
        return "native".equals(tier) ? "cpu" : tier;
    }

    static String join(String a, String b) {
        return a.isEmpty() ? b : b.isEmpty() ? a : a + "; " + b;
    }

    @Override
    public String backend() {
        return tierName(kde.tier());
    }

    @Override
    public String precision() {
        return "cuda".equals(backend()) ? requested.configName() : "f64";
    }

    @Override
    public long unitsPerCall() {
        return (long) q * n;
    }

    @Override
    public void call() {
        kde.score(queries, out, q);
    }

    @Override
    public Optional<String> check() {
        return Task.finite("score", out, out.length);
    }

    @Override
    public String note() {
        return note;
    }

    @Override
    public void close() {
        kde.close();
        tiers.close();
    }
}

package org.scorefdt.throughput;

import java.util.Optional;
import java.util.SplittableRandom;
import org.scorefdt.backend.BackendKind;
import org.scorefdt.backend.BackendUnavailableException;
import org.scorefdt.integrate.Precision;
import org.scorefdt.score.KdeScore;

/**
 * The KDE score workload: one call is {@link KdeScore#score} of all queries against all data points
 * (standard normal, d and h from {@link Workload#KDE}); units are (query, data point) pairs. The
 * per-call costs of the API (centring the queries, copies) are included. Tiers: java and cpu are
 * {@code KdeScore.Tier.JAVA} and {@code NATIVE} (F64); cuda is {@code KdeScore.Tier.CUDA} where the
 * build has it ({@link CudaScoreTiers}); auto tries CUDA, then {@code Tier.AUTO}.
 */
final class KdeTask implements Task {
    private final KdeScore kde;
    private final double[] queries, out;
    private final int q, n;
    private final String note;
    private final Precision requested;

    private KdeTask(KdeScore kde, double[] queries, int q, int n, String note, Precision requested) {
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
        String note = "";
        KdeScore kde;
        switch (requested) {
            case JAVA -> kde = KdeScore.of(data, n, d, h, KdeScore.Tier.JAVA, threads);
            case CPU -> kde = openOrUnavailable(data, n, d, h, KdeScore.Tier.NATIVE, threads);
            case CUDA -> kde = openOrUnavailable(data, n, d, h,
                    CudaScoreTiers.kde().orElseThrow(() -> new WorkloadUnavailableException(CudaScoreTiers.kdeMissing())), threads);
            default -> {
                KdeScore k = null;
                Optional<KdeScore.Tier> cuda = CudaScoreTiers.kde();
                if (cuda.isEmpty()) {
                    note = "cuda: " + CudaScoreTiers.kdeMissing();
                } else {
                    try {
                        k = KdeScore.of(data, n, d, h, cuda.get(), threads);
                    } catch (BackendUnavailableException e) {
                        note = "cuda: " + e.getMessage();
                    }
                }
                kde = k != null ? k : KdeScore.of(data, n, d, h, KdeScore.Tier.AUTO, threads);
            }
        }
        if (precision != Precision.F64 && !"cuda".equals(tierName(kde.tier()))) {
            note = join(note, "computes in f64 whatever --precision says");
        } else if ("cuda".equals(tierName(kde.tier()))) {
            note = join(note, "the CUDA tier takes no precision argument; filed under the requested " + precision.configName());
        }
        return new KdeTask(kde, queries, q, n, note, precision);
    }

    private static KdeScore openOrUnavailable(double[] data, int n, int d, double h, KdeScore.Tier tier, int threads) {
        try {
            return KdeScore.of(data, n, d, h, tier, threads);
        } catch (BackendUnavailableException e) {
            throw new WorkloadUnavailableException(tier.name().toLowerCase(java.util.Locale.ROOT) + " KDE tier: " + e.getMessage());
        }
    }

    static double[] normals(SplittableRandom r, int count) {
        double[] v = new double[count];
        for (int i = 0; i < count; i++) v[i] = r.nextGaussian();
        return v;
    }

    static String tierName(KdeScore.Tier t) {
        return switch (t.name()) {
            case "NATIVE" -> "cpu";
            case "JAVA" -> "java";
            default -> t.name().toLowerCase(java.util.Locale.ROOT);
        };
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
    }
}

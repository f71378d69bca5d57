package org.scorefdt.throughput;

import java.util.Arrays;
import java.util.Optional;
import java.util.SplittableRandom;
import org.scorefdt.backend.BackendKind;
import org.scorefdt.integrate.Precision;
import org.scorefdt.model.Grid;
import org.scorefdt.response.LaggedGridAccumulator;

/**
 * The lagged-correlation workload: {@link LaggedGridAccumulator} on the N×N grid of
 * {@link Workload#LAGGED} with the conjugate B = −u (the score is left out: this times the
 * accumulation alone). One call feeds the size's number of saves of all members; each save
 * transforms u and B of every member and updates every lag. Before timing the ring of past
 * spectra is filled, so every timed save does all lags. The fields fed are four fixed random ones,
 * cycled (the accumulator's cost does not depend on their values).
 *
 * <p>Runs on the Java tier only (its block loop uses the common fork-join pool, whatever
 * {@code --threads} says); cpu and cuda report it unavailable.
 */
final class LaggedTask implements Task {
    private static final int FIELDS = 4;

    private final LaggedGridAccumulator acc;
    private final double[][] fields;
    private final int members, saves;
    private final String note;
    private long save;

    private LaggedTask(LaggedGridAccumulator acc, double[][] fields, int members, int saves, String note) {
        this.acc = acc;
        this.fields = fields;
        this.members = members;
        this.saves = saves;
        this.note = note;
    }

    static LaggedTask open(WorkloadSize size, BackendKind requested, Precision precision) {
        if (requested == BackendKind.CPU || requested == BackendKind.CUDA) {
            throw new WorkloadUnavailableException("the lagged-correlation accumulator (LaggedGridAccumulator) has only the Java tier"
                    + " in this build; no " + requested.configName() + " kernel");
        }
        Workload w = Workload.LAGGED;
        Grid grid = new Grid((int) w.fixedNumber("n"));
        int members = w.dim(size, "members"), lags = w.dim(size, "lags"), saves = w.dim(size, "saves");
        LaggedGridAccumulator acc = new LaggedGridAccumulator(grid, (s, out, m) -> {
            for (int i = 0, k = m * grid.size(); i < k; i++) out[i] = -s[i];
        }, 0, lags, w.dim(size, "blocks"));
        SplittableRandom r = new SplittableRandom(17);
        double[][] fields = new double[FIELDS][];
        for (int f = 0; f < FIELDS; f++) fields[f] = KdeTask.normals(r, members * grid.size());
        String note = "threads: the common fork-join pool";
        if (precision != Precision.F64) note = KdeTask.join(note, "computes in f64 whatever --precision says");
        LaggedTask t = new LaggedTask(acc, fields, members, saves, note);
        for (int i = 0; i < lags; i++) t.observeOne();
        return t;
    }

    private void observeOne() {
        acc.observe(save, save, fields[(int) (save % FIELDS)], members);
        save++;
    }

    @Override
    public String backend() {
        return "java";
    }

    @Override
    public String precision() {
        return "f64";
    }

    @Override
    public long unitsPerCall() {
        return (long) members * saves;
    }

    @Override
    public void call() {
        for (int s = 0; s < saves; s++) observeOne();
    }

    @Override
    public Optional<String> check() {
        double[] weights = new double[acc.blocks()];
        Arrays.fill(weights, 1.0);
        double[] h = acc.combine(weights, false);
        return Task.finite("correlation", h, h.length);
    }

    @Override
    public String note() {
        return note;
    }

    @Override
    public void close() {}
}

package org.scorefdt.throughput;

import java.util.Arrays;
import java.util.Optional;
import java.util.SplittableRandom;
import org.scorefdt.backend.TierChain;
import org.scorefdt.backend.BackendKind;
import org.scorefdt.backend.BackendUnavailableException;
import org.scorefdt.backend.Backends;
import org.scorefdt.backend.cuda.CudaBackend;
import org.scorefdt.integrate.Precision;
import org.scorefdt.model.Grid;
import org.scorefdt.response.LaggedAccumulator;
import org.scorefdt.response.LaggedGridAccumulator;

/**
 * The lagged-correlation workload: {@link LaggedGridAccumulator} on the N×N grid of
 * {@link Workload#LAGGED} with B = −u, timing the accumulation alone, on the java or cuda tier
 * ({@link DeviceLaggedFeed}), in F64. Design: docs/architecture.md §6.
 */
final class LaggedTask implements Task {
    private static final int FIELDS = 4;

    private final LaggedAccumulator acc;
    private final double[][] fields;
    /** The cuda feed (null: the Java accumulator is fed from {@link #fields}). */
    private final DeviceLaggedFeed device;
    private final AutoCloseable owner;
    private final int members, saves;
    private final String backend, note;
    private long save;

    private LaggedTask(LaggedAccumulator acc, double[][] fields, DeviceLaggedFeed device, AutoCloseable owner, int members,
                       int saves, String backend, String note) {
        this.acc = acc;
        this.fields = fields;
        this.device = device;
        this.owner = owner;
        this.members = members;
        this.saves = saves;
        this.backend = backend;
        this.note = note;
    }

    static LaggedTask open(WorkloadSize size, BackendKind requested, Precision precision) {
        if (requested == BackendKind.CPU) {
            throw new WorkloadUnavailableException("the lagged-correlation accumulator (LaggedGridAccumulator) has the Java and"
                    + " CUDA tiers in this build; no cpu kernel");
        }
        Workload w = Workload.LAGGED;
        Grid grid = new Grid((int) w.fixedNumber("n"));
        int members = w.dim(size, "members"), lags = w.dim(size, "lags"), blocks = w.dim(size, "blocks");
        SplittableRandom r = new SplittableRandom(17);
        double[][] fields = new double[FIELDS][];
        for (int f = 0; f < FIELDS; f++) fields[f] = KdeTask.normals(r, members * grid.size());
        String f64 = precision != Precision.F64 ? "computes in f64 whatever --precision says" : "";
        LaggedTask t = null;
        String skipped = "";
        if (requested == BackendKind.CUDA) {
            t = openCuda(grid, fields, size, lags, blocks, f64);
        } else if (requested == BackendKind.AUTO) {
            try {
                t = openCuda(grid, fields, size, lags, blocks, f64);
            } catch (WorkloadUnavailableException e) {  // no driver or no device: the Java tier, saying why
                skipped = e.getMessage();
            }
        }
        if (t == null) {
            t = new LaggedTask(new LaggedGridAccumulator(grid, (s, out, m) -> {
                for (int i = 0, k = m * grid.size(); i < k; i++) out[i] = -s[i];
            }, 0, lags, blocks), fields, null, () -> { }, members, w.dim(size, "saves"), "java",
                    KdeTask.join(KdeTask.join(skipped, "threads: the common fork-join pool"), f64));
        }
        try {
            for (int i = 0; i < lags; i++) t.observeOne();
        } catch (RuntimeException e) {
            t.close();
            throw e;
        }
        return t;
    }

    private static LaggedTask openCuda(Grid grid, double[][] fields, WorkloadSize size, int lags, int blocks, String f64) {
        Workload w = Workload.LAGGED;
        int members = w.dim(size, "members");
        TierChain sel;
        try {
            sel = Backends.open(BackendKind.CUDA);
        } catch (BackendUnavailableException e) {
            throw new WorkloadUnavailableException("cuda backend: " + e.getMessage());
        }
        try {
            DeviceLaggedFeed feed = new DeviceLaggedFeed(((CudaBackend) sel.first()).device(), grid, fields, members, lags, blocks);
            return new LaggedTask(feed.accumulator(), fields, feed, sel, members, w.dim(size, "saves"), "cuda",
                    KdeTask.join("fields and B = -u device-resident; observeDevice(fields, conjugates): 2 cuFFT r2c per save", f64));
        } catch (RuntimeException e) {
            sel.close();
            throw e;
        }
    }

    private void observeOne() {
        int f = (int) (save % FIELDS);
        if (device != null) {
            device.observe(f);
        } else {
            acc.observe(save, save, fields[f], members);
        }
        save++;
    }

    @Override
    public String backend() {
        return backend;
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
    public void sync() {
        if (device != null) device.sync();
    }

    /** Saves fed so far (the ring fill at set-up included). */
    long saves() {
        return save;
    }

    /** The correlation column of every lag, all blocks weighted 1, not normalised ({@link LaggedAccumulator#combine}). */
    double[] combined() {
        double[] weights = new double[acc.blocks()];
        Arrays.fill(weights, 1.0);
        return acc.combine(weights, false);
    }

    @Override
    public Optional<String> check() {
        double[] h = combined();
        return Task.finite("correlation", h, h.length);
    }

    @Override
    public String note() {
        return note;
    }

    @Override
    public void close() {
        try {
            if (device != null) device.close();
        } finally {
            try {
                owner.close();
            } catch (Exception e) {
                throw new IllegalStateException("closing the " + backend + " backend: " + e.getMessage(), e);
            }
        }
    }
}

package org.scorefdt.throughput;

import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.scorefdt.backend.BackendKind;
import org.scorefdt.integrate.Precision;
import org.scorefdt.score.nn.Activation;
import org.scorefdt.score.nn.Mlp;
import org.scorefdt.score.nn.MlpEvaluator;

/**
 * The score-network workload: one call is one {@link MlpEvaluator#forward} of a batch through the
 * MLP of {@link Workload#MLP} (SiLU, LeCun-normal weights from a fixed seed, standard normal
 * inputs); units are samples. The passes run on exactly the requested tier (java: the reference,
 * cpu: OpenBLAS, cuda: cuBLAS), or under auto on the best that offers them ({@link BenchTiers}).
 */
final class MlpTask implements Task {
    private final MlpEvaluator eval;
    private final double[] in, out;
    private final int batch;
    private final String note;
    private final Precision requested;
    private final BenchTiers tiers;

    private MlpTask(MlpEvaluator eval, double[] in, int batch, String note, Precision requested, BenchTiers tiers) {
        this.tiers = tiers;
        this.eval = eval;
        this.requested = requested;
        this.in = in;
        this.batch = batch;
        this.out = new double[batch * eval.network().outputWidth()];
        this.note = note;
    }

    static MlpTask open(WorkloadSize size, BackendKind requested, Precision precision, int threads) {
        @SuppressWarnings("unchecked")
        List<Integer> widthList = (List<Integer>) Workload.MLP.fixed().get("widths");
        int[] widths = widthList.stream().mapToInt(Integer::intValue).toArray();
        int batch = Workload.MLP.dim(size, "batch");
        Mlp net = Mlp.initialised(widths, Activation.SILU, 1L);
        double[] in = KdeTask.normals(new SplittableRandom(17), batch * widths[0]);
        MlpEvaluator eval;
        String note;
        BenchTiers tiers = BenchTiers.open(requested); // owned by the task: its operation lives as long
        try {
            eval = tiers.take("MLP", b -> b.mlp(net, batch, threads), () -> MlpEvaluator.java(net, batch));
            note = tiers.note();
        } catch (RuntimeException e) {
            tiers.close();
            throw e;
        }
        if (precision != Precision.F64 && !"cuda".equals(tierName(eval))) {
            note = KdeTask.join(note, "computes in f64 whatever --precision says");
        } else if ("cuda".equals(tierName(eval))) {
            note = KdeTask.join(note, "the CUDA tier takes no precision argument; filed under the requested " + precision.configName());
        }
        return new MlpTask(eval, in, batch, note, precision, tiers);
    }

    private static String tierName(MlpEvaluator e) {
        return "native".equals(e.tier()) ? "cpu" : e.tier();
    }

    @Override
    public String backend() {
        return tierName(eval);
    }

    @Override
    public String precision() {
        return "cuda".equals(backend()) ? requested.configName() : "f64";
    }

    @Override
    public long unitsPerCall() {
        return batch;
    }

    @Override
    public void call() {
        eval.forward(in, batch, out);
    }

    @Override
    public Optional<String> check() {
        return Task.finite("output", out, out.length);
    }

    @Override
    public String note() {
        return note;
    }

    @Override
    public void close() {
        eval.close();
        tiers.close();
    }
}

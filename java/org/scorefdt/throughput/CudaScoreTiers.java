package org.scorefdt.throughput;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Optional;
import org.scorefdt.backend.BackendUnavailableException;
import org.scorefdt.score.KdeScore;
import org.scorefdt.score.nn.Mlp;
import org.scorefdt.score.nn.MlpEvaluator;

/**
 * The CUDA tiers of the score kernels, looked up by name because they arrive with the CUDA
 * backend: {@code KdeScore.Tier.CUDA} and a static {@code MlpEvaluator.cuda(Mlp net, int capacity,
 * int threads)} beside {@code MlpEvaluator.nativeCpu}. Where they are absent the workloads report
 * "not available" with that expectation in the reason. Once they exist in every build, direct
 * references may replace this class.
 */
final class CudaScoreTiers {
    private CudaScoreTiers() {}

    /** {@code KdeScore.Tier.CUDA}, if this build has it. */
    static Optional<KdeScore.Tier> kde() {
        return Arrays.stream(KdeScore.Tier.values()).filter(t -> t.name().equals("CUDA")).findFirst();
    }

    /** Why {@link #kde} is empty. */
    static String kdeMissing() {
        return "KdeScore has no CUDA tier in this build (expected KdeScore.Tier.CUDA; tiers: "
                + Arrays.toString(KdeScore.Tier.values()) + ")";
    }

    /**
     * The CUDA MLP evaluator.
     *
     * @throws WorkloadUnavailableException if this build has none or the device cannot be used
     */
    static MlpEvaluator mlp(Mlp net, int capacity, int threads) {
        Method m;
        try {
            m = MlpEvaluator.class.getMethod("cuda", Mlp.class, int.class, int.class);
        } catch (NoSuchMethodException e) {
            throw new WorkloadUnavailableException("MlpEvaluator has no CUDA tier in this build "
                    + "(expected a static MlpEvaluator.cuda(Mlp, int capacity, int threads))");
        }
        try {
            return (MlpEvaluator) m.invoke(null, net, capacity, threads);
        } catch (InvocationTargetException e) {
            Throwable c = e.getCause();
            if (c instanceof BackendUnavailableException b) throw new WorkloadUnavailableException("cuda MLP: " + b.getMessage());
            if (c instanceof RuntimeException r) throw r;
            throw new IllegalStateException("MlpEvaluator.cuda failed: " + c, c);
        } catch (IllegalAccessException e) {
            throw new WorkloadUnavailableException("MlpEvaluator.cuda is not accessible: " + e.getMessage());
        }
    }
}

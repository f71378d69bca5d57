package org.scorefdt.api;

import java.nio.file.Path;
import java.util.List;
import org.scorefdt.response.ErrorComparison;
import org.scorefdt.response.ResponseEstimate;
import org.scorefdt.response.ResponseMetrics;

/**
 * Outcome of a job: what it wrote, and the same results as objects, so an embedder need not read
 * the run directory back.
 *
 * @param complete    whether every phase ran and every artifact was written
 * @param summary     a few human-readable lines (errors per estimator, where the files are)
 * @param outputDir   the run directory
 * @param estimates   every response estimate the job wrote (mean and standard error per lag and
 *                    component, {@code response_<name>.npy}): the GFDT estimates first, then the
 *                    references (the exact response, the perturbed-ensemble truth); empty for a job
 *                    whose outputs are inputs of a later one (a fit, a shard)
 * @param metrics     each estimate against each reference, per lag (the rows of {@code errors.csv})
 * @param comparisons the pairwise verdicts of the report ({@code report.json}'s {@code pairwise})
 */
public record JobResult(boolean complete, String summary, Path outputDir, List<ResponseEstimate> estimates,
                        List<ResponseMetrics> metrics, List<ErrorComparison> comparisons) {
    public JobResult {
        estimates = List.copyOf(estimates);
        metrics = List.copyOf(metrics);
        comparisons = List.copyOf(comparisons);
    }

    /** A result without estimates (a fit, a shard); the constructor of the earlier three-field record. */
    public JobResult(boolean complete, String summary, Path outputDir) {
        this(complete, summary, outputDir, List.of(), List.of(), List.of());
    }

    /** The named estimate (e.g. {@code gfdt-exact-score}, {@code exact}, {@code perturbed-ensemble}). */
    public ResponseEstimate estimate(String name) {
        return estimates.stream().filter(e -> e.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no estimate named " + name + " (have "
                        + estimates.stream().map(ResponseEstimate::name).toList() + ")"));
    }
}

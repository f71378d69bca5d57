package org.scorefdt.api;

import java.nio.file.Path;
import java.util.List;
import org.scorefdt.config.OuJobConfig;
import org.scorefdt.io.RunDirectory;

/**
 * The OU SPDE validation job: simulate, estimate the response by the GFDT with each configured
 * estimator, compare with the exact response e^{Mt} and the perturbed-ensemble truth, and write
 * NPY/JSON/CSV/PNG artifacts and a manifest into the run directory.
 *
 * <p>PLACEHOLDER: the body is pending (the numerical core is being written); both entry points
 * throw {@link UnsupportedOperationException}. The signatures are what the CLI calls.
 */
public final class OuValidationJob {
    private OuValidationJob() {}

    /**
     * Runs the job into {@code cfg.run().output()}, which must not exist or be empty.
     *
     * @throws org.scorefdt.io.OutputExistsException if the output directory holds files
     */
    public static JobResult run(OuJobConfig cfg, JobListener listener) {
        RunDirectory dir = RunDirectory.create(Path.of(cfg.run().output()), false);
        return run(cfg, dir, List.of(), listener);
    }

    /**
     * Runs the job into an already created run directory (the CLI creates it first, honouring
     * {@code --force}, so it can fail before any computation).
     *
     * @param commandLine CLI arguments, recorded in the manifest (empty when embedded)
     */
    public static JobResult run(OuJobConfig cfg, RunDirectory dir, List<String> commandLine, JobListener listener) {
        throw new UnsupportedOperationException("pending");
    }
}

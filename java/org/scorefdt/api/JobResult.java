package org.scorefdt.api;

import java.nio.file.Path;

/**
 * Outcome of a job.
 *
 * @param complete  whether every phase ran and every artifact was written
 * @param summary   a few human-readable lines (errors per estimator, where the files are)
 * @param outputDir the run directory
 */
public record JobResult(boolean complete, String summary, Path outputDir) {}

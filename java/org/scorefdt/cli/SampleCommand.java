package org.scorefdt.cli;

import org.scorefdt.backend.BackendKind;
import org.scorefdt.backend.Backends;
import org.scorefdt.backend.TierChain;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.scorefdt.config.SampleSettings;
import org.scorefdt.ensemble.SimulationDivergedException;
import org.scorefdt.io.NpyWriter;
import org.scorefdt.io.ScoreModelFile;
import org.scorefdt.sample.ChainSchedule;
import org.scorefdt.sample.OverdampedLangevin;
import org.scorefdt.sample.ProbabilityFlow;
import org.scorefdt.sample.ReverseDiffusion;
import org.scorefdt.sample.ReverseSchedule;
import org.scorefdt.sample.SampleCollector;
import org.scorefdt.sample.UnderdampedLangevin;
import org.scorefdt.score.ScoreModel;
import org.scorefdt.score.nn.DsmScore;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code scorefdt sample}: draws samples from a trained score model with a Langevin sampler
 * ({@link OverdampedLangevin}, {@link UnderdampedLangevin}) or, for a noise-conditional model, by
 * reverse diffusion or probability flow, and writes them as {@code [n][d]} NPY with a one-line
 * summary. Row order and starts: docs/score-models.md §8.
 */
@RunOptions.Uses(seedDefault = 1, backend = false, threads = false)
@Command(mixinStandardHelpOptions = true, name = "sample", sortOptions = false, modelTransformer = RunOptions.Fit.class, description = "Draw samples [n][d] from a trained score model (Langevin or reverse diffusion).")
public final class SampleCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "MODEL_FILE", description = "Trained score model (from train).")
    Path modelFile;

    @Option(names = "--sampler", defaultValue = "ula", paramLabel = "ula|baoab|reverse|flow", description = "Sampler (default ${DEFAULT-VALUE}).")
    String sampler;

    @Option(names = "--chains", defaultValue = "64", description = "Chains run as one batch (default ${DEFAULT-VALUE}).")
    int chains;

    @Option(names = "--steps", defaultValue = "1000", description = "ula/baoab: steps after burn-in; reverse/flow: noise levels (default ${DEFAULT-VALUE}).")
    long steps;

    @Option(names = "--step-size", defaultValue = "0.01", paramLabel = "EPS", description = "ula/baoab: step ε (default ${DEFAULT-VALUE}).")
    double stepSize;

    @Option(names = "--burn-in", defaultValue = "1000", description = "ula/baoab: steps discarded first (default ${DEFAULT-VALUE}).")
    long burnIn;

    @Option(names = "--thin", defaultValue = "10", description = "ula/baoab: steps between saves (default ${DEFAULT-VALUE}).")
    long thin;

    @Option(names = "--friction", defaultValue = "1", description = "baoab: friction γ (default ${DEFAULT-VALUE}).")
    double friction;

    @Option(names = "--corrector", defaultValue = "0", description = "reverse: Langevin corrector steps per level (default ${DEFAULT-VALUE}).")
    int corrector;

    @Option(names = "--snr", defaultValue = "0.16", description = "reverse: corrector signal-to-noise ratio (default ${DEFAULT-VALUE}).")
    double snr;

    @Option(names = "--max-samples", defaultValue = "10000000", description = "Cap on rows written (default ${DEFAULT-VALUE}).")
    long maxSamples;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "OUT.npy", description = "NPY file to write (not overwritten without --force).")
    Path output;

    @Option(names = "--force", description = "Overwrite an existing output file.")
    boolean force;

    @Mixin
    RunOptions run;

    @Override
    public Integer call() {
        CommandLine cl = spec.commandLine();
        return Errors.guard(cl, () -> {
            SampleSettings set = Errors.options(() -> new SampleSettings(sampler, chains, steps, stepSize, burnIn, thin, friction,
                    corrector, snr, maxSamples));
            long seed = run.settings().seed();
            String kind = set.sampler();
            CliSupport.checkOutputFile(cl, output, force);
            ScoreModelFile.Loaded loaded;
            try (TierChain tiers = Backends.open(BackendKind.AUTO)) { // the loaded score keeps what it was offered
                loaded = CliSupport.loadModel(cl, modelFile, tiers);
            }
            ScoreModel score = loaded.model();
            int d = score.dimension();
            Errors.check(() -> set.checkFits(d));
            long rows = set.rows();
            double[] samples;
            long t0 = System.nanoTime();
            if (!set.langevin()) {
                if (!(score instanceof DsmScore dsm)) {
                    throw CliSupport.usage(cl, "--sampler " + kind + " needs a noise-conditional (dsm) model; " + modelFile + " is a "
                            + loaded.type() + " model: use ula or baoab");
                }
                ReverseSchedule sched = ReverseSchedule.of(dsm.schedule(), (int) set.steps());
                samples = kind.equals("reverse")
                        ? new ReverseDiffusion(dsm, sched, set.corrector(), set.snr()).sample(seed, 0, set.chains(), dsm.mean())
                        : new ProbabilityFlow(dsm, sched).sample(seed, 0, set.chains(), dsm.mean());
            } else {
                ChainSchedule sched = ChainSchedule.of(seed, set.chains(), set.burnIn(), set.saves(), set.thin());
                SampleCollector collect = new SampleCollector(d, rows);
                double[] x = new double[set.chains() * d];
                if (score instanceof DsmScore dsm) {
                    double[] m = dsm.mean();
                    for (int i = 0; i < x.length; i++) x[i] = m[i % d];
                }
                try (ProgressBar bar = run.bar(cl, "sample " + kind, sched.totalSteps(), "steps")) {
                    org.scorefdt.ensemble.Observer progress = (save, time, states, members) -> {
                        collect.observe(save, time, states, members);
                        bar.update(set.burnIn() + (save + 1) * set.thin());
                    };
                    if (kind.equals("ula")) new OverdampedLangevin(score, set.stepSize()).run(x, sched, progress);
                    else new UnderdampedLangevin(score, set.stepSize(), set.friction()).run(x, null, sched, progress);
                } catch (SimulationDivergedException e) {
                    // Keep what was valid: every save before the divergence holds finite, bounded states.
                    if (collect.rows() > 0) {
                        NpyWriter.write(output, collect.samples(), collect.rows(), d);
                        throw new SimulationDivergedException(e.getMessage() + "; the " + collect.rows() + " samples before it are in "
                                + output, e.member(), e.step(), e.completedSaves());
                    }
                    throw e;
                }
                samples = collect.samples();
            }
            NpyWriter.write(output, samples, rows, d);
            double[][] mv = CliSupport.moments(samples, (int) rows, d);
            cl.getOut().printf(Locale.ROOT, "%d samples of dimension %d (%s, %s model) -> %s (%.1f s)%n", rows, d, kind, loaded.type(),
                    output, (System.nanoTime() - t0) / 1e9);
            cl.getOut().println("mean " + summary(mv[0]) + "  variance " + summary(mv[1]));
            cl.getOut().flush();
            return Main.EXIT_OK;
        });
    }

    /** Up to four components, then the average over all. */
    static String summary(double[] v) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < Math.min(4, v.length); i++) {
            if (i > 0) sb.append(", ");
            sb.append(String.format(Locale.ROOT, "%.4g", v[i]));
        }
        if (v.length > 4) {
            double s = 0;
            for (double x : v) s += x;
            sb.append(String.format(Locale.ROOT, ", … (average over %d: %.4g)", v.length, s / v.length));
        }
        return sb.append(']').toString();
    }
}

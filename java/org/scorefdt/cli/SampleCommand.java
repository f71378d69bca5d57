package org.scorefdt.cli;

import org.scorefdt.backend.BackendKind;
import org.scorefdt.backend.Backends;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
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
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code scorefdt sample}: draws samples from a trained score model and writes them as {@code [n][d]}
 * NPY, with a one-line summary of their mean and variance.
 * <ul>
 *   <li>{@code ula}, {@code baoab}: Langevin chains ({@link OverdampedLangevin},
 *       {@link UnderdampedLangevin}) from x = 0 (or the model's data mean when it has one), burn-in
 *       steps discarded, then {@code --steps} steps saved every {@code --thin}: chains × steps/thin rows,
 *       ordered {@code [save][chain]};</li>
 *   <li>{@code reverse}, {@code flow}: reverse diffusion / probability flow of a noise-conditional
 *       (DSM) model over {@code --steps} noise levels from its trained σ_max down to σ_min: one row per chain.</li>
 * </ul>
 */
@Command(mixinStandardHelpOptions = true, name = "sample", sortOptions = false, description = "Draw samples [n][d] from a trained score model (Langevin or reverse diffusion).")
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

    @Option(names = "--seed", defaultValue = "1", description = "Run seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "OUT.npy", description = "NPY file to write (not overwritten without --force).")
    Path output;

    @Option(names = "--force", description = "Overwrite an existing output file.")
    boolean force;

    @Option(names = {"-q", "--quiet"}, description = "No progress bar.")
    boolean quiet;

    @Override
    public Integer call() {
        CommandLine cl = spec.commandLine();
        return Errors.guard(cl, () -> {
            String kind = sampler.trim().toLowerCase(Locale.ROOT);
            if (!kind.equals("ula") && !kind.equals("baoab") && !kind.equals("reverse") && !kind.equals("flow")) {
                throw CliSupport.usage(cl, "--sampler '" + sampler + "': expected ula, baoab, reverse or flow");
            }
            if (chains < 1) throw CliSupport.usage(cl, "--chains = " + chains + ": must be >= 1");
            if (steps < 1) throw CliSupport.usage(cl, "--steps = " + steps + ": must be >= 1");
            CliSupport.checkOutputFile(cl, output, force);
            ScoreModelFile.Loaded loaded = CliSupport.loadModel(cl, modelFile, Backends.open(BackendKind.AUTO));
            ScoreModel score = loaded.model();
            int d = score.dimension();
            double[] samples;
            long rows;
            long t0 = System.nanoTime();
            if (kind.equals("reverse") || kind.equals("flow")) {
                if (!(score instanceof DsmScore dsm)) {
                    throw CliSupport.usage(cl, "--sampler " + kind + " needs a noise-conditional (dsm) model; " + modelFile + " is a "
                            + loaded.type() + " model: use ula or baoab");
                }
                if (steps > Integer.MAX_VALUE) throw CliSupport.usage(cl, "--steps = " + steps + ": too many noise levels");
                if (chains > maxSamples) throw CliSupport.usage(cl, "--chains = " + chains + " exceeds --max-samples = " + maxSamples);
                ReverseSchedule sched = ReverseSchedule.of(dsm.schedule(), (int) steps);
                if (kind.equals("reverse")) {
                    if (corrector < 0) throw CliSupport.usage(cl, "--corrector = " + corrector + ": must be >= 0");
                    if (corrector > 0 && (!(snr > 0) || Double.isInfinite(snr))) throw CliSupport.usage(cl, "--snr = " + snr + ": must be finite and > 0");
                    samples = new ReverseDiffusion(dsm, sched, corrector, snr).sample(seed, 0, chains, dsm.mean());
                } else {
                    samples = new ProbabilityFlow(dsm, sched).sample(seed, 0, chains, dsm.mean());
                }
                rows = chains;
            } else {
                if (!(stepSize > 0) || Double.isInfinite(stepSize)) throw CliSupport.usage(cl, "--step-size = " + stepSize + ": must be finite and > 0");
                if (burnIn < 0) throw CliSupport.usage(cl, "--burn-in = " + burnIn + ": must be >= 0");
                if (thin < 1 || thin > steps) throw CliSupport.usage(cl, "--thin = " + thin + ": must be in [1, --steps = " + steps + "]");
                if (kind.equals("baoab") && (!(friction > 0) || Double.isInfinite(friction))) {
                    throw CliSupport.usage(cl, "--friction = " + friction + ": must be finite and > 0");
                }
                long saves = steps / thin;
                rows = saves * chains;
                if (rows > maxSamples) {
                    throw CliSupport.usage(cl, chains + " chains × " + saves + " saves = " + rows + " rows exceed --max-samples = " + maxSamples);
                }
                if (rows * d > Integer.MAX_VALUE - 8) throw CliSupport.usage(cl, rows + " rows of dimension " + d + " do not fit one array");
                ChainSchedule sched = ChainSchedule.of(seed, chains, burnIn, saves, thin);
                SampleCollector collect = new SampleCollector(d, rows);
                double[] x = new double[chains * d];
                if (score instanceof DsmScore dsm) {
                    double[] m = dsm.mean();
                    for (int i = 0; i < x.length; i++) x[i] = m[i % d];
                }
                try (ProgressBar bar = new ProgressBar(CliSupport.errStream(cl), "sample " + kind, sched.totalSteps(), "steps",
                        ProgressBar.detectMode(quiet))) {
                    org.scorefdt.ensemble.Observer progress = (save, time, states, members) -> {
                        collect.observe(save, time, states, members);
                        bar.update(burnIn + (save + 1) * thin);
                    };
                    if (kind.equals("ula")) new OverdampedLangevin(score, stepSize).run(x, sched, progress);
                    else new UnderdampedLangevin(score, stepSize, friction).run(x, null, sched, progress);
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

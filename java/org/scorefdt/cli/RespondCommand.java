package org.scorefdt.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.scorefdt.api.RespondJob;
import org.scorefdt.api.RespondShards;
import org.scorefdt.api.RespondOutputs;
import org.scorefdt.api.ResponseComparison;
import org.scorefdt.api.SystemCatalog;
import org.scorefdt.backend.BackendKind;
import org.scorefdt.backend.Backends;
import org.scorefdt.backend.TierChain;
import org.scorefdt.config.RespondSettings;
import org.scorefdt.config.RunConfig;
import org.scorefdt.integrate.IntegratorSpec;
import org.scorefdt.io.RunDirectory;
import org.scorefdt.io.RunManifest;
import org.scorefdt.io.ScoreModelFile;
import org.scorefdt.model.Model;
import org.scorefdt.score.ScoreModel;
import org.scorefdt.score.nn.DsmScore;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code scorefdt respond}: the response of a named system to an impulse at component j by the GFDT
 * with a trained score model, against the quasi-Gaussian GFDT and the perturbed-ensemble truth
 * ({@link ResponseComparison}); writes curves, errors, a plot and the manifest into a run directory
 * and says which estimator is closer to the truth. With {@code --fit-only}, {@code --member-range} or
 * {@code --shard} it runs one stage of a run split by members instead ({@link RespondShards};
 * docs/formats.md §9), merged by {@code scorefdt merge}.
 */
@RunOptions.Uses(seedDefault = 7, threads = false)
@Command(mixinStandardHelpOptions = true, name = "respond", sortOptions = false, modelTransformer = RunOptions.Fit.class,
        description = "GFDT response with a trained score vs quasi-Gaussian vs perturbed-ensemble truth.")
public final class RespondCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--system", required = true, paramLabel = "NAME", description = "double-well or lorenz96.")
    String system;

    @Option(names = "--model", required = true, paramLabel = "MODEL_FILE", description = "Trained score model (from train).")
    Path modelFile;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "DIR", description = "Output directory (must be empty or new unless --force).")
    Path output;

    @Option(names = "--force", description = "Write into an existing non-empty directory.")
    boolean force;

    @Option(names = "--members", defaultValue = "64", description = "GFDT ensemble members (default ${DEFAULT-VALUE}).")
    int members;

    @Option(names = "--spinup", defaultValue = "20", paramLabel = "TIME", description = "Time discarded first (default ${DEFAULT-VALUE}).")
    double spinup;

    @Option(names = "--duration", defaultValue = "200", paramLabel = "TIME", description = "Recorded time per GFDT member (default ${DEFAULT-VALUE}).")
    double duration;

    @Option(names = "--save-every", defaultValue = "0.1", paramLabel = "TIME", description = "Time between saves = lag spacing (default ${DEFAULT-VALUE}).")
    double saveEvery;

    @Option(names = "--lags", defaultValue = "40", description = "Response lags, in saves (default ${DEFAULT-VALUE}).")
    int lags;

    @Option(names = "--blocks", defaultValue = "16", description = "Member blocks for error bars (default ${DEFAULT-VALUE}).")
    int blocks;

    @Option(names = "--truth-pairs", defaultValue = "256", description = "Perturbed/unperturbed member pairs of the truth (default ${DEFAULT-VALUE}).")
    int truthPairs;

    @Option(names = "--truth-duration", defaultValue = "400", paramLabel = "TIME", description = "Recorded time per truth pair (default ${DEFAULT-VALUE}).")
    double truthDuration;

    @Option(names = "--reset-every", defaultValue = "50", description = "Saves between truth kicks, >= --lags (default ${DEFAULT-VALUE}).")
    int resetEvery;

    @Option(names = "--delta", defaultValue = "0.05", description = "Truth kick amplitude δ (default ${DEFAULT-VALUE}).")
    double delta;

    @Option(names = "--component", defaultValue = "0", paramLabel = "J", description = "Impulse component j (default ${DEFAULT-VALUE}).")
    int component;

    @Option(names = "--snapshot-every", defaultValue = "20", description = "Keep every k-th save to fit the quasi-Gaussian baseline (default ${DEFAULT-VALUE}).")
    int snapshotEvery;

    @Option(names = "--max-snapshots", defaultValue = "4000", description = "Cap on those snapshots (default ${DEFAULT-VALUE}).")
    int maxSnapshots;

    @Option(names = "--amplitude-correction", description = "Also report the learned score normalised by its lag-0 matrix (named <name>-normalized).")
    boolean amplitudeCorrection;

    @Option(names = "--cyclic", description = "The system is invariant under cyclic shifts (lorenz96): average the GFDT column over all impulse positions.")
    boolean cyclic;

    @Mixin
    MemberRangeOption shards;

    @Option(names = "--fit-only", description = "Stage 1 of a sharded run: the data pass over all members, the training set and the"
            + " score diagnostics into the output directory (" + RespondShards.FIT + ") instead of a report.")
    boolean fitOnly;

    @Option(names = "--fitted-score", paramLabel = "FILE", description = "The training set of stage 1 (--fit-only), input of a shard of GFDT members.")
    Path fittedScore;

    @Option(names = "--gfdt-shards", paramLabel = "SHARD", arity = "1..*", description = "The GFDT shards of this run, input of a shard"
            + " of truth pairs (the truth's exact comparison terms are projections on the GFDT estimates).")
    List<Path> gfdtShards;

    @Mixin
    RunOptions run;

    @Mixin
    PlotFormatOption plotFormat;

    @Override
    public Integer call() {
        CommandLine cl = spec.commandLine();
        return Errors.guard(cl, () -> {
            SystemCatalog sys;
            try {
                sys = SystemCatalog.parse(system);
            } catch (IllegalArgumentException e) {
                throw CliSupport.usage(cl, "--system: " + e.getMessage());
            }
            if (sys == SystemCatalog.OU_SPDE) throw CliSupport.usage(cl, "--system ou-spde: use 'scorefdt ou' for the OU SPDE");
            if (cyclic && sys != SystemCatalog.LORENZ96) throw CliSupport.usage(cl, "--cyclic: " + sys.spelling() + " is not invariant under cyclic shifts (lorenz96 is)");
            Model model = sys.model();
            if (model.observedDimension() != model.dimension()) {
                throw CliSupport.usage(cl, "--system " + sys.spelling() + ": respond handles fully observed systems only ("
                        + sys.spelling() + " has " + (model.dimension() - model.observedDimension()) + " hidden components)");
            }
            int d = model.dimension();
            IntegratorSpec integ = sys.integrator();
            RunConfig settings = run.settings();
            RespondSettings set = Errors.options(() -> new RespondSettings(members, spinup, duration, saveEvery, lags, blocks,
                    truthPairs, truthDuration, resetEvery, delta, component, snapshotEvery, maxSnapshots, amplitudeCorrection, cyclic));
            RespondSettings.Steps steps = Errors.options(() -> set.steps(integ.dt(), d));
            Errors.options(() -> { set.memoryNeed(d).checkThisJvm(); return set; });
            RunDirectory.checkAvailable(output, force);
            // The score's tiers, asked before the run directory exists: an absent --backend fails here,
            // naming the cause, and leaves nothing behind. Held for the whole run.
            TierChain tiers = Backends.open(settings.backend());
            try {
                return respond(cl, sys, model, integ, d, settings, set, steps, tiers);
            } finally {
                tiers.close();
            }
        });
    }

    private int respond(CommandLine cl, SystemCatalog sys, Model model, IntegratorSpec integ, int d, RunConfig settings,
                        RespondSettings set, RespondSettings.Steps steps, TierChain tiers) throws Exception {
        ScoreModelFile.Loaded loaded = CliSupport.loadModel(cl, modelFile, tiers);
        ScoreModel score = loaded.model() instanceof DsmScore dsm ? dsm.withKernels(tiers) : loaded.model();
        if (score.dimension() != d) {
            throw CliSupport.usage(cl, "--model " + modelFile + ": a " + loaded.type() + " score of dimension " + score.dimension()
                    + ", but " + sys.spelling() + " has dimension " + d);
        }

        BackendKind backend = settings.backend();
        RespondJob job = new RespondJob(system, modelFile.toString(), RespondJob.sha256(modelFile), loaded.type(), set, settings.seed(),
                backend.configName());
        long[] range = shardStage(cl, job);
        RunDirectory dir = plotFormat.applyTo(RunDirectory.create(output, force));
        RunManifest.Builder manifest = RunManifest.builder().commandLine(CliSupport.originalArgs(cl)).seed(settings.seed())
                .backend(backend.configName(), backend.configName(), null)
                .configToml(set.toToml(sys.spelling(), modelFile.toString(), loaded.type(), settings.seed(), backend.configName()));
        String learned = job.learnedName();
        if (fitOnly || range != null) return shardRun(cl, dir, manifest, job, score, range);
        try {
            run.progress(cl, String.format(Locale.ROOT, "respond: %s, %s score, %d members × %d saves, truth %d pairs × %d saves...",
                    sys.spelling(), loaded.type(), members, steps.saves(), truthPairs, steps.truthSaves()));
            long t0 = System.nanoTime();
            var rcSpec = job.spec();
            Map<String, Function<double[], ScoreModel>> scores = new LinkedHashMap<>();
            scores.put(learned, data -> score);
            ResponseComparison.Result r = ResponseComparison.run(rcSpec, scores);
            manifest.backend(r.backend().configName(), backend.configName(),
                    r.fallbackReasons().isEmpty() ? null : String.join("; ", r.fallbackReasons()));
            manifest.phase("comparison", (System.nanoTime() - t0) / 1e9);
            t0 = System.nanoTime();
            String verdict = RespondOutputs.write(dir, r, job, d);
            manifest.phase("report", (System.nanoTime() - t0) / 1e9);
            dir.finish(manifest, true, null);
            cl.getOut().println(verdict);
            // Results, so on stdout (also under -q), a failing score prefixed "warning: ".
            r.diagnostics().forEach((name, diag) -> cl.getOut().println((diag.passes() ? "" : "warning: ") + name + ": " + diag.summary()));
            cl.getOut().println("output: " + dir.root());
            cl.getOut().flush();
            return Main.EXIT_OK;
        } catch (Exception | Error e) { // an I/O error or out of memory too: the directory says why the run stopped
            dir.fail(manifest, e);
            throw e;
        }
    }

    /**
     * The member range of a shard, checked before the run directory exists: GFDT members (0 … M) take the
     * stage-1 training set, truth pairs (M … M+P) the GFDT shards; --shard I/K splits the GFDT members
     * unless --gfdt-shards is given, then the truth pairs. Null for a whole run or --fit-only.
     */
    private long[] shardStage(CommandLine cl, RespondJob job) {
        var cuts = job.memberCuts();
        boolean truthStage = gfdtShards != null;
        if (fitOnly && (shards.given() || fittedScore != null || truthStage)) {
            throw new org.scorefdt.config.ConfigException("command line", null, null, "--fit-only is stage 1: give no member range, --fitted-score or --gfdt-shards");
        }
        if (!shards.given()) {
            if (fittedScore != null || truthStage) {
                throw new org.scorefdt.config.ConfigException("command line", null, null,
                        "--fitted-score and --gfdt-shards are the inputs of a shard: give --member-range or --shard");
            }
            return null;
        }
        long[] range = shards.range(shards.isShardIndex() ? (truthStage ? cuts.truthPart() : cuts.gfdtPart()) : cuts);
        try {
            RespondShards.checkStageInputs(job, range[0], range[1], fittedScore, gfdtShards);
        } catch (IllegalArgumentException e) {
            throw new org.scorefdt.config.ConfigException("command line", null, null, e.getMessage());
        }
        return range;
    }

    /** Stage 1 (--fit-only) or a shard, into {@code dir}; the directory says why when it stops. */
    private int shardRun(CommandLine cl, RunDirectory dir, RunManifest.Builder manifest, RespondJob job, ScoreModel score, long[] range)
            throws Exception {
        try {
            long t0 = System.nanoTime();
            String what = range == null ? RespondShards.fit(job, score, dir) : RespondShards.shard(job, score, range[0], range[1],
                    fittedScore, gfdtShards, dir);
            manifest.phase(range == null ? "fit" : "shard", (System.nanoTime() - t0) / 1e9);
            dir.finish(manifest, true, null);
            cl.getOut().println(what);
            cl.getOut().println("output: " + dir.root());
            cl.getOut().flush();
            return Main.EXIT_OK;
        } catch (Exception | Error e) {
            dir.fail(manifest, e);
            throw e;
        }
    }
}

package org.scorefdt.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.scorefdt.api.Simulation;
import org.scorefdt.api.SimulationResult;
import org.scorefdt.api.SystemCatalog;
import org.scorefdt.config.RunConfig;
import org.scorefdt.config.SimulateSettings;
import org.scorefdt.ensemble.SnapshotCollector;
import org.scorefdt.integrate.IntegratorSpec;
import org.scorefdt.io.NpyWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code scorefdt simulate}: an ensemble of one of the named systems, written as training snapshots
 * [n][d] in an NPY file (for {@code train}); memory is bounded by the snapshot cap. The values are
 * validated by {@link SimulateSettings}.
 */
@RunOptions.Uses(seedDefault = 1, precision = true)
@Command(mixinStandardHelpOptions = true, name = "simulate", modelTransformer = RunOptions.Fit.class,
        description = "Simulate a named system and save training snapshots [n][d] as NPY.")
public final class SimulateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    RunOptions run;

    @Option(names = "--system", required = true, paramLabel = "NAME", description = "double-well, lorenz96, ou-spde, allen-cahn or navier-stokes.")
    String system;

    @Option(names = "--members", defaultValue = "256", description = "Ensemble members (default ${DEFAULT-VALUE}).")
    int members;

    @Option(names = "--spinup", defaultValue = "20", paramLabel = "TIME", description = "Time discarded first (default ${DEFAULT-VALUE}).")
    double spinup;

    @Option(names = "--duration", defaultValue = "200", paramLabel = "TIME", description = "Recorded time per member (default ${DEFAULT-VALUE}).")
    double duration;

    @Option(names = "--snapshot-every", defaultValue = "1", paramLabel = "TIME", description = "Time between kept snapshots (default ${DEFAULT-VALUE}).")
    double snapshotEvery;

    @Option(names = "--max-snapshots", defaultValue = "100000", description = "Cap on snapshots kept (default ${DEFAULT-VALUE}).")
    int maxSnapshots;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "FILE", description = "NPY file to write (not overwritten without --force).")
    Path output;

    @Option(names = "--force", description = "Overwrite an existing output file.")
    boolean force;

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
            RunConfig settings = run.settings();
            SimulateSettings s = Errors.options(() -> new SimulateSettings(members, spinup, duration, snapshotEvery, maxSnapshots));
            IntegratorSpec integ = sys.integrator();
            SimulateSettings.Steps steps = Errors.options(() -> s.steps(integ.dt()));
            CliSupport.checkOutputFile(cl, output, force);
            var model = sys.model();
            Errors.check(() -> s.checkMemory(model.dimension(), model.observedDimension(), Runtime.getRuntime().maxMemory()));
            SnapshotCollector snaps = new SnapshotCollector(model.observedDimension(), 1, s.maxSnapshots());
            SimulationResult r;
            long total = steps.totalSteps() * s.members();
            try (ProgressBar bar = run.bar(cl, "simulate " + sys.spelling(), total, "member-steps")) {
                r = Simulation.of(model).scheme(integ.scheme()).dt(integ.dt()).members(s.members())
                        .spinUpSteps(steps.spinUp()).saves(steps.saves()).saveEvery(steps.saveEvery()).seed(settings.seed())
                        .backend(settings.backend()).precision(settings.precision()).threads(settings.threads())
                        .initial(sys.initialCondition(model)).observe(snaps).progress(bar::advance).run();
            }
            NpyWriter.write(output, snaps.data(), snaps.count(), model.observedDimension());
            cl.getOut().printf("%s: %d snapshots of dimension %d -> %s (backend %s, %.1f s)%n", sys.spelling(), snaps.count(),
                    model.observedDimension(), output, r.backend().configName(), r.seconds());
            cl.getOut().flush();
            return Main.EXIT_OK;
        });
    }
}

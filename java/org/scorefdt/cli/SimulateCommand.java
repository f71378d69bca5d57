package org.scorefdt.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.scorefdt.api.Simulation;
import org.scorefdt.api.SimulationResult;
import org.scorefdt.api.SystemCatalog;
import org.scorefdt.backend.BackendKind;
import org.scorefdt.ensemble.SnapshotCollector;
import org.scorefdt.integrate.IntegratorSpec;
import org.scorefdt.io.NpyWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code scorefdt simulate}: an ensemble of one of the named systems, written as training snapshots
 * [n][d] in an NPY file (for {@code train}); memory is bounded by the snapshot cap.
 */
@Command(mixinStandardHelpOptions = true, name = "simulate", description = "Simulate a named system and save training snapshots [n][d] as NPY.")
public final class SimulateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--system", required = true, paramLabel = "NAME", description = "double-well, lorenz96 or ou-spde.")
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

    @Option(names = "--seed", defaultValue = "1", description = "Run seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--backend", defaultValue = "auto", converter = ConfigNameConverter.BackendConverter.class,
            description = "auto, cuda, cpu or java (default ${DEFAULT-VALUE}).")
    BackendKind backend;

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
            IntegratorSpec integ = sys.integrator();
            if (!(snapshotEvery >= integ.dt())) throw CliSupport.usage(cl, "--snapshot-every = " + snapshotEvery + ": must be >= the time step " + integ.dt());
            if (!(duration >= snapshotEvery)) throw CliSupport.usage(cl, "--duration = " + duration + ": must be >= --snapshot-every");
            if (!(spinup >= 0)) throw CliSupport.usage(cl, "--spinup = " + spinup + ": must be >= 0");
            if (members < 1 || maxSnapshots < 1) throw CliSupport.usage(cl, "--members and --max-snapshots must be >= 1");
            if (java.nio.file.Files.exists(output) && !force) {
                throw CliSupport.usage(cl, "output file " + output + " exists; use --force or another path");
            }
            var model = sys.model();
            int saveEvery = (int) Math.round(snapshotEvery / integ.dt());
            long saves = (long) Math.floor(duration / snapshotEvery) + 1;
            SnapshotCollector snaps = new SnapshotCollector(model.observedDimension(), 1, maxSnapshots);
            SimulationResult r = Simulation.of(model).scheme(integ.scheme()).dt(integ.dt()).members(members)
                    .spinUpSteps(Math.round(spinup / integ.dt())).saves(saves).saveEvery(saveEvery).seed(seed)
                    .backend(backend).initial(sys.initialCondition(model)).observe(snaps).run();
            NpyWriter.write(output, snaps.data(), snaps.count(), model.observedDimension());
            cl.getOut().printf("%s: %d snapshots of dimension %d -> %s (backend %s, %.1f s)%n", sys.spelling(), snaps.count(),
                    model.observedDimension(), output, r.backend().configName(), r.seconds());
            cl.getOut().flush();
            return Main.EXIT_OK;
        });
    }
}

package org.scorefdt.throughput;

import java.util.Optional;
import java.util.SplittableRandom;
import org.scorefdt.backend.TierChain;
import org.scorefdt.backend.BackendKind;
import org.scorefdt.backend.BackendUnavailableException;
import org.scorefdt.backend.Backends;
import org.scorefdt.backend.ChosenIntegrator;
import org.scorefdt.integrate.Integrator;
import org.scorefdt.integrate.IntegratorSpec;
import org.scorefdt.integrate.Precision;
import org.scorefdt.integrate.Scheme;
import org.scorefdt.model.Lorenz96;
import org.scorefdt.model.Model;
import org.scorefdt.model.OuSpde;

/**
 * An ensemble integrator workload (ou32, ac64, l96): one call is one
 * {@link Integrator#advance} of all members by the size's steps, with the step counter running on
 * across calls. Whatever the backend does per call (copies between the Java arrays and its own
 * memory, plans) is included, amortised over the call's steps, as the ensemble driver sees it.
 *
 * <p>{@code auto} goes through {@link ChosenIntegrator} (the fastest tier that runs the model,
 * skipped tiers named in the note); an explicit backend must be present and support the model,
 * else the workload is unavailable with the backend's own reason.
 */
final class IntegratorTask implements Task {
    static final long SEED = 20240611L;

    private final AutoCloseable owner;
    private final Integrator integrator;
    private final String backend, note;
    private final Precision precision;
    private final double[] states;
    /** The states on the device (null: {@link #states} is what the calls advance). */
    private final DeviceResidentStates device;
    private final int members, steps;
    private long step;

    private IntegratorTask(AutoCloseable owner, Integrator integrator, String backend, String note, Precision precision,
                           double[] states, int members, int steps) {
        this.owner = owner;
        this.integrator = integrator;
        this.backend = backend;
        this.precision = precision;
        this.states = states;
        this.members = members;
        this.steps = steps;
        try {
            this.device = DeviceResidentStates.upload(integrator, states, members).orElse(null);
        } catch (RuntimeException e) {
            closeIntegrator();
            throw e;
        }
        this.note = device == null ? note : KdeTask.join(note, "states device-resident");
    }

    static IntegratorTask open(Workload w, WorkloadSize size, BackendKind requested, Precision precision, int threads) {
        Model model = model(w);
        IntegratorSpec spec = new IntegratorSpec(Scheme.parse((String) w.fixed().get("scheme")), w.fixedNumber("dt"));
        int members = w.dim(size, "members"), steps = w.dim(size, "steps");
        double[] states = initialStates(w, model.dimension(), members);
        if (requested == BackendKind.AUTO) {
            ChosenIntegrator c = ChosenIntegrator.open(BackendKind.AUTO, model, spec, precision, SEED, threads);
            return new IntegratorTask(c, c.integrator(), c.backend().configName(), c.reasonText(), precision, states, members, steps);
        }
        TierChain sel;
        try {
            sel = Backends.open(requested);
        } catch (BackendUnavailableException e) {
            throw new WorkloadUnavailableException(requested.configName() + " backend: " + e.getMessage());
        }
        Optional<String> why = sel.first().unsupported(model, spec, precision);
        if (why.isPresent()) {
            sel.close();
            throw new WorkloadUnavailableException(requested.configName() + " backend cannot run " + model.name() + " with "
                    + spec.scheme().configName() + " in " + precision.configName() + ": " + why.get());
        }
        Integrator integ;
        try {
            integ = sel.first().integrator(model, spec, precision, SEED, threads);
        } catch (RuntimeException e) {
            sel.close();
            throw e;
        }
        // closes integ and sel itself if the device upload fails
        return new IntegratorTask(sel, integ, sel.first().kind().configName(), "", precision, states, members, steps);
    }

    private static Model model(Workload w) {
        return switch (w) {
            case OU32 -> new OuSpde(OuSpde.Params.paper((int) w.fixedNumber("n")));
            case AC64 -> AllenCahnLookup.model((int) w.fixedNumber("n"));
            case L96 -> {
                Lorenz96 l = Lorenz96.standard();
                if (l.dimension() != (int) w.fixedNumber("d")) throw new IllegalStateException("Lorenz96.standard() has d = " + l.dimension());
                yield l;
            }
            default -> throw new IllegalArgumentException(w.configName() + " is no integrator workload");
        };
    }

    /** Near each model's attractor, so the arithmetic is representative: L96 at F plus a little, fields small. */
    private static double[] initialStates(Workload w, int d, int members) {
        SplittableRandom r = new SplittableRandom(7);
        double[] x = new double[members * d];
        for (int i = 0; i < x.length; i++) {
            x[i] = switch (w) {
                case L96 -> 8.0 + 0.01 * r.nextDouble(-1, 1);
                case AC64 -> 0.5 * r.nextDouble(-1, 1);
                default -> 0.1 * r.nextDouble(-1, 1);
            };
        }
        return x;
    }

    @Override
    public String backend() {
        return backend;
    }

    @Override
    public String precision() {
        return precision.configName();
    }

    @Override
    public long unitsPerCall() {
        return (long) members * steps;
    }

    @Override
    public void call() {
        if (device != null) {
            device.advance(step, steps);
        } else {
            integrator.advance(states, members, 0L, step, steps);
        }
        step += steps;
    }

    @Override
    public void sync() {
        if (device != null) device.sync();
    }

    /** The current states {@code [members][dimension]} (from the device where they live there). */
    double[] states() {
        if (device != null) device.download(states);
        return states.clone();
    }

    /** Whether the states live on the device ({@link DeviceResidentStates}). */
    boolean deviceResident() {
        return device != null;
    }

    @Override
    public Optional<String> check() {
        double[] x = states();
        return Task.finite("state", x, x.length);
    }

    @Override
    public String note() {
        return note;
    }

    @Override
    public void close() {
        try {
            if (device != null) device.close();
        } finally {
            closeIntegrator();
        }
    }

    private void closeIntegrator() {
        integrator.close();
        try {
            owner.close();
        } catch (Exception e) {
            throw new IllegalStateException("closing the " + backend + " backend: " + e.getMessage(), e);
        }
    }
}

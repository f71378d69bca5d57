package org.scorefdt.backend.java;

import java.util.Optional;
import org.scorefdt.backend.Backend;
import org.scorefdt.backend.BackendKind;
import org.scorefdt.integrate.Integrator;
import org.scorefdt.integrate.IntegratorSpec;
import org.scorefdt.integrate.Precision;
import org.scorefdt.integrate.Scheme;
import org.scorefdt.integrate.SemiLinearStepper;
import org.scorefdt.model.LinearSpectralModel;
import org.scorefdt.model.Model;
import org.scorefdt.model.SemiLinearSpectralModel;

/**
 * The pure-Java reference backend: always available, runs any {@link Model} (including ones written
 * by users in Java), and is the specification the native and CUDA tiers are tested against.
 * F32 here means: computed in double, state rounded to float after every step.
 */
public final class JavaBackend implements Backend {

    @Override
    public BackendKind kind() {
        return BackendKind.JAVA;
    }

    @Override
    public Optional<String> unsupported(Model model, IntegratorSpec spec, Precision precision) {
        if (spec.scheme() == Scheme.EXACT_OU && !(model instanceof LinearSpectralModel)) {
            return Optional.of("the exact OU scheme needs a linear spectral model, got " + model.name());
        }
        boolean etd = spec.scheme() == Scheme.ETD1 || spec.scheme() == Scheme.ETD2;
        if (etd && !(model instanceof LinearSpectralModel) && !(model instanceof SemiLinearSpectralModel)) {
            return Optional.of("the " + spec.scheme().configName() + " scheme needs a linear or semilinear spectral model, got "
                    + model.name());
        }
        return Optional.empty();
    }

    @Override
    public Integrator create(Model model, IntegratorSpec spec, Precision precision, long seed, int threads) {
        if (model instanceof LinearSpectralModel lin) {
            return new JavaSpectralIntegrator(lin, spec, precision, seed, threads);
        }
        if (model instanceof SemiLinearSpectralModel semi && SemiLinearStepper.supports(spec.scheme())) {
            return new JavaSemiLinearIntegrator(semi, spec, precision, seed, threads);
        }
        return new JavaIntegrator(model, spec, precision, seed, threads);
    }
}

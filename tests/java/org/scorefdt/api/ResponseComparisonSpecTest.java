package org.scorefdt.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.scorefdt.backend.BackendKind;
import org.scorefdt.integrate.IntegratorSpec;
import org.scorefdt.integrate.Scheme;
import org.scorefdt.model.DoubleWell;
import org.scorefdt.response.Perturbation;

/** {@link ResponseComparison.Spec#builder}: documented defaults, named settings, checks with clear messages. */
class ResponseComparisonSpecTest {
    private static final DoubleWell MODEL = new DoubleWell(2, 0.7);

    @Test
    void defaultsAreTheDocumentedOnes() {
        ResponseComparison.Spec s = ResponseComparison.Spec.builder(MODEL).build();
        assertEquals(new ResponseComparison.Spec(MODEL, new IntegratorSpec(Scheme.EULER_MARUYAMA, 0.01), 128, 2000, 2000, 10, 50, 32,
                new Perturbation.Impulse(0), 0.05, 1024, 2000, 50, 10, 8192, 1, BackendKind.AUTO, false, false), s);
        // resetEvery follows lags unless set
        assertEquals(12, ResponseComparison.Spec.builder(MODEL).lags(12).build().resetEvery());
        assertEquals(30, ResponseComparison.Spec.builder(MODEL).lags(12).resetEvery(30).build().resetEvery());
    }

    @Test
    void namedSettingsGiveThePositionalSpec() {
        var positional = new ResponseComparison.Spec(MODEL, new IntegratorSpec(Scheme.HEUN, 0.005), 64, 100, 400, 3, 8, 4,
                new Perturbation.Impulse(1), -0.1, 32, 80, 16, 5, 999, 42, BackendKind.JAVA, true, true);
        var built = ResponseComparison.Spec.builder(MODEL).integrator(new IntegratorSpec(Scheme.HEUN, 0.005)).members(64)
                .spinUpSteps(100).saves(400).saveEvery(3).lags(8).blocks(4).perturbation(new Perturbation.Impulse(1)).delta(-0.1)
                .truthMembers(32).truthSaves(80).resetEvery(16).snapshotEvery(5).maxSnapshots(999).seed(42)
                .backend(BackendKind.JAVA).amplitudeCorrection(true).cyclic(true).build();
        assertEquals(positional, built);
        assertEquals(positional, positional.toBuilder().build());
        var changed = positional.toBuilder().members(128).build();
        assertEquals(128, changed.members());
        assertEquals(positional.truthSaves(), changed.truthSaves());
    }

    @Test
    void eachSettingIsCheckedWhenSet() {
        var b = ResponseComparison.Spec.builder(MODEL);
        fails("members = 0: must be >= 1", () -> b.members(0));
        fails("spinUpSteps = -1: must be >= 0", () -> b.spinUpSteps(-1));
        fails("saves = 0: must be >= 1", () -> b.saves(0));
        fails("saveEvery = 0: must be >= 1", () -> b.saveEvery(0));
        fails("lags = 0: must be >= 1", () -> b.lags(0));
        fails("blocks = 1: must be >= 2", () -> b.blocks(1));
        fails("delta = 0.0: must be finite and != 0", () -> b.delta(0));
        fails("delta = NaN: must be finite and != 0", () -> b.delta(Double.NaN));
        fails("truthMembers = 1: must be >= 2", () -> b.truthMembers(1));
        fails("truthSaves = 0: must be >= 1", () -> b.truthSaves(0));
        fails("resetEvery = 0: must be >= 1", () -> b.resetEvery(0));
        fails("snapshotEvery = 0: must be >= 1", () -> b.snapshotEvery(0));
        fails("maxSnapshots = 1: must be >= 2", () -> b.maxSnapshots(1));
        fails("integrator must be given", () -> b.integrator(null));
        fails("perturbation must be given", () -> b.perturbation(null));
        fails("backend must be given", () -> b.backend(null));
        fails("model must be given", () -> ResponseComparison.Spec.builder(null));
        // a rejected value leaves the builder as it was
        assertEquals(128, b.build().members());
    }

    @Test
    void settingsAreCheckedTogetherAtBuild() {
        fails("blocks = 32: must be <= members = 16", () -> ResponseComparison.Spec.builder(MODEL).members(16).build());
        fails("saves = 40: must be >= lags = 50", () -> ResponseComparison.Spec.builder(MODEL).saves(40).build());
        fails("resetEvery = 20: must be >= lags = 50", () -> ResponseComparison.Spec.builder(MODEL).resetEvery(20).build());
        fails("truthSaves = 49: must be >= lags = 50", () -> ResponseComparison.Spec.builder(MODEL).truthSaves(49).build());
        fails("perturbation Impulse[component=2] needs dimension 3, the model has 2",
                () -> ResponseComparison.Spec.builder(MODEL).perturbation(new Perturbation.Impulse(2)).build());
        fails("cyclic = true averages impulse positions",
                () -> ResponseComparison.Spec.builder(MODEL).perturbation(Perturbation.Profile.uniform(2)).cyclic(true).build());
    }

    private static void fails(String messageStart, Executable e) {
        IllegalArgumentException x = assertThrows(IllegalArgumentException.class, e);
        assertEquals(messageStart, x.getMessage().substring(0, Math.min(x.getMessage().length(), messageStart.length())),
                "message " + x.getMessage());
    }
}

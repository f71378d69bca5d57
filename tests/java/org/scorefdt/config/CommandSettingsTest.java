package org.scorefdt.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.scorefdt.score.Bandwidth;

/**
 * The settings records of the simulate, sample, respond and train commands validate in their
 * constructors (or, for what depends on the system, in {@code steps}), with messages that name the
 * key, the value and the allowed range.
 */
class CommandSettingsTest {

    static void fails(String message, Executable build) {
        ConfigException e = assertThrows(ConfigException.class, build);
        assertEquals(message, e.getMessage());
    }

    @Test
    void simulate() {
        SimulateSettings ok = new SimulateSettings(256, 20, 200, 1, 100_000);
        SimulateSettings.Steps s = ok.steps(0.01);
        assertEquals(new SimulateSettings.Steps(2000, 201, 100), s);
        fails("key 'simulate.members' = 0: must be >= 1", () -> new SimulateSettings(0, 20, 200, 1, 10));
        fails("key 'simulate.spinup' = -1.0: must be a finite number >= 0", () -> new SimulateSettings(1, -1, 200, 1, 10));
        fails("key 'simulate.snapshot_every' = 0.0: must be a finite number > 0", () -> new SimulateSettings(1, 0, 200, 0, 10));
        fails("key 'simulate.duration' = 0.5: must be >= snapshot_every = 1.0", () -> new SimulateSettings(1, 0, 0.5, 1, 10));
        fails("key 'simulate.max_snapshots' = 0: must be >= 1", () -> new SimulateSettings(1, 0, 2, 1, 0));
        fails("key 'simulate.snapshot_every' = 0.001: must be >= the time step 0.01",
                () -> new SimulateSettings(1, 0, 2, 0.001, 10).steps(0.01));
    }

    @Test
    void sample() {
        SampleSettings ula = new SampleSettings("ULA", 64, 1000, 0.01, 1000, 10, 1, 0, 0.16, 10_000_000);
        assertEquals("ula", ula.sampler());
        assertEquals(6400, ula.rows());
        assertEquals(64, new SampleSettings("flow", 64, 30, 0.01, 1000, 10, 1, 0, 0.16, 100).rows());
        fails("key 'sample.sampler' = \"gibbs\": must be one of ula, baoab, reverse, flow",
                () -> new SampleSettings("gibbs", 1, 1, 0.01, 0, 1, 1, 0, 0.16, 10));
        fails("key 'sample.chains' = 0: must be >= 1", () -> new SampleSettings("ula", 0, 1, 0.01, 0, 1, 1, 0, 0.16, 10));
        fails("key 'sample.step_size' = -1.0: must be a finite number > 0",
                () -> new SampleSettings("ula", 1, 1, -1, 0, 1, 1, 0, 0.16, 10));
        fails("key 'sample.thin' = 20: must be in [1, steps = 10]", () -> new SampleSettings("ula", 1, 10, 0.01, 0, 20, 1, 0, 0.16, 10));
        fails("key 'sample.friction' = 0.0: must be a finite number > 0",
                () -> new SampleSettings("baoab", 1, 10, 0.01, 0, 1, 0, 0, 0.16, 10));
        fails("key 'sample.max_samples' = 10: must be >= chains × steps/thin = 4 × 10 = 40",
                () -> new SampleSettings("ula", 4, 10, 0.01, 0, 1, 1, 0, 0.16, 10));
        fails("key 'sample.snr' = 0.0: must be a finite number > 0", () -> new SampleSettings("reverse", 1, 10, 0, 0, 0, 0, 2, 0, 10));
        fails("key 'sample.corrector' = -1: must be >= 0", () -> new SampleSettings("reverse", 1, 10, 0, 0, 0, 0, -1, 0, 10));
        // The Langevin-only values are not checked for the noise-conditional samplers, and vice versa.
        new SampleSettings("flow", 1, 10, -1, -1, 0, 0, -1, 0, 10);
        new SampleSettings("ula", 1, 10, 0.1, 0, 1, 0, -1, 0, 10);
    }

    static RespondSettings respond(int members, int blocks, int lags, int resetEvery, double delta, int component) {
        return new RespondSettings(members, 20, 200, 0.1, lags, blocks, 256, 400, resetEvery, delta, component, 20, 4000, false, false);
    }

    @Test
    void respond() {
        RespondSettings ok = respond(64, 16, 40, 50, 0.05, 0);
        assertEquals(new RespondSettings.Steps(2000, 10, 2000, 4000), ok.steps(0.01, 1));
        fails("key 'respond.members' = 1: must be >= 2", () -> respond(1, 2, 40, 50, 0.05, 0));
        fails("key 'respond.blocks' = 65: must be in [2, 64]", () -> respond(64, 65, 40, 50, 0.05, 0));
        fails("key 'respond.reset_every' = 30: must be >= lags = 40", () -> respond(64, 16, 40, 30, 0.05, 0));
        fails("key 'respond.delta' = 0.0: must be a finite number != 0", () -> respond(64, 16, 40, 50, 0, 0));
        fails("key 'respond.component' = 1: must be in [0, 0]", () -> respond(64, 16, 40, 50, 0.05, 1).steps(0.01, 1));
        fails("key 'respond.save_every' = 0.1: must be a positive multiple of the time step 0.03", () -> ok.steps(0.03, 1));
        fails("key 'respond.duration' = 200.0: gives 2000 saves: need more than lags = 2500",
                () -> new RespondSettings(64, 20, 200, 0.1, 2500, 16, 256, 400, 2500, 0.05, 0, 20, 4000, false, false).steps(0.01, 1));
        fails("key 'respond.max_snapshots' = 4000: must be >= 4002",
                () -> new RespondSettings(64, 20, 200, 0.1, 40, 16, 256, 400, 50, 0.05, 0, 20, 4000, false, false).steps(0.01, 4000));
        assertTrue(ok.toToml("double-well", "m.sfdt", "kde", 7, "auto").contains("truth_pairs = 256"));
    }

    @Test
    void train() {
        assertEquals(Bandwidth.defaults(), TrainSettings.DEFAULTS.bandwidthRule());
        assertTrue(TrainSettings.DEFAULTS.extrapolated() && !new TrainSettings("scott", 0, null, null).extrapolated());
        assertEquals(new Bandwidth.Fixed(0.25), new TrainSettings("0.25", 0, null, null).bandwidthRule());
        assertEquals(0, TrainSettings.DEFAULTS.clusters(1000), "0: KGMM chooses (KgmmScore.Config.defaults)");
        assertEquals(0, TrainSettings.DEFAULTS.sigma(), 0);
        assertEquals(20, new TrainSettings("auto", 0, 20, null).clusters(20));
        fails("key 'train.bandwidth' = \"-0.5\": must be auto, scott, silverman, cv, score-matching or a finite number h > 0",
                () -> new TrainSettings("-0.5", 0, null, null));
        fails("key 'train.ridge' = -1.0: must be a finite number >= 0", () -> new TrainSettings("scott", -1, null, null));
        fails("key 'train.kgmm_sigma' = 0.0: must be a finite number > 0", () -> new TrainSettings("scott", 0, null, 0.0));
        fails("key 'train.clusters' = 30: must be in [1, 20]", () -> new TrainSettings("scott", 0, 30, null).clusters(20));
    }
}

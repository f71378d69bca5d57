package org.scorefdt.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scorefdt.model.NavierStokes2d;

/** The {@code [navier_stokes]} table: paper defaults, round trip to the model, named errors; the OU job refuses NS. */
class NavierStokesConfigTest {
    @TempDir
    Path tmp;

    @Test
    void defaultsAreThePapersAndRoundTrip() {
        NavierStokes2d.Params p = NavierStokesConfig.DEFAULTS.toParams();
        assertEquals(NavierStokes2d.Params.paper(32), p);
        assertEquals(Math.PI, p.u0());
        assertEquals(18.75, p.forcing());
        assertEquals(112.5, p.kMax2());
        assertEquals(NavierStokesConfig.DEFAULTS, NavierStokesConfig.of(p));
    }

    @Test
    void badValuesNameTheirKey() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> new NavierStokesConfig(31, Math.PI, 1e-2, 1e-5, 18.75, 112.5, 1.4, true));
        assertTrue(e.getMessage().contains("navier_stokes.n") && e.getMessage().contains("31"), e.getMessage());
        e = assertThrows(ConfigException.class, () -> new NavierStokesConfig(32, Math.PI, -1, 1e-5, 18.75, 112.5, 1.4, true));
        assertTrue(e.getMessage().contains("navier_stokes.nu_hypo"), e.getMessage());
        e = assertThrows(ConfigException.class, () -> new NavierStokesConfig(32, Math.PI, 1e-2, 1e-5, 18.75, 112.5, Double.NaN, true));
        assertTrue(e.getMessage().contains("navier_stokes.phase_sigma"), e.getMessage());
    }

    @Test
    void theOuJobRefusesNavierStokes() throws IOException {
        Path f = tmp.resolve("ns.toml");
        Files.writeString(f, "[model]\nkind = \"navier-stokes\"\n");
        ConfigException e = assertThrows(ConfigException.class, () -> OuJobConfig.load(f));
        assertTrue(e.getMessage().contains("model.kind") && e.getMessage().contains("needs ou-spde"), e.getMessage());
    }
}

package org.scorefdt.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.scorefdt.api.SystemCatalog;
import org.scorefdt.integrate.Scheme;
import org.scorefdt.model.AllenCahn;
import org.scorefdt.model.OuSpde;

/** The Allen–Cahn kind of the {@code [model]} table and the {@code allen-cahn} catalog entry. */
class AllenCahnConfigTest {

    @Test
    void modelTableBuildsAllenCahnWithAlpha() {
        ModelConfig m = new ModelConfig(ModelConfig.Kind.ALLEN_CAHN, 8, 0.04, 2.5e-4, 0.02, 4e-3, OuSpde.NoiseScaling.GRID, 12);
        AllenCahn ac = (AllenCahn) m.build();
        assertEquals(new AllenCahn.Params(8, 12, 2.5e-4, 0.02, 4e-3, OuSpde.NoiseScaling.GRID), ac.params());
        assertEquals(ModelConfig.Kind.ALLEN_CAHN, ConfigException.parseName(ModelConfig.Kind.class, "model.kind", "allen-cahn"));
        // The OU tables keep their 7-value form; α defaults to the paper's 16 and is not read by the OU SPDE.
        assertEquals(16.0, ModelConfig.DEFAULTS.alpha());
        assertTrue(ModelConfig.DEFAULTS.build() instanceof OuSpde);
        ConfigException e = assertThrows(ConfigException.class, () -> new ModelConfig(ModelConfig.Kind.ALLEN_CAHN, 8, 0.04,
                2.5e-4, 0.02, 4e-3, OuSpde.NoiseScaling.GRID, 0));
        assertTrue(e.getMessage().contains("model.alpha"), e.getMessage());
    }

    @Test
    void ouJobRefusesAnotherKindNamingTheKey() {
        ConfigException e = assertThrows(ConfigException.class, () -> TomlConfigLoader.parse("[model]\nkind = \"allen-cahn\"\nalpha = 8\n", "x.toml"));
        assertEquals("model.kind", e.key());
        assertTrue(e.getMessage().contains("ou-spde"), e.getMessage());
    }

    @Test
    void catalogEntryIsThePaperSetup() {
        SystemCatalog c = SystemCatalog.parse("allen-cahn");
        assertEquals(Scheme.RK4_EM, c.integrator().scheme());
        assertEquals(1.0 / 32, c.integrator().dt());
        AllenCahn ac = (AllenCahn) c.model();
        assertEquals(AllenCahn.Params.paper(32), ac.params());
        assertTrue(SystemCatalog.names().contains("allen-cahn"));
    }
}

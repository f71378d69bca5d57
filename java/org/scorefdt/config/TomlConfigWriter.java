package org.scorefdt.config;

import java.util.List;
import java.util.stream.Collectors;
import org.scorefdt.backend.BackendKind;
import org.scorefdt.integrate.Precision;
import org.scorefdt.integrate.Scheme;
import org.scorefdt.util.ConfigName;

/**
 * Writes an {@link OuJobConfig} as a complete, commented TOML document that
 * {@link TomlConfigLoader} reads back to an equal record (tested). Every key is written, so a
 * manifest records the whole effective configuration, not just what differed from defaults.
 */
final class TomlConfigWriter {
    private TomlConfigWriter() {}

    static String write(OuJobConfig c) {
        StringBuilder sb = new StringBuilder();
        sb.append("# ScoreFDT OU validation job (docs/systems.md §0, §1, §5, §7).\n");
        sb.append("# Every key is optional; missing keys take the defaults of the small run.\n");

        RunConfig r = c.run();
        table(sb, "run");
        kv(sb, "seed", Long.toString(r.seed()), "64-bit run seed; all random streams derive from it");
        kv(sb, "backend", str(r.backend().configName()), ConfigName.allowed(BackendKind.class));
        kv(sb, "precision", str(r.precision().configName()), ConfigName.allowed(Precision.class));
        kv(sb, "threads", Integer.toString(r.threads()), ">= 0; 0 = all cores");
        kv(sb, "output", str(r.output()), "output directory");

        ModelConfig m = c.model();
        table(sb, "model");
        kv(sb, "kind", str(m.kind().configName()), ConfigName.allowed(ModelConfig.Kind.class));
        kv(sb, "n", Integer.toString(m.n()), "grid size N, even, in [" + ModelConfig.MIN_N + ", " + ModelConfig.MAX_N + "]");
        kv(sb, "lambda", num(m.lambda()), "lambda > 0");
        kv(sb, "kappa", num(m.kappa()), "kappa >= 0");
        kv(sb, "advection", num(m.advection()), "A, any real (term -A d/dx u)");
        kv(sb, "epsilon2", num(m.epsilon2()), "epsilon^2 > 0");
        kv(sb, "noise_scaling", str(m.noiseScaling().configName()), "grid (factor N) | continuum (factor 1/h, h = 2pi/N)");
        if (m.kind() == ModelConfig.Kind.ALLEN_CAHN) kv(sb, "alpha", num(m.alpha()), "alpha > 0 (Allen-Cahn reaction)");

        IntegratorConfig i = c.integrator();
        table(sb, "integrator");
        kv(sb, "scheme", str(i.scheme().configName()), ConfigName.allowed(Scheme.class));
        kv(sb, "dt", num(i.dt()), "time step > 0");

        EnsembleConfig e = c.ensemble();
        table(sb, "ensemble");
        kv(sb, "members", Integer.toString(e.members()), ">= 1 independent members");
        kv(sb, "spinup", num(e.spinup()), "time units >= 0 discarded before recording");
        kv(sb, "initial", str(e.initial().configName()), ConfigName.allowed(EnsembleConfig.Initial.class));
        kv(sb, "duration", num(e.duration()), "recorded time units > 0 per member");
        kv(sb, "save_every", Integer.toString(e.saveEvery()), "steps between saved states, >= 1");

        ResponseConfig p = c.response();
        table(sb, "response");
        kv(sb, "lags", Integer.toString(p.lags()), ">= 1; lags * dt * save_every <= duration");
        kv(sb, "normalize", Boolean.toString(p.normalize()), "divide by the lag-0 matrix in Fourier space");
        kv(sb, "estimators", strList(p.estimators()), "subset of " + ConfigName.allowed(ResponseConfig.Estimator.class));
        kv(sb, "quasi_gaussian_ridge", num(p.quasiGaussianRidge()), ">= 0, added to the covariance");
        kv(sb, "bootstrap", Integer.toString(p.bootstrap()), "replicates >= 0");
        kv(sb, "blocks", Integer.toString(p.blocks()), "member blocks for error bars, 2 <= blocks <= members");

        TruthConfig t = c.truth();
        table(sb, "truth");
        kv(sb, "perturbation", str(t.perturbation().configName()), ConfigName.allowed(TruthConfig.Perturbation.class)
                + " (impulse at pixel, or uniform)");
        kv(sb, "pairs", Integer.toString(t.pairs()), "perturbed/unperturbed pairs >= 0");
        kv(sb, "delta", num(t.delta()), "impulse amplitude != 0");
        kv(sb, "pixel", "[" + t.pixelX() + ", " + t.pixelY() + "]", "[x, y] inside the grid");
        return sb.toString();
    }

    private static void table(StringBuilder sb, String name) {
        sb.append("\n[").append(name).append("]\n");
    }

    /** Aligns comments so the printed template is easy to scan. */
    private static void kv(StringBuilder sb, String key, String value, String comment) {
        String line = key + " = " + value;
        sb.append(line);
        sb.append(" ".repeat(Math.max(1, 36 - line.length())));
        sb.append("# ").append(comment).append('\n');
    }

    /** Double.toString round-trips exactly and its forms (1.0, 2.5E-4) are valid TOML floats. */
    private static String num(double v) {
        return Double.toString(v);
    }

    /** TOML basic string with the escapes the spec requires. */
    static String str(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (int k = 0; k < s.length(); k++) {
            char ch = s.charAt(k);
            switch (ch) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                case '\r' -> sb.append("\\r");
                default -> {
                    if (ch < 0x20 || ch == 0x7f) sb.append(String.format("\\u%04X", (int) ch));
                    else sb.append(ch);
                }
            }
        }
        return sb.append('"').toString();
    }

    private static String strList(List<? extends ConfigName> items) {
        return items.stream().map(x -> str(x.configName())).collect(Collectors.joining(", ", "[", "]"));
    }
}

package org.scorefdt.config;

import java.util.EnumSet;
import java.util.List;
import org.scorefdt.util.ConfigName;

/**
 * The {@code [response]} table: GFDT estimators and their error bars.
 *
 * @param lags               recorded lags τ = 0 … lags−1 in saved steps, {@code >= 1}
 * @param normalize          divide by the lag-0 matrix in Fourier space, R̂(k,τ) = Ĥ(k,τ)/Ĥ(k,0), so R(0) = I
 * @param estimators         non-empty, no duplicates, in the order they are reported
 * @param quasiGaussianRidge ridge added to the covariance before inversion, {@code >= 0}
 * @param bootstrap          bootstrap replicates over member blocks, {@code >= 0} (0 = standard errors only)
 * @param blocks             member blocks for standard errors, {@code >= 2}
 * @throws ConfigException when a value is out of range
 */
public record ResponseConfig(int lags, boolean normalize, List<Estimator> estimators, double quasiGaussianRidge,
                             int bootstrap, int blocks) {

    /** Score used in the GFDT response estimate. */
    public enum Estimator implements ConfigName {
        /** s(u) = −C⁻¹u from the exact stationary covariance. */
        EXACT_SCORE("exact-score"),
        /** s(u) = −Ĉ⁻¹(u − μ̂) from the sample mean and covariance. */
        QUASI_GAUSSIAN("quasi-gaussian");
        private final String n;
        Estimator(String n) { this.n = n; }
        @Override public String configName() { return n; }
    }

    /** Both estimators, 100 lags, normalised, 200 bootstrap replicates over 16 blocks. */
    public static final ResponseConfig DEFAULTS = new ResponseConfig(100, true,
            List.of(Estimator.EXACT_SCORE, Estimator.QUASI_GAUSSIAN), 1e-8, 200, 16);

    public ResponseConfig {
        Check.atLeast("response.lags", lags, 1);
        Check.notNull("response.estimators", estimators);
        if (estimators.stream().anyMatch(java.util.Objects::isNull)) {
            throw ConfigException.invalid("response.estimators", null, "must not contain null");
        }
        if (estimators.isEmpty()) {
            throw ConfigException.invalidText("response.estimators", "[]",
                    "must list at least one of " + ConfigName.allowed(Estimator.class));
        }
        if (EnumSet.copyOf(estimators).size() != estimators.size()) {
            throw ConfigException.invalidText("response.estimators", estimators.stream()
                    .map(e -> '"' + e.configName() + '"').toList().toString(), "must not repeat an estimator");
        }
        estimators = List.copyOf(estimators);
        Check.nonNegative("response.quasi_gaussian_ridge", quasiGaussianRidge);
        Check.inRange("response.bootstrap", bootstrap, 0, Check.MAX_BOOTSTRAP);
        Check.atLeast("response.blocks", blocks, 2);
    }
}

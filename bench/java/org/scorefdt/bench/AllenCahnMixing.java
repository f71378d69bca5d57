package org.scorefdt.bench;

import java.util.Locale;
import org.scorefdt.api.Simulation;
import org.scorefdt.api.reproduce.AllenCahnSystem;
import org.scorefdt.backend.BackendKind;
import org.scorefdt.ensemble.Observer;
import org.scorefdt.ensemble.SimulationDivergedException;
import org.scorefdt.integrate.IntegratorSpec;
import org.scorefdt.integrate.Scheme;
import org.scorefdt.model.AllenCahn;
import org.scorefdt.model.Grid;
import org.scorefdt.model.InitialCondition;
import org.scorefdt.model.Model;

/**
 * The diagnostics behind docs/reproduction.md §3.1 (why {@code noise_scale = 16} at N = 8): how fast
 * pixel (0, 0) of the Allen–Cahn SPDE mixes at a grid size and noise scale, and how far the paper's
 * initial field leaves [−1, 1]. One JSON line per case on stdout:
 *
 * <pre>java -cp target/scorefdt.jar org.scorefdt.bench.AllenCahnMixing [N:NOISE_SCALE ...]</pre>
 *
 * Mixing (default cases: the §3.1 table): {@value #MEMBERS} members from the reproduction's start
 * ({@link AllenCahnSystem#initialCondition}), RK4 + EM at dt = 1/32, {@value #SPINUP} time units of
 * spin-up, then pixel (0, 0) saved every time unit for {@value #UNITS} units. "switches" = sign
 * changes between consecutive saves per member and time unit; C(τ) = the autocorrelation at τ time
 * units pooled over members (deviations from the pooled mean, over the pooled variance);
 * "between_member" = the variance of the members' time means over the pooled variance (1: every
 * member stuck in its own pattern). Start: for the first {@value #START_MEMBERS} members of the
 * reproduction seed, how many have max |u| > 1 after the paper's division by the signed maximum
 * ({@link InitialCondition#smoothedWhiteNoise}), the largest max |u|, and when (model time) RK4 + EM
 * from that start, without the reproduction's further division by max |u|, first has NaN/∞ within
 * {@value #DIVERGENCE_UNITS} time units (null: it did not).
 */
public final class AllenCahnMixing {

    static final int MEMBERS = 8, SPINUP = 100, UNITS = 400, STEPS_PER_UNIT = 32, START_MEMBERS = 48, DIVERGENCE_UNITS = 32;
    static final long SEED = 20240214L;
    static final String[] DEFAULT = {"8:1", "8:4", "8:8", "8:16", "16:1", "16:4", "32:1"};

    private AllenCahnMixing() {}

    public static void main(String[] args) {
        String[] cases = args.length == 0 ? DEFAULT : args;
        for (int n : new int[] {8, 32}) System.out.println(start(n));
        for (String c : cases) {
            String[] p = c.split(":");
            System.out.println(mixing(Integer.parseInt(p[0]), Double.parseDouble(p[1])));
        }
    }

    /** Pixel (0, 0) of every member at every save: [member][save]. */
    private static final class Pixel implements Observer {
        final double[][] x;
        final int d;

        Pixel(int members, int saves, int d) {
            x = new double[members][saves];
            this.d = d;
        }

        @Override
        public void observe(long saveIndex, double time, double[] states, int members) {
            for (int m = 0; m < members; m++) x[m][(int) saveIndex] = states[m * d];
        }
    }

    static String mixing(int n, double noiseScale) {
        AllenCahnSystem system = new AllenCahnSystem();
        Model model = system.model(n, noiseScale);
        IntegratorSpec spec = new IntegratorSpec(Scheme.RK4_EM, 1.0 / STEPS_PER_UNIT);
        Pixel pixel = new Pixel(MEMBERS, UNITS, model.dimension());
        long t0 = System.nanoTime();
        Simulation.of(model).scheme(Scheme.RK4_EM).dt(1.0 / STEPS_PER_UNIT).members(MEMBERS).spinUpSteps((long) SPINUP * STEPS_PER_UNIT)
                .saves(UNITS).saveEvery(STEPS_PER_UNIT).seed(SEED).backend(BackendKind.AUTO)
                .initial(system.initialCondition(model, spec)).observe(pixel).run();
        double seconds = (System.nanoTime() - t0) / 1e9;
        double[][] x = pixel.x;
        double mean = 0, switches = 0;
        for (double[] row : x) {
            for (int t = 0; t < UNITS; t++) {
                mean += row[t];
                if (t > 0 && Math.signum(row[t]) != Math.signum(row[t - 1])) switches++;
            }
        }
        mean /= (double) MEMBERS * UNITS;
        double var = 0, between = 0;
        for (double[] row : x) {
            double m = 0;
            for (double v : row) {
                var += (v - mean) * (v - mean);
                m += v;
            }
            m /= UNITS;
            between += (m - mean) * (m - mean);
        }
        var /= (double) MEMBERS * UNITS;
        between /= MEMBERS;
        double eps2 = ((AllenCahn) model).params().epsilon2();
        return String.format(Locale.ROOT,
                "{\"case\": \"mixing\", \"n\": %d, \"noise_scale\": %s, \"epsilon2\": %s, \"epsilon2_n2\": %s, \"members\": %d, "
                        + "\"spinup\": %d, \"units\": %d, \"dt\": %s, \"seed\": %d, \"switches_per_member_per_unit\": %s, \"c10\": %s, "
                        + "\"c50\": %s, \"between_member\": %s, \"seconds\": %.2f}",
                n, noiseScale, eps2, eps2 * n * n, MEMBERS, SPINUP, UNITS, 1.0 / STEPS_PER_UNIT, SEED,
                switches / (MEMBERS * (UNITS - 1.0)), autocorrelation(x, mean, var, 10), autocorrelation(x, mean, var, 50),
                between / var, seconds);
    }

    private static double autocorrelation(double[][] x, double mean, double var, int lag) {
        double s = 0;
        long count = 0;
        for (double[] row : x) {
            for (int t = 0; t + lag < row.length; t++, count++) s += (row[t] - mean) * (row[t + lag] - mean);
        }
        return s / count / var;
    }

    static String start(int n) {
        Model model = new AllenCahnSystem().model(n, 1);
        Grid grid = model.grid().orElseThrow();
        double[] states = new double[START_MEMBERS * grid.size()];
        InitialCondition.smoothedWhiteNoise(grid).fill(states, START_MEMBERS, 0, SEED);
        int over = 0;
        double worst = 0;
        for (int m = 0; m < START_MEMBERS; m++) {
            double max = 0;
            for (int i = m * grid.size(); i < (m + 1) * grid.size(); i++) max = Math.max(max, Math.abs(states[i]));
            if (max > 1) over++;
            worst = Math.max(worst, max);
        }
        // the same members from that start, without the reproduction's division by max |u|: where does RK4 + EM diverge?
        String diverged = "null";
        try {
            Simulation.of(model).scheme(Scheme.RK4_EM).dt(1.0 / STEPS_PER_UNIT).members(START_MEMBERS).spinUpSteps(0)
                    .saves(DIVERGENCE_UNITS).saveEvery(STEPS_PER_UNIT).seed(SEED).backend(BackendKind.AUTO)
                    .initial(InitialCondition.smoothedWhiteNoise(grid)).run();
        } catch (SimulationDivergedException e) {
            diverged = String.format(Locale.ROOT, "%s", (double) e.step() / STEPS_PER_UNIT);
        }
        return String.format(Locale.ROOT, "{\"case\": \"start\", \"n\": %d, \"members\": %d, \"seed\": %d, \"members_over_1\": %d, "
                + "\"largest_max_abs\": %s, \"units_run_unbounded\": %d, \"diverged_at_time\": %s}", n, START_MEMBERS, SEED, over, worst,
                DIVERGENCE_UNITS, diverged);
    }
}

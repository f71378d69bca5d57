package org.scorefdt.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.scorefdt.backend.Backend;
import org.scorefdt.backend.cpu.NativeCpuBackend;
import org.scorefdt.backend.java.JavaBackend;
import org.scorefdt.integrate.Integrator;
import org.scorefdt.integrate.IntegratorSpec;
import org.scorefdt.integrate.Precision;
import org.scorefdt.integrate.Scheme;
import org.scorefdt.model.DoubleWell;
import org.scorefdt.model.Lorenz96;
import org.scorefdt.model.Model;
import org.scorefdt.model.OuSpde;

/**
 * Integrator throughput, native CPU vs the Java reference, in member-steps per second.
 *
 * <p>One "op" is one member advanced by one step: {@link OperationsPerInvocation} is
 * members × steps-per-call, so JMH's ops/s is member-steps/s and {@code -prof gc}'s
 * {@code gc.alloc.rate.norm} is bytes allocated per member-step. Because that annotation is a
 * compile-time constant, the workloads are split into two families of fixed size, each with its own
 * {@link State} and its own {@code @Param workload}:
 * <ul>
 *   <li>{@link #ou32}: OU SPDE on 32×32 (d = 1024), {@value #OU_MEMBERS} members ×
 *       {@value #OU_STEPS} steps per call; workload {@code ou32-exact} (EXACT_OU, dt = 1) or
 *       {@code ou32-em} (EULER_MARUYAMA, dt = 0.1);</li>
 *   <li>{@link #lowdim}: {@value #LOWDIM_MEMBERS} members × {@value #LOWDIM_STEPS} steps per call;
 *       workload {@code l96-rk4} (Lorenz-96, d = 40, RK4_EM, dt = 0.01) or {@code dw-em}
 *       (double well, d = 1, σ = 0.7, EULER_MARUYAMA, dt = 0.01).</li>
 * </ul>
 * The numpy/torch peers in {@code bench/peers/} run the same sizes; {@code bench/run.sh} runs all
 * and prints the ratios. The step counter keeps growing across invocations (the RNG is keyed by
 * the global step), so no call repeats the noise of an earlier one. Every call includes the
 * backend's per-call work (for the native tier: copying the state block in and out, FFTW plan
 * creation, and for OU the forward/inverse FFT of each member's field), amortised over the
 * steps of the call, as in production use by the ensemble driver.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"})
public class IntegratorBenchmark {

    public static final int OU_MEMBERS = 64;
    public static final int OU_STEPS = 10;
    public static final int LOWDIM_MEMBERS = 4096;
    public static final int LOWDIM_STEPS = 100;

    /** Everything a run needs; the JMH states below only add their parameters. */
    abstract static class Run {
        Backend backend;
        Integrator integrator;
        double[] states;
        int members;
        int steps;
        long step;

        void open(String backendName, String workload, int threads, int members, int steps) {
            this.members = members;
            this.steps = steps;
            Model model;
            IntegratorSpec spec;
            switch (workload) {
                case "ou32-exact" -> {
                    model = new OuSpde(OuSpde.Params.paper(32));
                    spec = new IntegratorSpec(Scheme.EXACT_OU, 1.0);
                }
                case "ou32-em" -> {
                    model = new OuSpde(OuSpde.Params.paper(32));
                    spec = new IntegratorSpec(Scheme.EULER_MARUYAMA, 0.1);
                }
                case "l96-rk4" -> {
                    model = Lorenz96.standard();
                    spec = new IntegratorSpec(Scheme.RK4_EM, 0.01);
                }
                case "dw-em" -> {
                    model = new DoubleWell(1, 0.7);
                    spec = new IntegratorSpec(Scheme.EULER_MARUYAMA, 0.01);
                }
                default -> throw new IllegalArgumentException("unknown workload " + workload);
            }
            backend = switch (backendName) {
                case "java" -> new JavaBackend();
                case "cpu" -> NativeCpuBackend.open();
                default -> throw new IllegalArgumentException("unknown backend " + backendName + " (java, cpu)");
            };
            integrator = backend.integrator(model, spec, Precision.F64, 20240611L, threads);
            int d = integrator.dimension();
            states = new double[members * d];
            // Start on (or near) the attractor so the arithmetic is representative: Lorenz-96 at
            // F plus a small perturbation, the double well in either well, OU at small noise.
            SplittableRandom r = new SplittableRandom(7);
            for (int i = 0; i < states.length; i++) {
                states[i] = switch (workload) {
                    case "l96-rk4" -> 8.0 + 0.01 * r.nextDouble(-1, 1);
                    case "dw-em" -> r.nextBoolean() ? 1.0 : -1.0;
                    default -> 0.1 * r.nextDouble(-1, 1);
                };
            }
            step = 0;
            // One call outside the measurement: plans, thread pools, lazily loaded classes.
            advance();
        }

        final double advance() {
            integrator.advance(states, members, 0L, step, steps);
            step += steps;
            return states[0];
        }

        void close() {
            if (integrator != null) integrator.close();
            if (backend != null) backend.close();
            integrator = null;
            backend = null;
        }
    }

    @State(Scope.Benchmark)
    public static class OuRun extends Run {
        @Param({"cpu", "java"})
        public String backend;

        @Param({"ou32-exact", "ou32-em"})
        public String workload;

        @Param({"1", "2"})
        public int threads;

        @Setup(Level.Trial)
        public void setUp() {
            open(backend, workload, threads, OU_MEMBERS, OU_STEPS);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            close();
        }
    }

    @State(Scope.Benchmark)
    public static class LowDimRun extends Run {
        @Param({"cpu", "java"})
        public String backend;

        @Param({"l96-rk4", "dw-em"})
        public String workload;

        @Param({"1", "2"})
        public int threads;

        @Setup(Level.Trial)
        public void setUp() {
            open(backend, workload, threads, LOWDIM_MEMBERS, LOWDIM_STEPS);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            close();
        }
    }

    /** OU SPDE 32×32: ops/s = member-steps/s. */
    @Benchmark
    @OperationsPerInvocation(OU_MEMBERS * OU_STEPS)
    public double ou32(OuRun run) {
        return run.advance();
    }

    /** Lorenz-96 / double well: ops/s = member-steps/s. */
    @Benchmark
    @OperationsPerInvocation(LOWDIM_MEMBERS * LOWDIM_STEPS)
    public double lowdim(LowDimRun run) {
        return run.advance();
    }
}

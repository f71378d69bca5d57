package org.scorefdt.backend.parity;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.stream.Stream;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.scorefdt.backend.Backend;
import org.scorefdt.backend.java.JavaBackend;
import org.scorefdt.integrate.Integrator;
import org.scorefdt.integrate.IntegratorSpec;
import org.scorefdt.integrate.PairedIntegrator;
import org.scorefdt.integrate.Precision;
import org.scorefdt.integrate.Scheme;
import org.scorefdt.model.Model;
import org.scorefdt.testing.NativeTier;

/**
 * One integrator parity suite for every tier (the tier is each case's first argument): every
 * built-in model the tiers run, F64 and F32, against the Java reference's F64 run of the same case,
 * members from global offset 1000 on awkward counts (1, 31, 33, 255, 257, and 4097 where cheap; fewer on the
 * expensive grids),
 * odd dimensions where the model has them (double well d = 1, 3; Lorenz-96 d = 7), each run split over
 * two advance calls. Bounds: {@link Parity#assertAgrees} (bitwise for low-dimensional F64, the
 * tier-specific tests' stated bounds elsewhere). The paired integrator, where the tier offers one,
 * must equal two advance calls bit for bit (PairedIntegrator's contract) and the reference as
 * advance does. Subclasses name the tier: {@link IntegratorParityTest} (cpu),
 * {@link IntegratorParityGpuTest} (cuda, tagged gpu).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class IntegratorParity {
    private static final Backend JAVA = new JavaBackend();

    /** The tier under test. */
    abstract ParityTier tier();

    Stream<Arguments> lowDimensional() {
        Stream.Builder<Arguments> b = Stream.builder();
        for (String name : new String[] {"dw1", "dw3", "l96", "l96odd"}) {
            for (Scheme s : new Scheme[] {Scheme.EULER_MARUYAMA, Scheme.HEUN, Scheme.RK4_EM}) {
                for (Precision p : Precision.values()) {
                    for (int members : Parity.MEMBERS) b.add(Arguments.of(tier(), name, s, p, members));
                    if (s == Scheme.RK4_EM) b.add(Arguments.of(tier(), name, s, p, 4097));  // several teams, a partial last block
                }
            }
        }
        return b.build();
    }

    /** tier, model, scheme, precision, members, steps. */
    Stream<Arguments> spectral() {
        Stream.Builder<Arguments> b = Stream.builder();
        for (int members : Parity.MEMBERS) b.add(Arguments.of(tier(), "ou8", Scheme.EXACT_OU, Precision.F64, members, 30));
        for (int members : new int[] {1, 31, 33, 257}) b.add(Arguments.of(tier(), "ou32", Scheme.EXACT_OU, Precision.F64, members, 30));
        for (int members : new int[] {1, 33}) {
            b.add(Arguments.of(tier(), "ou8", Scheme.EXACT_OU, Precision.F32, members, 20));
            b.add(Arguments.of(tier(), "ou32", Scheme.EXACT_OU, Precision.F32, members, 20));
            b.add(Arguments.of(tier(), "ou6", Scheme.HEUN, Precision.F64, members, 30));  // a grid that is no power of two
        }
        b.add(Arguments.of(tier(), "ou8", Scheme.EULER_MARUYAMA, Precision.F64, 1, 30));
        b.add(Arguments.of(tier(), "ou8", Scheme.EULER_MARUYAMA, Precision.F64, 33, 30));
        b.add(Arguments.of(tier(), "ou8", Scheme.HEUN, Precision.F64, 31, 30));
        b.add(Arguments.of(tier(), "ou8", Scheme.HEUN, Precision.F64, 257, 30));
        b.add(Arguments.of(tier(), "ou8", Scheme.RK4_EM, Precision.F64, 1, 30));
        b.add(Arguments.of(tier(), "ou8", Scheme.RK4_EM, Precision.F64, 255, 30));
        b.add(Arguments.of(tier(), "ou32", Scheme.HEUN, Precision.F64, 257, 30));
        b.add(Arguments.of(tier(), "ou32", Scheme.RK4_EM, Precision.F64, 4097, 6));
        return b.build();
    }

    /** tier, model, scheme, precision, members, steps. */
    Stream<Arguments> allenCahn() {
        Stream.Builder<Arguments> b = Stream.builder();
        for (Scheme s : new Scheme[] {Scheme.RK4_EM, Scheme.ETD1, Scheme.ETD2}) {
            for (int members : Parity.MEMBERS) b.add(Arguments.of(tier(), "ac8", s, Precision.F64, members, 40));
            for (int members : new int[] {1, 33, 257}) b.add(Arguments.of(tier(), "ac16", s, Precision.F64, members, 40));
            for (int members : new int[] {1, 33}) b.add(Arguments.of(tier(), "ac16", s, Precision.F32, members, 40));
        }
        // 64×64 (CudaAllenCahnParityTest, CpuReferenceBoundsTest): 257 members over 10 steps, one member over 40
        b.add(Arguments.of(tier(), "ac64", Scheme.RK4_EM, Precision.F64, 257, 10));
        b.add(Arguments.of(tier(), "ac64", Scheme.ETD2, Precision.F64, 257, 10));
        b.add(Arguments.of(tier(), "ac64", Scheme.ETD1, Precision.F64, 1, 40));
        return b.build();
    }

    Stream<Arguments> navierStokes() {
        Stream.Builder<Arguments> b = Stream.builder();
        for (int members : new int[] {1, 255}) b.add(Arguments.of(tier(), "ns8", Precision.F64, members));
        for (int members : new int[] {1, 33, 257}) b.add(Arguments.of(tier(), "ns16", Precision.F64, members));
        for (int members : new int[] {1, 31}) b.add(Arguments.of(tier(), "ns16skew", Precision.F64, members));
        for (int members : new int[] {1, 33}) b.add(Arguments.of(tier(), "ns32", Precision.F64, members));
        for (int members : new int[] {1, 33}) b.add(Arguments.of(tier(), "ns16", Precision.F32, members));
        // 64×64 × 257: ~15 s of Java reference, so only where a GPU is under test
        if (tier() == ParityTier.CUDA) b.add(Arguments.of(tier(), "ns64", Precision.F64, 257));
        return b.build();
    }

    Stream<Arguments> paired() {
        Stream.Builder<Arguments> b = Stream.builder();
        Object[][] cases = {{"dw3", Scheme.RK4_EM}, {"l96", Scheme.RK4_EM}, {"l96odd", Scheme.HEUN}, {"ou8", Scheme.EXACT_OU},
            {"ac8", Scheme.ETD2}, {"ns8", Scheme.RK4_EM}};
        for (Object[] c : cases) {
            for (Precision p : Precision.values()) {
                for (int members : new int[] {1, 33, 257}) b.add(Arguments.of(tier(), c[0], c[1], p, members));
            }
        }
        return b.build();
    }

    /** Low-dimensional F64 bitwise; F32 within float rounding of the F64 reference and, on CUDA, bitwise the native F32. */
    @ParameterizedTest(name = "{0} {1} {2} {3} members={4}")
    @MethodSource("lowDimensional")
    void lowDimensional(ParityTier tier, String name, Scheme scheme, Precision p, int members) {
        double[] got = check(tier, name, scheme, p, members, 40);
        if (tier == ParityTier.CUDA && p == Precision.F32 && NativeTier.present()) {
            // Same bodies, same IEEE float operations, --fmad=false (CudaIntegratorParityTest).
            Parity.assertBitwise(Parity.run(NativeTier.require(), Parity.model(name), scheme, p, members, 40), got,
                    name + " " + scheme + " F32 cuda vs native");
        }
    }

    @ParameterizedTest(name = "{0} {1} {2} {3} members={4} steps={5}")
    @MethodSource("spectral")
    void ouSpectral(ParityTier tier, String name, Scheme scheme, Precision p, int members, int steps) {
        check(tier, name, scheme, p, members, steps);
    }

    @ParameterizedTest(name = "{0} {1} {2} {3} members={4} steps={5}")
    @MethodSource("allenCahn")
    void allenCahn(ParityTier tier, String name, Scheme scheme, Precision p, int members, int steps) {
        check(tier, name, scheme, p, members, steps);
    }

    @ParameterizedTest(name = "{0} {1} rk4-em {2} members={3}")
    @MethodSource("navierStokes")
    void navierStokes(ParityTier tier, String name, Precision p, int members) {
        check(tier, name, Scheme.RK4_EM, p, members, 16);
    }

    /**
     * advancePair equals two advance calls bit for bit (the same member offset and steps draw the same
     * noise), and both copies agree with the Java reference as plain runs do.
     */
    @ParameterizedTest(name = "{0} {1} {2} {3} members={4}")
    @MethodSource("paired")
    void paired(ParityTier tier, String name, Scheme scheme, Precision p, int members) {
        Backend b = tier.require();
        Model m = Parity.model(name);
        tier.skipIfEmulatedAndAbove(members, m.dimension(), Parity.family(m) == Parity.Family.LOW_DIM);
        int d = m.dimension(), steps = 6, first = 2;
        double[] x0 = Parity.start(m, members), xd0 = x0.clone();
        int cell = Math.min(5, m.observedDimension() - 1);
        for (int r = 0; r < members; r++) {
            xd0[r * d + cell] += 0.25;
            if (d > m.observedDimension()) xd0[r * d + m.observedDimension() + 1] += 0.5;  // a hidden phase
        }
        IntegratorSpec spec = new IntegratorSpec(scheme, Parity.dt(m, scheme));
        String what = tier + " " + name + " " + scheme + " " + p + " members=" + members;
        double[] x = x0.clone(), xd = xd0.clone(), px = x0.clone(), pxd = xd0.clone();
        try (Integrator in = b.integrator(m, spec, p, Parity.SEED, 2)) {
            // The table: every CUDA integrator is paired; the host tiers run pairs as two advance calls.
            if (tier == ParityTier.CUDA) {
                assertTrue(in instanceof PairedIntegrator, what + ": the CUDA tier must offer a paired integrator");
            }
            assumeTrue(in instanceof PairedIntegrator, () -> tier + " offers no paired integrator for " + m.name() + " " + scheme
                    + " (" + in.getClass().getSimpleName() + "): PerturbedEnsemble runs its pairs as two advance calls there");
            PairedIntegrator pi = (PairedIntegrator) in;
            for (double[] s : new double[][] {x, xd}) {
                in.advance(s, members, Parity.OFFSET, 0, first);
                in.advance(s, members, Parity.OFFSET, first, steps - first);
            }
            pi.advancePair(px, pxd, members, Parity.OFFSET, 0, first);
            pi.advancePair(px, pxd, members, Parity.OFFSET, first, steps - first);
        }
        Parity.assertBitwise(x, px, what + ": advancePair, states vs advance");
        Parity.assertBitwise(xd, pxd, what + ": advancePair, perturbed vs advance");
        assertTrue(Parity.maxDiff(x, xd) > 0, what + ": the kick must survive");
        double[] ref = x0.clone(), refd = xd0.clone();
        try (Integrator in = JAVA.integrator(m, new IntegratorSpec(scheme, Parity.dt(m, scheme)), Precision.F64, Parity.SEED, 1)) {
            for (double[] s : new double[][] {ref, refd}) {
                in.advance(s, members, Parity.OFFSET, 0, first);
                in.advance(s, members, Parity.OFFSET, first, steps - first);
            }
        }
        Parity.assertAgrees(m, p, steps, ref, px, what + ": paired states vs java");
        Parity.assertAgrees(m, p, steps, refd, pxd, what + ": paired perturbed vs java");
    }

    /** Runs the case on the tier and the Java reference (F64) and compares; returns the tier's states. */
    private double[] check(ParityTier tier, String name, Scheme scheme, Precision p, int members, int steps) {
        Backend b = tier.require();
        Model m = Parity.model(name);
        tier.skipIfEmulatedAndAbove(members, m.dimension(), Parity.family(m) == Parity.Family.LOW_DIM);
        IntegratorSpec spec = new IntegratorSpec(scheme, Parity.dt(m, scheme));
        assertTrue(b.unsupported(m, spec, p).isEmpty(), () -> tier + " must run " + name + " " + scheme + " " + p + ": "
                + b.unsupported(m, spec, p).orElse(""));
        double[] got = Parity.run(b, m, scheme, p, members, steps);
        double[] ref = Parity.run(JAVA, m, scheme, Precision.F64, members, steps);
        assertTrue(Parity.maxDiff(ref, Parity.start(m, members)) > 0, "the run must move the state");
        Parity.assertAgrees(m, p, steps, ref, got, tier + " " + name + " " + scheme + " " + p + " members=" + members);
        return got;
    }
}

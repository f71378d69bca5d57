package org.scorefdt.backend.parity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.scorefdt.backend.Backend;
import org.scorefdt.integrate.Integrator;
import org.scorefdt.integrate.IntegratorSpec;
import org.scorefdt.integrate.Precision;
import org.scorefdt.integrate.Scheme;
import org.scorefdt.model.AllenCahn;
import org.scorefdt.model.DoubleWell;
import org.scorefdt.model.InitialCondition;
import org.scorefdt.model.Lorenz96;
import org.scorefdt.model.Model;
import org.scorefdt.model.NavierStokes2d;
import org.scorefdt.model.OuSpde;

/**
 * The models, start states, runs and bounds shared by the parity suite. Every bound is the one the
 * tier-specific tests state (and derive) for the same comparison; none is loosened here.
 */
final class Parity {
    static final long SEED = 0x5eedL;
    /** Row 0's global member index: the noise keys are not those of member 0. */
    static final long OFFSET = 1000;
    /** The member counts of every case: one member, and counts either side of 32 and 256 (partial blocks, teams). */
    static final int[] MEMBERS = {1, 31, 33, 255, 257};

    private Parity() {}

    /** Which comparison a model's runs get. */
    enum Family { LOW_DIM, SPECTRAL, ALLEN_CAHN, NAVIER_STOKES }

    /** A built-in model by short name. */
    static Model model(String name) {
        return switch (name) {
            case "dw1" -> new DoubleWell(1, 0.5);
            case "dw3" -> new DoubleWell(3, 0.7);
            case "l96" -> Lorenz96.standard();
            case "l96odd" -> new Lorenz96(7, 8.0, 0.5);
            case "l96odd41" -> new Lorenz96(41, 8.0, 0.5);
            case "ou6" -> new OuSpde(new OuSpde.Params(6, 0.04, 2.5e-4, 0.02, 4e-3, OuSpde.NoiseScaling.GRID));
            case "ou8" -> new OuSpde(new OuSpde.Params(8, 0.5, 0.01, 0.2, 4e-3, OuSpde.NoiseScaling.GRID));
            case "ou32" -> new OuSpde(new OuSpde.Params(32, 0.04, 2.5e-4, 0.02, 4e-3, OuSpde.NoiseScaling.GRID));
            case "ac8" -> new AllenCahn(AllenCahn.Params.paper(8));
            case "ac16" -> new AllenCahn(AllenCahn.Params.paper(16));
            case "ac64" -> new AllenCahn(AllenCahn.Params.paper(64));
            case "ns8" -> NavierStokes2d.paper(8);
            case "ns16" -> NavierStokes2d.paper(16);
            case "ns16skew" -> new NavierStokes2d(NavierStokes2d.Params.paper(16).withDealias(false));
            case "ns32" -> NavierStokes2d.paper(32);
            case "ns64" -> NavierStokes2d.paper(64);
            default -> throw new IllegalArgumentException(name);
        };
    }

    static Family family(Model m) {
        if (m instanceof AllenCahn) return Family.ALLEN_CAHN;
        if (m instanceof NavierStokes2d) return Family.NAVIER_STOKES;
        if (m instanceof OuSpde) return Family.SPECTRAL;
        return Family.LOW_DIM;
    }

    /** The time step the tier-specific tests use for the model and scheme. */
    static double dt(Model m, Scheme s) {
        return switch (family(m)) {
            case LOW_DIM -> 0.01;
            case SPECTRAL -> s == Scheme.EXACT_OU ? 1.0 : s == Scheme.EULER_MARUYAMA ? 0.1 : 0.5;
            case ALLEN_CAHN -> 1.0 / 32;
            case NAVIER_STOKES -> 1.0 / 128;
        };
    }

    /** The start of every member (the same on every tier): smooth, bounded, different per member. */
    static double[] start(Model m, int members) {
        double[] x = new double[members * m.dimension()];
        switch (family(m)) {
            case ALLEN_CAHN -> InitialCondition.boundedSmoothedWhiteNoise(((AllenCahn) m).spectralGrid()).fill(x, members, OFFSET, 3L);
            case NAVIER_STOKES -> ((NavierStokes2d) m).initialCondition().fill(x, members, OFFSET, 21);
            default -> {
                for (int i = 0; i < x.length; i++) x[i] = 0.3 * Math.sin(0.7 * i + 0.1);
            }
        }
        return x;
    }

    /** {@code steps} steps from {@link #start}, in two advance calls (chunking in steps must not matter). */
    static double[] run(Backend b, Model m, Scheme s, Precision p, int members, int steps) {
        double[] x = start(m, members);
        int threads = b.kind() == org.scorefdt.backend.BackendKind.JAVA ? 1 : 2;
        try (Integrator in = b.integrator(m, new IntegratorSpec(s, dt(m, s)), p, SEED, threads)) {
            in.advance(x, members, OFFSET, 0, steps / 2);
            in.advance(x, members, OFFSET, steps / 2, steps - steps / 2);
        }
        return x;
    }

    /**
     * A tier's run against the Java reference's F64 run of the same case, within the bound the
     * tier-specific tests state for the model family and precision.
     *
     * @param ref the Java tier's F64 run
     * @param got the tier's run in precision {@code p}
     */
    static void assertAgrees(Model m, Precision p, int steps, double[] ref, double[] got, String what) {
        assertEquals(ref.length, got.length, what);
        switch (family(m)) {
            case LOW_DIM -> {
                if (p == Precision.F64) {
                    // Same IEEE operations in the same order, no FMA contraction (-ffp-contract=off, --fmad=false).
                    assertBitwise(ref, got, what);
                } else {
                    // Float ε 6e-8 per step, ×4 for the stages and Lorenz-96's growth (λ_max ≈ 1.7) over t ≤ 0.4.
                    double tol = 6e-8 * steps * 4 * Math.max(1, maxAbs(ref)), diff = maxDiff(ref, got);
                    assertTrue(diff <= tol && diff > 0, what + ": max |f64 java − f32| = " + diff + " (bound " + tol + ", > 0 for float)");
                }
            }
            case SPECTRAL -> {
                double scale = maxAbs(ref), diff = maxDiff(ref, got);
                int n = m.grid().orElseThrow().n();
                // F64: O(ε·log₂N²) relative rounding per transform, ≤ 2 transforms per step plus a pair per
                // call, ε = 2.2e-16: far inside 1e-12. F32: 8×8, float ε per step ×4 for the stages; 32×32,
                // float ε times ~log₂N² = 10 roundings per transform, 2 per step, 20 steps (< 3e-5).
                double tol = p == Precision.F64 ? 1e-12 * scale : n <= 8 ? 6e-8 * steps * 4 * Math.max(1, scale) : 3e-5 * scale;
                assertTrue(diff <= tol, what + ": max |java − tier| = " + diff + " > " + tol + " (scale " + scale + ")");
                if (p == Precision.F32) assertTrue(diff > 0, what + ": F32 must really compute in float");
            }
            case ALLEN_CAHN -> {
                double scale = maxAbs(ref), diff = maxDiff(ref, got);
                // F64: FFT rounding, not amplified by the dissipative dynamics (AllenCahnNativeParityTest,
                // CudaAllenCahnParityTest). F32 (16×16): float ε times the FFT depth log₂256 = 8 per step.
                double tol = p == Precision.F64 ? 1e-12 * scale : steps * 8 * 6e-8 * scale;
                assertTrue(diff <= tol, what + ": max |java − tier| = " + diff + " > " + tol + " (scale " + scale + ")");
                if (p == Precision.F32) assertTrue(diff > 0, what + ": F32 must really compute in float");
            }
            case NAVIER_STOKES -> {
                NavierStokes2d ns = (NavierStokes2d) m;
                int d = ns.dimension(), size = ns.observedDimension(), members = ref.length / d;
                double scale = 0, err = 0, phase = 0;
                for (int r = 0; r < members; r++) {
                    for (int i = 0; i < size; i++) {
                        scale = Math.max(scale, Math.abs(ref[r * d + i]));
                        err = Math.max(err, Math.abs(ref[r * d + i] - got[r * d + i]));
                    }
                    for (int j = size; j < d; j++) {
                        if (p == Precision.F64 && Double.doubleToRawLongBits(ref[r * d + j]) != Double.doubleToRawLongBits(got[r * d + j])) {
                            throw new AssertionError(what + ": phase " + (j - size) + " of member " + r + ": java " + ref[r * d + j]
                                    + ", tier " + got[r * d + j] + " (phases see only the shared normals: bitwise)");
                        }
                        phase = Math.max(phase, Math.abs(ref[r * d + j] - got[r * d + j]));
                    }
                }
                assertTrue(scale > 0.1, what + ": non-trivial field: " + scale);
                if (p == Precision.F64) {
                    // ≤ 9 transforms per drift, 4 drifts per step, 16 steps of O(ε·log₂N²) each: inside 1e-12.
                    assertTrue(err <= 1e-12 * scale, what + ": vorticity java vs tier " + err + " (max|ζ| " + scale + ")");
                } else {
                    // Float rounding (6e-8) of 16×16 fields over 16 dissipative steps: inside 1e-5.
                    assertTrue(err < 1e-5 * scale && err > 0, what + ": F32 vorticity vs F64 java: " + err + " (scale " + scale + ")");
                    assertTrue(phase < 1e-5, what + ": F32 phases vs F64 java: " + phase);
                }
            }
        }
    }

    static void assertBitwise(double[] want, double[] got, String what) {
        assertEquals(want.length, got.length, what);
        for (int i = 0; i < want.length; i++) {
            if (Double.doubleToRawLongBits(want[i]) != Double.doubleToRawLongBits(got[i])) {
                throw new AssertionError(what + ": first difference at element " + i + ": want " + want[i] + ", got " + got[i]
                        + " (" + Math.abs(want[i] - got[i]) / Math.ulp(want[i]) + " ulp; bound 0)");
            }
        }
    }

    static double maxAbs(double[] a) {
        double m = 0;
        for (double v : a) m = Math.max(m, Math.abs(v));
        return m;
    }

    static double maxDiff(double[] a, double[] b) {
        double m = 0;
        for (int i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
        return m;
    }
}

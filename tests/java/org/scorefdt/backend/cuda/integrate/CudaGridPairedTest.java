package org.scorefdt.backend.cuda.integrate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.scorefdt.backend.cuda.integrate.CudaIntegratorParityTest.assertBitwise;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.scorefdt.backend.Backend;
import org.scorefdt.ensemble.EnsembleSpec;
import org.scorefdt.model.InitialCondition;
import org.scorefdt.integrate.Integrator;
import org.scorefdt.integrate.IntegratorSpec;
import org.scorefdt.integrate.PairedIntegrator;
import org.scorefdt.integrate.Precision;
import org.scorefdt.integrate.Scheme;
import org.scorefdt.model.AllenCahn;
import org.scorefdt.model.Model;
import org.scorefdt.model.NavierStokes2d;
import org.scorefdt.model.OuSpde;
import org.scorefdt.response.PerturbedEnsemble;
import org.scorefdt.response.ResponseEstimate;
import org.scorefdt.testing.CpuReference;
import org.scorefdt.testing.CudaTier;
import org.scorefdt.backend.cuda.CudaBackend;
import org.scorefdt.backend.cuda.runtime.CudaDevice;
import org.scorefdt.backend.cuda.runtime.DeviceBuffer;
import org.scorefdt.backend.cuda.runtime.Dtype;

/**
 * GPU-only: the grid integrators' paired and device-resident entries (spectral, Allen–Cahn,
 * Navier–Stokes). {@code advancePair} must equal two {@code advance} calls with the same member offset
 * and steps bit for bit (PairedIntegrator's contract), {@code advanceDevice} must equal
 * {@code advance} and {@code advancePairDevice} {@code advancePair}, bit for bit, in F64 and F32, on
 * member counts that leave a partial block (1, 33, 257). One integrator serves every path of a case,
 * so the buffers' growth from one copy to two and their reuse are exercised too. Skipped with the
 * cause where no GPU is ({@code FakeDriverTest} runs the small cases on the fake driver and cuFFT).
 */
@Tag("gpu")
public class CudaGridPairedTest {
    private static final long SEED = 0x9a1dL;
    private static final long OFFSET = 1000;

    public static Model model(String name) {
        return switch (name) {
            case "ou8" -> new OuSpde(new OuSpde.Params(8, 0.5, 0.01, 0.2, 4e-3, OuSpde.NoiseScaling.GRID));
            case "ac8" -> new AllenCahn(AllenCahn.Params.paper(8));
            case "ac16" -> new AllenCahn(AllenCahn.Params.paper(16));
            case "ns8" -> NavierStokes2d.paper(8);
            case "ns16" -> NavierStokes2d.paper(16);
            case "ns16skew" -> new NavierStokes2d(NavierStokes2d.Params.paper(16).withDealias(false));
            default -> throw new IllegalArgumentException(name);
        };
    }

    public static double dt(Model m) {
        return m instanceof NavierStokes2d ? 1.0 / 128 : m instanceof AllenCahn ? 1.0 / 32 : 0.5;
    }

    public static InitialCondition initial(Model m) {
        if (m instanceof NavierStokes2d ns) return ns.initialCondition();
        // Bounded, different per member (smoothedWhiteNoise divides by the field's maximum, which on an 8×8
        // grid can be tiny for some members and blow Allen–Cahn up).
        int d = m.dimension();
        return (states, members, offset, seed) -> {
            for (int r = 0; r < members; r++) {
                for (int i = 0; i < d; i++) states[r * d + i] = 0.6 * Math.sin(0.37 * i + 0.3 * (offset + r) + seed) * Math.cos(0.11 * i);
            }
        };
    }

    /** Start states, and the copies kicked at one field cell and (Navier–Stokes) one phase. */
    static double[][] startPair(Model m, int members) {
        int d = m.dimension();
        double[] x = new double[members * d];
        initial(m).fill(x, members, OFFSET, 7);
        double[] xd = x.clone();
        for (int r = 0; r < members; r++) {
            xd[r * d + 5] += 0.25;
            if (d > m.observedDimension()) xd[r * d + m.observedDimension() + 1] += 0.5;  // a hidden phase
        }
        return new double[][] {x, xd};
    }

    private static DeviceBuffer upload(CudaDevice dev, double[] v, Precision p) {
        DeviceBuffer b = DeviceBuffer.allocate(dev, Dtype.of(p), v.length);
        b.copyFrom(v);
        return b;
    }

    @ParameterizedTest(name = "{0} {1} {2} members={3}")
    @CsvSource({
        "ou8, EXACT_OU, F64, 1", "ou8, EULER_MARUYAMA, F32, 33", "ou8, HEUN, F64, 257",
        "ac8, RK4_EM, F64, 33", "ac8, ETD1, F32, 1", "ac8, ETD2, F64, 257", "ac16, ETD2, F32, 33", "ac8, RK4_EM, F32, 257",
        "ns8, RK4_EM, F64, 33", "ns16skew, RK4_EM, F32, 1", "ns16, RK4_EM, F64, 1", "ns8, RK4_EM, F32, 257",
        "ns16, RK4_EM, F64, 257", "ac16, RK4_EM, F64, 257"})
    void pairedAndDeviceEntriesEqualTwoHostRunsBitwise(String name, Scheme scheme, Precision p, int members) {
        CudaBackend cuda = CudaTier.require();
        Model m = model(name);
        int steps = 6, first = 2;
        double[][] start = startPair(m, members);
        try (Integrator in = cuda.integrator(m, new IntegratorSpec(scheme, dt(m)), p, SEED, 0)) {
            DevicePairedIntegrator gpu = assertInstanceOf(DevicePairedIntegrator.class, in);
            // Reference: two advance calls per copy (same members, offset and steps: the same noise).
            double[] x = start[0].clone(), xd = start[1].clone();
            for (double[] s : new double[][] {x, xd}) {
                gpu.advance(s, members, OFFSET, 0, first);
                gpu.advance(s, members, OFFSET, first, steps - first);
            }
            double[] px = start[0].clone(), pxd = start[1].clone();
            gpu.advancePair(px, pxd, members, OFFSET, 0, first);
            gpu.advancePair(px, pxd, members, OFFSET, first, steps - first);
            String what = name + " " + scheme + " " + p + " members=" + members;
            assertBitwise(x, px, what + ": advancePair, states vs advance");
            assertBitwise(xd, pxd, what + ": advancePair, perturbed vs advance");
            assertTrue(CudaIntegratorParityTest.maxDiff(x, xd) > 0, "the kick must survive");
            assertTrue(CudaIntegratorParityTest.maxDiff(x, start[0]) > 0, "the run must move the state");

            CudaDevice dev = gpu.device();
            try (DeviceBuffer s = upload(dev, start[0], p); DeviceBuffer a = upload(dev, start[0], p);
                 DeviceBuffer b = upload(dev, start[1], p)) {
                gpu.advanceDevice(s, members, OFFSET, 0, first);
                gpu.advanceDevice(s, members, OFFSET, first, steps - first);
                assertBitwise(x, s.toArray(), what + ": advanceDevice vs advance");
                gpu.advancePairDevice(a, b, members, OFFSET, 0, first);
                gpu.advancePairDevice(a, b, members, OFFSET, first, steps - first);
                assertBitwise(px, a.toArray(), what + ": advancePairDevice, states vs advancePair");
                assertBitwise(pxd, b.toArray(), what + ": advancePairDevice, perturbed vs advancePair");
            }
        }
    }

    @Test
    void deviceEntriesRejectMismatchedBuffers() {
        CudaBackend cuda = CudaTier.require();
        for (String name : new String[] {"ou8", "ac8", "ns8"}) {
            Model m = model(name);
            int d = m.dimension();
            try (Integrator in = cuda.integrator(m, new IntegratorSpec(Scheme.RK4_EM, dt(m)), Precision.F64, SEED, 0);
                 DeviceBuffer f32 = DeviceBuffer.allocate(cuda.device(), Dtype.F32, 2L * d);
                 DeviceBuffer small = DeviceBuffer.allocate(cuda.device(), Dtype.F64, 2L * d - 1);
                 DeviceBuffer ok = DeviceBuffer.allocate(cuda.device(), Dtype.F64, 2L * d)) {
                DevicePairedIntegrator gpu = (DevicePairedIntegrator) in;
                assertThrows(IllegalArgumentException.class, () -> gpu.advanceDevice(f32, 2, 0, 0, 1), name);
                assertThrows(IllegalArgumentException.class, () -> gpu.advanceDevice(small, 2, 0, 0, 1), name);
                assertThrows(IllegalArgumentException.class, () -> gpu.advanceDevice(ok, 2, -1, 0, 1), name);
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                        () -> gpu.advancePairDevice(ok, small, 2, 0, 0, 1), name);
                assertTrue(e.getMessage().startsWith("perturbed"), e.getMessage());
                assertThrows(IllegalArgumentException.class, () -> gpu.advancePair(new double[2 * d], new double[d], 2, 0, 0, 1));
            }
        }
    }

    /** Device bytes per member and the chunk in use of a grid integrator (package-private hooks). */
    private static long bytesPerMember(Integrator in, int copies) {
        if (in instanceof CudaSpectralIntegrator sp) return sp.bytesPerMember(copies);
        if (in instanceof CudaSemiLinearIntegrator ac) return ac.bytesPerMember(copies);
        return ((CudaNavierStokesIntegrator) in).bytesPerMember(copies);
    }

    private static int chunkInUse(Integrator in) {
        if (in instanceof CudaSpectralIntegrator sp) return sp.chunkInUse();
        if (in instanceof CudaSemiLinearIntegrator ac) return ac.chunkInUse();
        return ((CudaNavierStokesIntegrator) in).chunkInUse();
    }

    /**
     * With the free memory cut to 8½ paired members, a pair runs in chunks of 8 and still equals two
     * runs (whose chunks are larger: each member's row is transformed alone, whatever the batch); with
     * room for no pair at all the error names device memory. On the emulated device only: a real
     * driver allocates in pages, which a ballast cannot size to a few members.
     */
    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"ou8, EXACT_OU", "ac8, ETD2", "ns8, RK4_EM"})
    void pairsRunInChunksUnderMemoryPressure(String name, Scheme scheme) {
        CudaBackend cuda = CudaTier.require();
        CudaDevice dev = cuda.device();
        assumeTrue(dev.name().startsWith("ScoreFDT emulated device"), "needs byte-exact device memory (the fake driver's), not " + dev.name());
        Model m = model(name);
        int members = 33;
        double[][] start = startPair(m, members);
        double[] x = start[0].clone(), xd = start[1].clone(), px = start[0].clone(), pxd = start[1].clone();
        try (Integrator in = cuda.integrator(m, new IntegratorSpec(scheme, dt(m)), Precision.F64, SEED, 0)) {
            PairedIntegrator gpu = (PairedIntegrator) in;
            long room = 17 * bytesPerMember(in, 2) / 2;
            try (DeviceBuffer ballast = DeviceBuffer.allocate(dev, Dtype.I32, (dev.freeBytes() - (long) Math.ceil(room / 0.9)) / 4)) {
                gpu.advancePair(px, pxd, members, OFFSET, 0, 4);
                assertEquals(8, chunkInUse(in), name + ": chunk of a pair under pressure");
                gpu.advance(x, members, OFFSET, 0, 4);
                assertTrue(chunkInUse(in) >= 8, name);
                gpu.advance(xd, members, OFFSET, 0, 4);
            }
        }
        assertBitwise(x, px, name + " chunked pair, states");
        assertBitwise(xd, pxd, name + " chunked pair, perturbed");

        try (Integrator in = cuda.integrator(m, new IntegratorSpec(scheme, dt(m)), Precision.F64, SEED, 0)) {
            long room = bytesPerMember(in, 2) / 2;
            try (DeviceBuffer ballast = DeviceBuffer.allocate(dev, Dtype.I32, (dev.freeBytes() - (long) Math.ceil(room / 0.9)) / 4)) {
                IllegalStateException e = assertThrows(IllegalStateException.class,
                        () -> ((PairedIntegrator) in).advancePair(start[0].clone(), start[1].clone(), members, OFFSET, 0, 1));
                assertTrue(e.getMessage().contains("device memory"), e.getMessage());
            }
        }
    }

    /**
     * A {@link PerturbedEnsemble} on the CUDA integrator (paired steps) against the CPU tier: the states
     * agree to the FFT libraries' rounding (≤ 1e-12 relative over these ≤ 16 steps, the parity tests'
     * bound), so the response, a difference of two states over δ, agrees to 2·1e-12·max|x|/δ.
     */
    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"ou8, EXACT_OU", "ac8, ETD2", "ac8, RK4_EM", "ns8, RK4_EM"})
    void perturbedEnsembleOnCudaAgreesWithTheCpuTier(String name, Scheme scheme) {
        Backend cuda = CudaTier.require();
        Backend cpu = CpuReference.require();   // native, or Java on the node: the bound is FFT rounding either way
        Model m = model(name);
        double delta = 0.25;
        EnsembleSpec es = new EnsembleSpec(5, 4, 7, 2, 13);
        PerturbedEnsemble.Impulse kick = new PerturbedEnsemble.Impulse(5, delta, 3, 3);
        ResponseEstimate ref, got;
        try (Integrator in = cpu.integrator(m, new IntegratorSpec(scheme, dt(m)), Precision.F64, SEED, 1)) {
            ref = new PerturbedEnsemble(in, es, initial(m), dt(m), kick, OFFSET, m.observedDimension()).run("cpu");
        }
        double scale;
        try (Integrator in = cuda.integrator(m, new IntegratorSpec(scheme, dt(m)), Precision.F64, SEED, 0)) {
            assertInstanceOf(PairedIntegrator.class, in);
            got = new PerturbedEnsemble(in, es, initial(m), dt(m), kick, OFFSET, m.observedDimension()).run("cuda", new double[0][], cuda).estimate();
            double[] x = new double[5 * m.dimension()];
            initial(m).fill(x, 5, OFFSET, 13);
            in.advance(x, 5, OFFSET, 0, 16);
            scale = CudaIntegratorParityTest.maxAbs(x);
        }
        assertArrayEquals(new long[] {ref.pairs()}, new long[] {got.pairs()});
        double bound = 2 * 1e-12 * scale / delta;
        double diff = CudaIntegratorParityTest.maxDiff(ref.mean(), got.mean());
        assertTrue(CudaIntegratorParityTest.maxAbs(ref.mean()) > 0.1, "a response of order one at the kicked cell");
        assertTrue(diff <= bound, name + " " + scheme + ": max |R_cpu − R_cuda| = " + diff + " > " + bound + ", " + CpuReference.name());
    }
}

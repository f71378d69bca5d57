package org.scorefdt.backend.cuda.score;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.scorefdt.integrate.Precision;
import org.scorefdt.rng.Philox;
import org.scorefdt.rng.Streams;
import org.scorefdt.score.QuasiGaussianScore;
import org.scorefdt.score.nn.Activation;
import org.scorefdt.score.nn.PeriodicCnn;
import org.scorefdt.testing.CudaTier;
import org.scorefdt.backend.cuda.runtime.CudaDevice;

/**
 * GPU-only: the periodic-CNN forward kernel (cnn.cu) against {@link PeriodicCnn}, and the batched
 * Gaussian score (cuBLAS) against {@link QuasiGaussianScore}. Skipped, with the cause, without a GPU.
 *
 * <p>CNN tolerance: each output is a sum of 9·C_in ≤ 9·16 = 144 products plus the bias, summed by
 * Java's im2col GEMM in another order: ≤ 2·144·ε·Σ|terms| ≈ 3·10⁻¹⁴·√144 relative per layer, CUDA
 * exp/tanh ≤ 2 ulp, three layers: 10⁻¹²·max|java| (F64); F32: (144 + 3)u·√144 ≈ 10⁻⁴ per layer,
 * 5·10⁻⁴ overall. Equivariance: every pixel runs the same operations, so a circular shift of the
 * input shifts the output bit for bit (0 ulp).
 *
 * <p>Gaussian tolerance: the explicit inverse against per-member triangular solves differ by
 * ≲ κ(C_ρ)·d·ε relative; for the covariance here (d = 20, 400 samples, κ ≲ 10) 10⁻¹²·max|s|.
 */
@Tag("gpu")
class CudaCnnAndGaussianTest {
    private CudaDevice device;

    @BeforeEach
    void open() {
        device = CudaTier.require().device();
    }

    private static double[] normals(int count, long member, long step) {
        double[] x = new double[count];
        Philox.normals(53, Streams.TRAINING, member, step, x, 0, count, new Philox.Scratch());
        return x;
    }

    private static void assertBlock(double[] got, double[] want, double tol, String what) {
        double diff = 0, scale = 0;
        for (int i = 0; i < want.length; i++) {
            diff = Math.max(diff, Math.abs(got[i] - want[i]));
            scale = Math.max(scale, Math.abs(want[i]));
        }
        assertTrue(diff <= tol * scale, what + ": max |gpu − java| = " + diff + " > " + tol + " × " + scale);
    }

    @ParameterizedTest(name = "N={0} batch={1} {2}")
    @CsvSource({"8, 3, SILU", "5, 7, TANH", "1, 2, SILU", "16, 4, TANH"})
    void cnnForwardMatchesJava(int n, int batch, Activation act) {
        int[] hidden = {16, 12};
        PeriodicCnn net = PeriodicCnn.initialised(n, 1, 1, hidden, 1, act, 5);
        double[] p = net.parameters(), jitter = normals(p.length, 1, 0);
        for (int i = 0; i < p.length; i++) p[i] += 0.2 * jitter[i];
        int inW = net.inputWidth(), outW = net.outputWidth();
        double[] in = normals(batch * inW, 2, n), want = new double[batch * outW], got = new double[batch * outW];
        net.forward(in, batch, want, net.workspace(batch));
        int id = act == Activation.SILU ? CudaMlp.SILU : CudaMlp.TANH;
        int[] ch = {2, 16, 12, 1};
        try (CudaCnn gpu = new CudaCnn(device, n, 1, 1, ch, id, Precision.F64, 1)) {
            gpu.setParameters(p);
            gpu.forward(in, batch, got);
            assertBlock(got, want, 1e-12, "F64 CNN output");
        }
        try (CudaCnn gpu = new CudaCnn(device, n, 1, 1, ch, id, Precision.F32, batch)) {
            gpu.setParameters(p);
            gpu.forward(in, batch, got);
            assertBlock(got, want, 5e-4, "F32 CNN output");
        }
    }

    @Test
    void cnnIsExactlyTranslationEquivariant() {
        int n = 12, sx = 5, sy = 3;
        int[] ch = {2, 8, 1};
        PeriodicCnn net = PeriodicCnn.initialised(n, 1, 1, new int[] {8}, 1, Activation.SILU, 9);
        double[] in = normals(n * n + 1, 3, 0), shifted = new double[n * n + 1];
        for (int y = 0; y < n; y++) for (int x = 0; x < n; x++) shifted[((y + sy) % n) * n + (x + sx) % n] = in[y * n + x];
        shifted[n * n] = in[n * n];
        double[] a = new double[n * n], b = new double[n * n];
        try (CudaCnn gpu = new CudaCnn(device, n, 1, 1, ch, CudaMlp.SILU, Precision.F64, 1)) {
            gpu.setParameters(net.parameters());
            gpu.forward(in, 1, a);
            gpu.forward(shifted, 1, b);
        }
        double[] aShifted = new double[n * n];
        for (int y = 0; y < n; y++) for (int x = 0; x < n; x++) aShifted[((y + sy) % n) * n + (x + sx) % n] = a[y * n + x];
        assertArrayEquals(aShifted, b, 0.0);
    }

    @Test
    void cnnRejectsBadShapes() {
        assertThrows(IllegalArgumentException.class, () -> new CudaCnn(device, 4, 1, 1, new int[] {3, 4, 1}, CudaMlp.SILU, Precision.F64, 1));
        assertThrows(IllegalArgumentException.class, () -> new CudaCnn(device, 0, 1, 0, new int[] {1, 1}, CudaMlp.SILU, Precision.F64, 1));
        try (CudaCnn gpu = new CudaCnn(device, 4, 1, 0, new int[] {1, 2, 1}, CudaMlp.TANH, Precision.F64, 1)) {
            assertThrows(IllegalArgumentException.class, () -> gpu.forward(new double[15], 1, new double[16]));
            assertThrows(IllegalArgumentException.class, () -> gpu.setParameters(new double[3]));
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"F64, 1e-12", "F32, 1e-4"})
    void gaussianScoreMatchesQuasiGaussian(Precision precision, double tol) {
        int d = 20, n = 400, members = 333;
        double[] samples = normals(n * d, 4, 0);
        for (int i = 0; i < samples.length; i++) samples[i] = 2 + samples[i] * (1 + (i % d) * 0.05);
        QuasiGaussianScore qg = QuasiGaussianScore.fit(samples, n, d, 1e-6);
        double[] x = normals(members * d, 5, 0), want = new double[members * d], got = new double[members * d];
        qg.score(x, want, members);
        try (CudaGaussianScore gpu = CudaGaussianScore.of(device, qg, precision)) {
            gpu.score(x, got, members);
            gpu.score(x, got, 0); // no-op
            assertThrows(IllegalArgumentException.class, () -> gpu.score(new double[5], new double[5], 1));
        }
        // F32: inputs, P and Pμ rounded once (u = 6·10⁻⁸), sums of d = 20 terms, κ ≲ 10: ≤ 10⁻⁴
        assertBlock(got, want, tol, precision + " Gaussian score");
    }
}

package org.scorefdt.backend.cuda.score;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.scorefdt.integrate.Precision;
import org.scorefdt.rng.Philox;
import org.scorefdt.rng.Streams;
import org.scorefdt.score.nn.Activation;
import org.scorefdt.score.nn.Mlp;
import org.scorefdt.testing.CudaTier;
import org.scorefdt.backend.cuda.runtime.CudaDevice;

/**
 * GPU-only: {@link CudaMlp} (cuBLAS path, fused kernel) against the Java reference {@link Mlp}.
 * Skipped, with the loader's cause, where no CUDA device is present.
 *
 * <p><b>F64 tolerance</b> (as NativeMlpTest): every product element is a sum of k terms summed in
 * another order (cuBLAS blocks and uses FMA; the fused kernel sums over k in order with FMA), each
 * differing by ≤ 2kε Σ|terms|, and CUDA's exp/tanh differ from fdlibm by ≤ 2 ulp; with k ≤ 257 and
 * Σ|terms| ≲ √k·max for these zero-mean operands, per block (output, ∂L/∂in, each layer's W and b
 * gradient) max |gpu − java| ≤ 10⁻¹²·max |java|.
 *
 * <p><b>F32 fused tolerance</b>: parameters and inputs rounded once to float (u = 2⁻²⁴), sums of
 * k ≤ 129 terms with one rounding per FMA, expf/tanhf ≤ 2 ulp: per layer ≤ (k + 3)u·√k ≈ 9·10⁻⁵
 * relative to the block's scale, through three layers with Lipschitz factors O(1): ≤ 5·10⁻⁴.
 */
@Tag("gpu")
class CudaMlpTest {
    private static final double PARITY = 1e-12, PARITY_F32 = 5e-4;
    private CudaDevice device;

    @BeforeEach
    void open() {
        device = CudaTier.require().device();
    }

    private static double[] random(int n, long member, long step) {
        double[] x = new double[n];
        Philox.normals(29, Streams.TRAINING, member, step, x, 0, n, new Philox.Scratch());
        return x;
    }

    private static Mlp network(int[] widths, Activation act) {
        Mlp net = Mlp.initialised(widths, act, 7);
        double[] p = net.parameters(), jitter = random(p.length, 1, 0);
        for (int i = 0; i < p.length; i++) p[i] += 0.3 * jitter[i]; // non-zero biases
        return net;
    }

    private static int id(Activation act) {
        return act == Activation.SILU ? CudaMlp.SILU : CudaMlp.TANH;
    }

    private static void assertBlock(double[] got, double[] want, int from, int to, double tol, String what) {
        double diff = 0, scale = 0;
        for (int i = from; i < to; i++) {
            diff = Math.max(diff, Math.abs(got[i] - want[i]));
            scale = Math.max(scale, Math.abs(want[i]));
        }
        assertTrue(diff <= tol * scale, what + ": max |gpu − java| = " + diff + " > " + tol + " × " + scale);
    }

    static Stream<Arguments> cases() {
        Stream.Builder<Arguments> b = Stream.builder();
        int[][] shapes = {{41, 64, 64, 40}, {8, 128, 128, 8}, {3, 17, 33, 2}, {5, 3}, {1, 1, 1}};
        for (int[] w : shapes) {
            for (int batch : new int[] {1, 31, 257}) {
                for (Activation a : Activation.values()) b.add(Arguments.of(w, batch, a));
            }
        }
        return b.build();
    }

    @ParameterizedTest(name = "{0} batch {1} {2}")
    @MethodSource("cases")
    void forwardBackwardAndFusedMatchJava(int[] widths, int batch, Activation act) {
        Mlp net = network(widths, act);
        int w0 = widths[0], wl = widths[widths.length - 1], np = net.parameterCount();
        double[] in = random(batch * w0, 2, batch), dOut = random(batch * wl, 3, batch);
        double[] want = new double[batch * wl], gradWant = new double[np], dInWant = new double[batch * w0];
        Mlp.Workspace ws = net.workspace(batch);
        net.forward(in, batch, want, ws);
        net.backward(ws, batch, dOut, gradWant, dInWant);
        try (CudaMlp gpu = new CudaMlp(device, widths, id(act), Precision.F64, 4)) {
            gpu.setParameters(net.parameters());
            double[] out = new double[batch * wl], grad = new double[np], dIn = new double[batch * w0];
            gpu.forward(in, batch, out);
            assertBlock(out, want, 0, out.length, PARITY, "output");
            gpu.backward(batch, dOut, grad, dIn);
            assertBlock(dIn, dInWant, 0, dIn.length, PARITY, "∂L/∂in");
            int off = 0;
            for (int l = 0; l + 1 < widths.length; l++) {
                int nw = widths[l + 1] * widths[l];
                assertBlock(grad, gradWant, off, off + nw, PARITY, "∂L/∂W of layer " + l);
                assertBlock(grad, gradWant, off + nw, off + nw + widths[l + 1], PARITY, "∂L/∂b of layer " + l);
                off += nw + widths[l + 1];
            }
            boolean fits = gpu.fusedSharedBytes(1) + 1024 <= device.maxSharedPerBlockOptin();
            assertEquals(fits, gpu.fused(), "fused kernel chosen exactly where " + gpu.fusedSharedBytes(1)
                    + " bytes fit the " + device.maxSharedPerBlockOptin() + " bytes of " + device.describe());
            double[] fusedOut = new double[batch * wl];
            gpu.evaluate(in, batch, fusedOut);
            assertBlock(fusedOut, want, 0, want.length, PARITY, "fused F64 output");
        }
        try (CudaMlp gpu = new CudaMlp(device, widths, id(act), Precision.F32, batch)) {
            gpu.setParameters(net.parameters());
            double[] out = new double[batch * wl];
            gpu.evaluate(in, batch, out);
            assertBlock(out, want, 0, want.length, PARITY_F32, "fused F32 output");
        }
    }

    @Test
    void fusedCoversManyBlocksAndARaggedLastBlock() {
        int[] widths = {41, 64, 64, 40};
        Mlp net = network(widths, Activation.SILU);
        int batch = 1000; // 7.8 blocks of 128 rows, 31.25 of 32
        double[] in = random(batch * 41, 4, 0), want = new double[batch * 40], got = new double[batch * 40];
        net.forward(in, batch, want, net.workspace(batch));
        try (CudaMlp gpu = new CudaMlp(device, widths, CudaMlp.SILU, Precision.F64, 16)) {
            gpu.setParameters(net.parameters());
            gpu.evaluate(in, batch, got);
        }
        assertBlock(got, want, 0, want.length, PARITY, "fused output, batch 1000");
    }

    @Test
    void largeNetsFallBackToCublas() {
        int[] widths = {64, 1024, 1024, 64}; // 1.1·10⁶ parameters: far beyond shared memory
        Mlp net = network(widths, Activation.TANH);
        int batch = 40;
        double[] in = random(batch * 64, 5, 0), want = new double[batch * 64], got = new double[batch * 64];
        net.forward(in, batch, want, net.workspace(batch));
        try (CudaMlp gpu = new CudaMlp(device, widths, CudaMlp.TANH, Precision.F64, batch)) {
            assertFalse(gpu.fused());
            gpu.setParameters(net.parameters());
            gpu.evaluate(in, batch, got);
        }
        // k up to 1024 here: 2kε√k ≈ 1.5·10⁻¹¹
        assertBlock(got, want, 0, want.length, 1e-10, "cuBLAS output of a large net");
    }

    @Test
    void badInputIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> new CudaMlp(device, new int[] {3}, CudaMlp.SILU, Precision.F64, 1));
        assertThrows(IllegalArgumentException.class, () -> new CudaMlp(device, new int[] {3, 0, 2}, CudaMlp.SILU, Precision.F64, 1));
        assertThrows(IllegalArgumentException.class, () -> new CudaMlp(device, new int[] {3, 2}, 7, Precision.F64, 1));
        try (CudaMlp gpu = new CudaMlp(device, new int[] {3, 4, 2}, CudaMlp.SILU, Precision.F64, 2)) {
            assertThrows(IllegalArgumentException.class, () -> gpu.setParameters(new double[5]));
            assertThrows(IllegalArgumentException.class, () -> gpu.backward(1, new double[2], new double[gpu.parameterCount()], null));
            assertThrows(IllegalArgumentException.class, () -> gpu.forward(new double[5], 2, new double[4]));
        }
        try (CudaMlp gpu = new CudaMlp(device, new int[] {3, 4, 2}, CudaMlp.SILU, Precision.F32, 2)) {
            gpu.setParameters(new double[gpu.parameterCount()]);
            double[] out = new double[2];
            gpu.forward(new double[3], 1, out);
            assertArrayEquals(new double[] {0, 0}, out, 0.0); // zero weights and biases: exactly 0
            assertThrows(IllegalStateException.class, () -> gpu.backward(1, new double[2], new double[gpu.parameterCount()], null));
        }
    }
}

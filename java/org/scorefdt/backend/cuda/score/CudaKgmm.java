package org.scorefdt.backend.cuda.score;

import java.util.Arrays;
import org.bytedeco.javacpp.IntPointer;
import org.scorefdt.backend.cuda.runtime.CudaDevice;
import org.scorefdt.backend.cuda.runtime.DeviceBuffer;
import org.scorefdt.backend.cuda.runtime.Dtype;
import org.scorefdt.backend.cuda.runtime.KernelModule;
import org.scorefdt.backend.cuda.runtime.KernelParams.InterpParams;
import org.scorefdt.backend.cuda.runtime.KernelParams.NearestParams;

/**
 * The lookups of the KGMM score on the GPU ({@code cuda/kernels/kgmm.cu}): nearest-centroid
 * assignment (bitwise the index of {@code KMeans.nearest}, ties to the lowest index) and the
 * Gaussian-kernel Nadaraya–Watson interpolant of {@code KernelScoreInterpolator} (to rounding: CUDA's
 * exp). Each is a small AutoCloseable holding its anchors on the device; batch buffers are kept and
 * grow on demand. Not thread-safe.
 */
public final class CudaKgmm {
    static final String MODULE = "kgmm";
    private static final int THREADS = 128;

    private CudaKgmm() {}

    private static long blocks(long m) {
        return KernelModule.blocks(m, THREADS);
    }

    /** Nearest of k centroids {@code [k][d]} for rows {@code [m][d]}. */
    public static final class NearestCentroid implements AutoCloseable {
        private final CudaDevice device;
        private final KernelModule module;
        private final int k, d;
        private final DeviceBuffer centroids;
        private final NearestParams nearestParams = new NearestParams();
        private DeviceBuffer points, out;
        private int capacity;

        public NearestCentroid(CudaDevice device, double[] centroids, int k, int d) {
            if (k < 1 || d < 1 || centroids.length < (long) k * d) {
                throw new IllegalArgumentException("centroids hold " + centroids.length + " values, need k × d = " + k + " × " + d + " with k, d >= 1");
            }
            this.device = device;
            this.module = KernelModule.load(device, MODULE);
            this.k = k;
            this.d = d;
            this.centroids = DeviceBuffer.allocate(device, Dtype.F64, (long) k * d);
            this.centroids.copyFrom(centroids, 0, k * d, 0);
        }

        /** The index of the nearest centroid of each of the m rows of x. */
        public int[] nearest(double[] x, int m) {
            if (m < 0 || x.length < (long) m * d) throw new IllegalArgumentException("x holds " + x.length + " values, need m × d = " + (long) m * d);
            int[] result = new int[m];
            if (m == 0) return result;
            if (m > capacity) {
                if (points != null) {
                    points.close();
                    out.close();
                }
                capacity = Math.max(m, 2 * capacity);
                points = DeviceBuffer.allocate(device, Dtype.F64, (long) capacity * d);
                out = DeviceBuffer.allocate(device, Dtype.I32, capacity);
            }
            points.copyFrom(x, 0, m * d, 0);
            nearestParams.centroids(centroids.address()).points(points.address()).out(out.address()).m(m).k(k).d(d);
            module.launch("sfdt_nearest_f64", blocks(m), THREADS, 0, nearestParams);
            try (IntPointer h = new IntPointer(m)) {
                out.copyToHost(h, 4L * m);
                h.get(result);
            }
            return result;
        }

        @Override
        public void close() {
            if (points != null) {
                points.close();
                out.close();
            }
            centroids.close();
            nearestParams.close();
        }
    }

    /**
     * out(x) = Σ_q w_q e^{−|x − p_q|²/(2h²)} v_q / Σ_q w_q e^{−|x − p_q|²/(2h²)} over anchors p_q
     * {@code [count][d]} with values {@code [count][outputs]} and weights w_q &gt; 0.
     */
    public static final class KernelInterpolant implements AutoCloseable {
        private final CudaDevice device;
        private final KernelModule module;
        private final int count, d, outputs;
        private final double inv2h2;
        private final DeviceBuffer anchors, values, logW;
        private final InterpParams interpParams = new InterpParams();
        private DeviceBuffer x, out;
        private int capacity;

        public KernelInterpolant(CudaDevice device, double[] points, double[] values, double[] weights, int count, int d,
                                 int outputs, double h) {
            if (count < 1 || d < 1 || outputs < 1 || points.length < (long) count * d || values.length < (long) count * outputs
                    || weights.length < count) {
                throw new IllegalArgumentException("interpolant needs count >= 1 anchors with [count][d] points, [count][outputs] values, count weights");
            }
            if (!(h > 0) || Double.isInfinite(h)) throw new IllegalArgumentException("bandwidth h = " + h + ": must be finite and > 0");
            double[] lw = new double[count];
            for (int q = 0; q < count; q++) {
                if (!(weights[q] > 0)) throw new IllegalArgumentException("anchor weight " + q + " = " + weights[q] + ": must be > 0");
                lw[q] = Math.log(weights[q]);
            }
            this.device = device;
            this.module = KernelModule.load(device, MODULE);
            this.count = count;
            this.d = d;
            this.outputs = outputs;
            this.inv2h2 = 1 / (2 * h * h);
            this.anchors = DeviceBuffer.allocate(device, Dtype.F64, (long) count * d);
            this.values = DeviceBuffer.allocate(device, Dtype.F64, (long) count * outputs);
            this.logW = DeviceBuffer.allocate(device, Dtype.F64, count);
            anchors.copyFrom(Arrays.copyOf(points, count * d));
            this.values.copyFrom(Arrays.copyOf(values, count * outputs));
            logW.copyFrom(lw);
        }

        /** The interpolant at m rows x {@code [m][d]} into out {@code [m][outputs]}. */
        public void evaluate(double[] xs, double[] result, int m) {
            if (m < 0 || xs.length < (long) m * d || result.length < (long) m * outputs) {
                throw new IllegalArgumentException("x holds " + xs.length + ", out " + result.length + " values; need " + (long) m * d + " and " + (long) m * outputs);
            }
            if (m == 0) return;
            if (m > capacity) {
                if (x != null) {
                    x.close();
                    out.close();
                }
                capacity = Math.max(m, 2 * capacity);
                x = DeviceBuffer.allocate(device, Dtype.F64, (long) capacity * d);
                out = DeviceBuffer.allocate(device, Dtype.F64, (long) capacity * outputs);
            }
            x.copyFrom(xs, 0, m * d, 0);
            interpParams.anchors(anchors.address()).values(values.address()).log_w(logW.address()).x(x.address())
                    .out(out.address()).m(m).count(count).d(d).outputs(outputs).inv_2h2(inv2h2);
            module.launch("sfdt_kernel_interp_f64", blocks(m), THREADS, 0, interpParams);
            out.copyTo(result, 0, m * outputs, 0);
        }

        @Override
        public void close() {
            if (x != null) {
                x.close();
                out.close();
            }
            anchors.close();
            values.close();
            logW.close();
            interpParams.close();
        }
    }
}

package org.scorefdt.backend.cuda.score;

import java.util.Arrays;
import org.bytedeco.javacpp.IntPointer;
import org.scorefdt.score.LocalPolynomialScore;
import org.scorefdt.backend.cuda.runtime.CudaDevice;
import org.scorefdt.backend.cuda.runtime.DeviceBuffer;
import org.scorefdt.backend.cuda.runtime.Dtype;

/**
 * B = −s of a {@link LocalPolynomialScore}: one thread per (member, component) evaluates
 * {@code LocalPolynomialScore.score}'s expression in its operation order ({@code sfdt_conj_local_poly_f64},
 * body {@code conj_local_poly_element} in conjugate.h): z = (x − μ)·(1/σ) with the host's 1/σ, the sum
 * θ₀·1 + Σ_m θ_{1+m} z_{i+lo+m} + Σ_q θ_{1+d+q} φ_q in feature order, each monomial φ_q multiplied in
 * the host tree's order, then −(s·(1/σ)). Only +, −, × and one host-computed reciprocal — no
 * {@code Math.pow} or library call — so with --fmad=false B equals the host's −s bit for bit. Cost per
 * member: d·(d + Σ_q deg φ_q) multiply-adds; θ and the monomial table live on the device.
 */
final class LocalPolynomialDeviceConjugate implements DeviceConjugate {
    private final int d, lo, nonlinear, degree, radius;
    private final double mu, inv;
    private final ConjugateKernels kernels;
    private final DeviceBuffer theta, vars;

    LocalPolynomialDeviceConjugate(CudaDevice device, LocalPolynomialScore score) {
        this.d = score.dimension();
        this.lo = score.firstLinearOffset();
        this.degree = score.degree();
        this.radius = score.radius();
        this.mu = score.mu();
        this.inv = 1 / score.sigma();  // the host's `inv`, computed the same way
        int[][] monomials = score.nonlinearMonomials();
        this.nonlinear = monomials.length;
        int[] table = new int[Math.max(1, nonlinear * degree)];
        Arrays.fill(table, -1);
        for (int q = 0; q < nonlinear; q++) System.arraycopy(monomials[q], 0, table, q * degree, monomials[q].length);
        this.kernels = new ConjugateKernels(device);
        DeviceBuffer t = null, v = null;
        try {
            t = DeviceBuffer.allocate(device, Dtype.F64, 1L + d + nonlinear);
            t.copyFrom(score.theta());
            v = DeviceBuffer.allocate(device, Dtype.I32, table.length);
            try (IntPointer h = new IntPointer(table.length)) {
                h.put(table, 0, table.length);
                v.copyFromHost(h, 4L * table.length);
            }
        } catch (RuntimeException e) {
            if (t != null) t.close();
            if (v != null) v.close();
            kernels.close();
            throw e;
        }
        this.theta = t;
        this.vars = v;
    }

    @Override
    public int dimension() {
        return d;
    }

    @Override
    public void apply(DeviceBuffer states, int members, DeviceBuffer out) {
        DeviceConjugates.check(states, members, out, d);
        kernels.localPolynomial(states, out, theta, vars, members, mu, inv, d, lo, nonlinear, degree, radius);
    }

    @Override
    public void close() {
        theta.close();
        vars.close();
        kernels.close();
    }
}

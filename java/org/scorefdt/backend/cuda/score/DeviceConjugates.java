package org.scorefdt.backend.cuda.score;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.bytedeco.javacpp.IntPointer;
import org.scorefdt.integrate.Precision;
import org.scorefdt.score.AmplitudeCorrectedScore;
import org.scorefdt.score.KdeScore;
import org.scorefdt.score.LocalPolynomialScore;
import org.scorefdt.score.QuasiGaussianScore;
import org.scorefdt.score.ScoreModel;
import org.scorefdt.score.nn.DsmScore;
import org.scorefdt.score.nn.Mlp;
import org.scorefdt.backend.cuda.runtime.CudaDevice;
import org.scorefdt.backend.cuda.runtime.DeviceBuffer;
import org.scorefdt.backend.cuda.runtime.Dtype;

/**
 * Which score models have a device conjugate ({@link DeviceConjugate}): quasi-Gaussian, KDE,
 * local-polynomial and amplitude-corrected scores (bitwise), DSM with an {@link Mlp} (within
 * {@link CudaMlp}'s bound). For anything else {@link #unsupported} says why. Details:
 * docs/backends.md §6.
 */
public final class DeviceConjugates {
    private DeviceConjugates() {}

    /** Why {@code score} has no device conjugate, or empty if {@link #of} can build one. */
    public static Optional<String> unsupported(ScoreModel score) {
        if (score instanceof QuasiGaussianScore || score instanceof KdeScore || score instanceof LocalPolynomialScore) {
            return Optional.empty();
        }
        if (score instanceof DsmScore dsm) {
            if (dsm.readOff().extrapolated()) {
                return Optional.of("score '" + score.name() + "' is read off by extrapolation to σ → 0, which has no device form");
            }
            return dsm.network() instanceof Mlp ? Optional.empty()
                    : Optional.of("score '" + score.name() + "' is a DSM score with a " + dsm.network().architecture()
                    + " network; only MLP networks have a device conjugate");
        }
        if (score instanceof AmplitudeCorrectedScore ac) {
            return unsupported(ac.inner()).map(r -> "amplitude-corrected " + r);
        }
        return Optional.of("score '" + score.name() + "' (" + score.getClass().getSimpleName() + ") has no device form");
    }

    /**
     * The device conjugate B = −s of {@code score} on {@code device}.
     *
     * @throws IllegalArgumentException with the reason of {@link #unsupported}
     */
    public static DeviceConjugate of(ScoreModel score, CudaDevice device) {
        unsupported(score).ifPresent(r -> {
            throw new IllegalArgumentException(r);
        });
        if (score instanceof QuasiGaussianScore qg) return new Gaussian(device, qg);
        if (score instanceof KdeScore kde) return new Kde(device, kde);
        if (score instanceof DsmScore dsm) return new Dsm(device, dsm);
        if (score instanceof LocalPolynomialScore lp) return new LocalPolynomial(device, lp);
        AmplitudeCorrectedScore ac = (AmplitudeCorrectedScore) score;
        DeviceConjugate inner = of(ac.inner(), device);
        try {
            return new AmplitudeCorrected(device, ac, inner);
        } catch (RuntimeException e) {
            inner.close();
            throw e;
        }
    }

    /** The shape checks every {@link DeviceConjugate#apply} makes. */
    static void check(DeviceBuffer states, int members, DeviceBuffer out, int d) {
        if (members < 0) throw new IllegalArgumentException("members = " + members + ": must be >= 0");
        long need = (long) members * d;
        if (states.type() != Dtype.F64 || states.elements() < need) {
            throw new IllegalArgumentException("states: need " + members + " × " + d + " F64 values, buffer has "
                    + states.elements() + " " + states.type());
        }
        if (out.type() != Dtype.F64 || out.elements() < need) {
            throw new IllegalArgumentException("conjugates: need " + members + " × " + d + " F64 values, buffer has "
                    + out.elements() + " " + out.type());
        }
        if (out.address() == states.address()) throw new IllegalArgumentException("conjugates must not overwrite the states");
    }

    /**
     * What the conjugates of low-dimensional scores share: d, the launches of conjugate.cu, the shape
     * checks of {@link #apply}, and the device memory they own (freed by {@link #close}, and by the
     * constructor when it fails half-way).
     */
    private abstract static class Owning implements DeviceConjugate {
        final CudaDevice device;
        final int d;
        final ConjugateKernels kernels;
        private final List<AutoCloseable> owned = new ArrayList<>();
        private DeviceBuffer scratch;

        Owning(CudaDevice device, int d) {
            this.device = device;
            this.d = d;
            this.kernels = own(new ConjugateKernels(device));
        }

        /** Takes ownership of {@code r}: closed with this conjugate. */
        final <T extends AutoCloseable> T own(T r) {
            owned.add(r);
            return r;
        }

        /** F64 values on the device, owned. */
        final DeviceBuffer upload(double[] values) {
            return own(DeviceBuffer.upload(device, Dtype.F64, values));
        }

        /** An F64 scratch buffer of at least {@code values}, kept between calls. */
        final DeviceBuffer scratch(long values) {
            DeviceBuffer held = scratch;
            scratch = null;
            scratch = DeviceBuffer.atLeast(held, device, Dtype.F64, values);
            return scratch;
        }

        /** Runs {@code build}, closing what is owned so far if it throws. */
        final void building(Runnable build) {
            try {
                build.run();
            } catch (RuntimeException e) {
                release();
                throw e;
            }
        }

        @Override
        public final int dimension() {
            return d;
        }

        @Override
        public final void apply(DeviceBuffer states, int members, DeviceBuffer out) {
            check(states, members, out, d);
            compute(states, members, out);
        }

        /** B = −s(x) for checked buffers. */
        abstract void compute(DeviceBuffer states, int members, DeviceBuffer out);

        @Override
        public void close() {
            release();
        }

        private void release() {
            if (scratch != null) scratch.close();
            scratch = null;
            for (int i = owned.size() - 1; i >= 0; i--) {
                try {
                    owned.get(i).close();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
            owned.clear();
        }
    }

    /**
     * B = −s = C_ρ⁻¹(x − μ) of a {@link QuasiGaussianScore}: per member the forward and back
     * substitutions of its Cholesky factor in {@code Cholesky.solve}'s order ({@code sfdt_conj_gaussian_f64},
     * one thread per member), so B equals the host's −s bit for bit. (Not {@link CudaGaussianScore}'s
     * explicit-inverse cuBLAS product, which agrees only to κ(C_ρ)·dε.) Cost per member: d² multiply-adds.
     */
    private static final class Gaussian extends Owning {
        private DeviceBuffer mean, lower;

        Gaussian(CudaDevice device, QuasiGaussianScore score) {
            super(device, score.dimension());
            building(() -> {
                mean = upload(score.mean());
                lower = upload(score.factor().lower());
            });
        }

        @Override
        void compute(DeviceBuffer states, int members, DeviceBuffer out) {
            kernels.gaussian(states, out, mean, lower, members, d);
        }
    }

    /**
     * B = −s of a {@link KdeScore}: the queries are centred on the device (y − c, exact as on the host),
     * the F64 pair kernel of {@link CudaKde} (bitwise equal to the Java and native tiers) writes s, and
     * a negation gives B — bit for bit the host's −s. The data (n × d) live on the device with it.
     */
    private static final class Kde extends Owning {
        private CudaKde kde;
        private DeviceBuffer centre;

        Kde(CudaDevice device, KdeScore score) {
            super(device, score.dimension());
            building(() -> {
                double[] k = score.pairConstants();
                kde = own(new CudaKde(device, score.centredData(), score.centredSquares(), score.size(), d, k[0], k[1],
                        Precision.F64));
                centre = upload(score.centre());
            });
        }

        @Override
        void compute(DeviceBuffer states, int members, DeviceBuffer out) {
            DeviceBuffer centred = scratch((long) members * d);
            kernels.affine(states, centred, centre, null, members, d, d, 1.0, 0.0);
            kde.scoreOnDevice(centred, members, out);
            kernels.affine(out, out, null, null, members, d, d, -1.0, 0.0);
        }
    }

    /**
     * B = −s of a {@link DsmScore} with an {@link Mlp} network, read off at its σ_r (not extrapolated) as
     * {@link DsmScore#score(double[], double[], int)} does: the network input
     * in_i = (y_i − μ_i)/√(s_i² + σ²), in_d = τ(σ) is formed on the device (the divisors and τ(σ)
     * computed on the host exactly as DsmScore computes them, so the input is bitwise the host's), the
     * forward pass is {@link CudaMlp#forwardOnDevice} (cuBLAS + layer kernels), and B = out·(−1/σ),
     * which equals the host's −(out·(1/σ)) bit for bit. Only the forward pass differs from the Java tier:
     * by CudaMlp's parity bound (≤ 10⁻¹² × max|out| per batch, other summation orders and CUDA's exp),
     * hence |B_dev − B_host| ≤ 10⁻¹²·max|out|/σ. Over a Gaussian base (docs/score-models.md §4.2) the
     * affine part −(a + B(x − c) − Σ⁻¹(x − μ)) is one matrix and offset, formed on the host in double and
     * added by {@code sfdt_conj_linear_add_f64}: the host sums it in two steps (correction, then the base
     * through its eigenvectors), so it agrees to rounding of d-term sums, not bitwise.
     */
    private static final class Dsm extends Owning {
        private final double sigma, feature;
        private CudaMlp mlp;
        private DeviceBuffer mean, divisor;
        private DeviceBuffer linearT, linearSub, linearOff; // null without a base

        Dsm(CudaDevice device, DsmScore score) {
            super(device, score.dimension());
            Mlp net = (Mlp) score.network();
            this.sigma = score.readOff().sigma();
            this.feature = score.schedule().feature(sigma);
            double[] s = score.std(), div = new double[d];
            double s2 = sigma * sigma;
            for (int i = 0; i < d; i++) div[i] = Math.sqrt(s[i] * s[i] + s2);
            int act = switch (net.activation()) {
                case SILU -> CudaMlp.SILU;
                case TANH -> CudaMlp.TANH;
            };
            double[][] linear = score.base().isPresent() ? affinePart(score) : null;
            building(() -> {
                mlp = own(new CudaMlp(device, net.widths(), act, Precision.F64, 1));
                mlp.setParameters(net.parameters());
                mean = upload(score.mean());
                divisor = upload(div);
                if (linear != null) {
                    linearT = upload(linear[0]);
                    linearSub = upload(linear[1]);
                    linearOff = upload(linear[2]);
                }
            });
        }

        /** {T, μ, off} with s's affine part = off + T (x − μ): T = B − Σ⁻¹, off = a + B(μ − c) (a, B, c of the correction, if any). */
        private static double[][] affinePart(DsmScore score) {
            var base = score.base().orElseThrow();
            int d = base.dimension();
            double[] mu = base.mean(), t = base.precision(), off = new double[d];
            for (int k = 0; k < d * d; k++) t[k] = -t[k];
            score.correction().ifPresent(c -> {
                double[] a = c.offset(), b = c.slope(), centre = c.centre();
                for (int i = 0; i < d; i++) {
                    double v = a[i];
                    for (int j = 0; j < d; j++) {
                        v += b[i * d + j] * (mu[j] - centre[j]);
                        t[i * d + j] += b[i * d + j];
                    }
                    off[i] = v;
                }
            });
            return new double[][] {t, mu, off};
        }

        @Override
        void compute(DeviceBuffer states, int members, DeviceBuffer out) {
            mlp.reserve(members);
            kernels.affine(states, mlp.inputBuffer(), mean, divisor, members, d, d + 1, 1.0, feature);
            mlp.forwardOnDevice(members);
            double inv = 1 / sigma;
            kernels.affine(mlp.outputBuffer(), out, null, null, members, d, d, -inv, 0.0);
            if (linearT != null) kernels.linearAdd(states, out, linearT, linearSub, linearOff, members, d, -1.0);
        }
    }

    /**
     * B = −s of a {@link LocalPolynomialScore}: one thread per (member, component) evaluates
     * {@code LocalPolynomialScore.score}'s expression in its operation order ({@code sfdt_conj_local_poly_f64},
     * body {@code conj_local_poly_element} in conjugate.h): z = (x − μ)·(1/σ) with the host's 1/σ, the sum
     * θ₀·1 + Σ_m θ_{1+m} z_{i+lo+m} + Σ_q θ_{1+d+q} φ_q in feature order, each monomial φ_q multiplied in
     * the host tree's order, then −(s·(1/σ)). Only +, −, × and one host-computed reciprocal — no
     * {@code Math.pow} or library call — so with --fmad=false B equals the host's −s bit for bit. Cost per
     * member: d·(d + Σ_q deg φ_q) multiply-adds; θ and the monomial table live on the device.
     */
    private static final class LocalPolynomial extends Owning {
        private final int lo, nonlinear, degree, radius;
        private final double mu, inv;
        private DeviceBuffer theta, vars;

        LocalPolynomial(CudaDevice device, LocalPolynomialScore score) {
            super(device, score.dimension());
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
            building(() -> {
                theta = own(DeviceBuffer.allocate(device, Dtype.F64, 1L + d + nonlinear));
                theta.copyFrom(score.theta());
                vars = own(DeviceBuffer.allocate(device, Dtype.I32, table.length));
                try (IntPointer h = new IntPointer(table.length)) {
                    h.put(table, 0, table.length);
                    vars.copyFromHost(h, 4L * table.length);
                }
            });
        }

        @Override
        void compute(DeviceBuffer states, int members, DeviceBuffer out) {
            kernels.localPolynomial(states, out, theta, vars, members, mu, inv, d, lo, nonlinear, degree, radius);
        }
    }

    /**
     * B = −s̃ = T·(−s) of an {@link AmplitudeCorrectedScore} (T = H(0)⁻ᵀ): the wrapped score's device
     * conjugate, then T applied per member in the host's order ({@code sfdt_conj_matvec_f64}). Since
     * rounding is sign-symmetric, Σ_j T_ij(−s_j) = −Σ_j T_ij s_j exactly: bitwise the host's −s̃ when the
     * wrapped conjugate is bitwise; otherwise |ΔB̃_i| ≤ Σ_j |T_ij|·|ΔB_j| (+ d ulp of the product).
     */
    private static final class AmplitudeCorrected extends Owning {
        private final DeviceConjugate inner;
        private DeviceBuffer transform;

        /** Takes ownership of {@code inner} once constructed (closed with this conjugate). */
        AmplitudeCorrected(CudaDevice device, AmplitudeCorrectedScore score, DeviceConjugate inner) {
            super(device, score.dimension());
            this.inner = inner;
            building(() -> transform = upload(score.transform()));
        }

        @Override
        public void close() {
            super.close();
            inner.close();
        }

        @Override
        void compute(DeviceBuffer states, int members, DeviceBuffer out) {
            DeviceBuffer raw = scratch((long) members * d);
            inner.apply(states, members, raw);
            kernels.matvec(raw, out, transform, members, d);
        }
    }
}

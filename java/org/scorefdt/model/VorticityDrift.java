package org.scorefdt.model;

import org.scorefdt.rng.PortableMath;

/**
 * One thread's evaluation of the {@link NavierStokes2d} drift, the Java reference of
 * {@code native/include/scorefdt/navier_stokes.h}: pseudo-spectral advection (advective form with
 * 2/3 dealiasing, skew form without), D and the forcing per mode. Owns its scratch; not thread-safe.
 * Steps: docs/numerics.md §3.
 */
final class VorticityDrift {
    private final NavierStokes2d model;
    private final SpectralTables t;
    private final ForcingModes modes;
    private final int size, nModes;
    private final int[] target, partner;
    private final SpectralTransform fft;
    private final double[] zh, uh, vh, mh, xh, yh, ah, ph, qh, dh;
    private final double[] u, v, zm, zx, zy, a, p, q;
    private final double[] cosPhi, sinPhi;
    private final double[] cs = new double[2];
    private static final double INV_TWO_PI = 1.0 / (2.0 * Math.PI);

    VorticityDrift(NavierStokes2d model) {
        this.model = model;
        this.t = model.tables();
        this.modes = model.forcingModes();
        Grid grid = model.grid().orElseThrow();
        this.size = grid.size();
        this.nModes = modes.size();
        this.target = new int[nModes];
        for (int j = 0; j < nModes; j++) target[j] = modes.spectrumIndex(j);
        this.partner = modes.partner();
        this.fft = new SpectralTransform(grid);
        zh = new double[2 * size]; uh = new double[2 * size]; vh = new double[2 * size]; mh = new double[2 * size];
        xh = new double[2 * size]; yh = new double[2 * size]; ah = new double[2 * size]; ph = new double[2 * size];
        qh = new double[2 * size]; dh = new double[2 * size];
        u = new double[size]; v = new double[size]; zm = new double[size]; zx = new double[size]; zy = new double[size];
        a = new double[size]; p = new double[size]; q = new double[size];
        cosPhi = new double[nModes];
        sinPhi = new double[nModes];
    }

    void drift(double[] x, int xOff, double[] out, int outOff) {
        fft.forward(x, xOff, zh);
        nonlinear(x, xOff, !model.params().dealias());
        double[] lr = t.linRe, li = t.linIm;
        for (int i = 0; i < size; i++) {
            double zr = zh[2 * i], zi = zh[2 * i + 1];
            dh[2 * i] = dh[2 * i] + (lr[i] * zr - li[i] * zi);
            dh[2 * i + 1] = dh[2 * i + 1] + (lr[i] * zi + li[i] * zr);
        }
        addForcing(x, xOff + size);
        fft.inverseReal(dh, out, outOff);
        for (int j = 0; j < nModes; j++) out[outOff + size + j] = 0; // the phases only diffuse
    }

    void advection(double[] zeta, int off, double[] out, int outOff) {
        advection(zeta, off, out, outOff, !model.params().dealias());
    }

    /** The advection in the skew (or, with {@code skew} false, advective) form, whatever the model uses. */
    void advection(double[] zeta, int off, double[] out, int outOff, boolean skew) {
        fft.forward(zeta, off, zh);
        nonlinear(zeta, off, skew);
        fft.inverseReal(dh, out, outOff);
    }

    void forcingField(double[] phases, int off, double[] out, int outOff) {
        java.util.Arrays.fill(dh, 0);
        addForcing(phases, off);
        fft.inverseReal(dh, out, outOff);
    }

    double energy(double[] zeta, int off) {
        fft.forward(zeta, off, zh);
        double s = 0;
        for (int i = 0; i < size; i++) s += -t.psi[i] * (zh[2 * i] * zh[2 * i] + zh[2 * i + 1] * zh[2 * i + 1]);
        return 0.5 * s / ((double) size * size);
    }

    /**
     * dh = the advection spectrum from zh = ζ̂ (x: ζ in physical space): the skew form
     * −½·mask·(â + ∇·(uζ)^) when {@code skew}, else the advective form −mask·â.
     */
    private void nonlinear(double[] x, int xOff, boolean skew) {
        for (int i = 0; i < size; i++) {
            double m = t.mask[i], kx = t.kx[i], ky = t.ky[i];
            double zr = m * zh[2 * i], zi = m * zh[2 * i + 1];
            double pr = t.psi[i] * zr, pi = t.psi[i] * zi;
            uh[2 * i] = -ky * pi; uh[2 * i + 1] = ky * pr;
            vh[2 * i] = kx * pi; vh[2 * i + 1] = -kx * pr;
            mh[2 * i] = zr; mh[2 * i + 1] = zi;
            xh[2 * i] = -kx * zi; xh[2 * i + 1] = kx * zr;
            yh[2 * i] = -ky * zi; yh[2 * i + 1] = ky * zr;
        }
        fft.inverseReal(uh, u, 0);
        fft.inverseReal(vh, v, 0);
        fft.inverseReal(xh, zx, 0);
        fft.inverseReal(yh, zy, 0);
        if (!skew) { // advective form −mask·(u·∇ζ)^: equal to the skew form when dealiased (see class doc)
            for (int i = 0; i < size; i++) a[i] = u[i] * zx[i] + v[i] * zy[i];
            fft.forward(a, 0, ah);
            for (int i = 0; i < size; i++) {
                double m = t.mask[i];
                dh[2 * i] = -m * ah[2 * i];
                dh[2 * i + 1] = -m * ah[2 * i + 1];
            }
            return;
        }
        double[] zeta = zm;
        int zo = 0;
        if (model.params().dealias()) {
            fft.inverseReal(mh, zm, 0);
        } else {
            zeta = x;
            zo = xOff;
        }
        for (int i = 0; i < size; i++) {
            double z = zeta[zo + i];
            a[i] = u[i] * zx[i] + v[i] * zy[i];
            p[i] = u[i] * z;
            q[i] = v[i] * z;
        }
        fft.forward(a, 0, ah);
        fft.forward(p, 0, ph);
        fft.forward(q, 0, qh);
        for (int i = 0; i < size; i++) {
            double m = t.mask[i], kx = t.kx[i], ky = t.ky[i];
            double divr = -(kx * ph[2 * i + 1] + ky * qh[2 * i + 1]);
            double divi = kx * ph[2 * i] + ky * qh[2 * i];
            dh[2 * i] = -0.5 * m * (ah[2 * i] + divr);
            dh[2 * i + 1] = -0.5 * m * (ah[2 * i + 1] + divi);
        }
    }

    /** dh += g(k) on K: (F/2)(cos φ_k + cos φ_{−k}, sin φ_k − sin φ_{−k}), times 0.1 at k = 0. */
    private void addForcing(double[] phases, int off) {
        double half = 0.5 * model.params().forcing();
        for (int j = 0; j < nModes; j++) {
            // cos/sin by the portable kernels (as sfdt::ns_phase_cos_sin), so every tier forces alike.
            double turns = phases[off + j] * INV_TWO_PI;
            PortableMath.cosSin2Pi(turns - Math.floor(turns), cs);
            cosPhi[j] = cs[0];
            sinPhi[j] = cs[1];
        }
        for (int j = 0; j < nModes; j++) {
            int i = target[j], c = partner[j];
            double scale = i == 0 ? half * (1 - NavierStokes2d.MEAN_FORCING_REMOVED) : half;
            dh[2 * i] = dh[2 * i] + scale * (cosPhi[j] + cosPhi[c]);
            dh[2 * i + 1] = dh[2 * i + 1] + scale * (sinPhi[j] - sinPhi[c]);
        }
    }
}

package org.scorefdt.backend.cuda.runtime;

/**
 * The parameter structs of our kernels, field by field in the order of their C declarations in
 * {@code native/include/scorefdt/cuda_params.h} (one declaration per struct, included by every
 * {@code cuda/kernels/*.cu}) — the one place on the Java side that must match them. The header
 * {@code static_assert}s the struct sizes and {@code KernelStructsTest} checks the same sizes here,
 * so a field added on one side only fails the build or the tests. Addresses are device pointers.
 */
public final class KernelStructs {
    /** sizeof of each struct, as the .cu files assert. */
    static final int LOWDIM = 96, PHILOX_NORMALS = 56, SPECTRAL_NOISE = 48, SPECTRAL_UPDATE = 64, SPECTRAL_SCALE = 24,
            LAGGED_PUSH = 64, LAGGED_COLUMN = 72, LAGGED_MODES = 72, TRUTH = 184,
            SEMI_CELL = 80, SEMI_MODE = 72, NS = 200, CONJ_AFFINE = 64, CONJ_GAUSSIAN = 48, CONJ_MATVEC = 40,
            CONJ_LOCAL_POLY = 80, CNN_LAYER = 72, CNN_TRAIN_LAYER = 80, CNN_PARAM_GRAD = 56, CNN_INPUT_GRAD = 72,
            MLP_FUSED = 80, MLP_LAYER = 48, REDUCE = 56, ADAM = 96, EMA = 32, NEAREST = 40, INTERP = 72, KDE_F64 = 104,
            KDE_F32 = 104, ROWS_SCALE = 56, DSM_INPUT = 72, ALLEN_CAHN_CONJUGATE = 64;

    private KernelStructs() {}

    /** {@code LowdimParams} (lowdim.cu); {@code state2} 0 for an unpaired run. */
    public static KernelArgs lowdim(KernelArgs a, long seed, long members, long memberOffset, long step0, int nsteps, int dim,
                             int model, int scheme, int teams, double dt, double forcing, long s, long state, long state2) {
        return a.clear().u64(seed).i64(members).i64(memberOffset).i64(step0).i32(nsteps).i32(dim).i32(model).i32(scheme)
                .i32(teams).i32(0).f64(dt).f64(forcing).u64(s).u64(state).u64(state2);
    }

    /** {@code PhiloxNormalsParams} (philox_normals.cu). */
    static KernelArgs philoxNormals(KernelArgs a, long seed, int stream, long memberOffset, long step, long members, long count,
                                    long out) {
        return a.clear().u64(seed).i32(stream).i64(memberOffset).i64(step).i64(members).i64(count).u64(out);
    }

    /** {@code SpectralNoiseParams} (spectral.cu). */
    public static KernelArgs spectralNoise(KernelArgs a, long seed, long members, long memberOffset, long step, long cells, long out) {
        return a.clear().u64(seed).i64(members).i64(memberOffset).i64(step).i64(cells).u64(out);
    }

    /** {@code SpectralUpdateParams} (spectral.cu). */
    public static KernelArgs spectralUpdate(KernelArgs a, long members, long modes, long aRe, long aIm, long bRe, long bIm, long uHat,
                                     long wHat) {
        return a.clear().i64(members).i64(modes).u64(aRe).u64(aIm).u64(bRe).u64(bIm).u64(uHat).u64(wHat);
    }

    /** {@code SpectralScaleParams} (spectral.cu). */
    public static KernelArgs spectralScale(KernelArgs a, long count, long cells, long x) {
        return a.clear().i64(count).i64(cells).u64(x);
    }

    /** {@code LaggedPushParams} (lagged.cu). */
    public static KernelArgs laggedPush(KernelArgs a, long members, long width, long srcStride, long srcOffset, long lags, long slot,
                                 long src, long ring) {
        return a.clear().i64(members).i64(width).i64(srcStride).i64(srcOffset).i64(lags).i64(slot).u64(src).u64(ring);
    }

    /** {@code LaggedColumnParams} (lagged.cu). */
    public static KernelArgs laggedColumn(KernelArgs a, long members, long blocks, long t, int d, int lags, int maxLag, long x, long ring,
                                   long sums, long marg) {
        return a.clear().i64(members).i64(blocks).i64(t).i32(d).i32(lags).i32(maxLag).i32(0).u64(x).u64(ring).u64(sums).u64(marg);
    }

    /** {@code LaggedModeParams} (lagged.cu). */
    public static KernelArgs laggedModes(KernelArgs a, long members, long blocks, long t, long modes, int lags, int maxLag, long uHat,
                                  long ring, long sums, long marg) {
        return a.clear().i64(members).i64(blocks).i64(t).i64(modes).i32(lags).i32(maxLag).u64(uHat).u64(ring).u64(sums).u64(marg);
    }

    /**
     * {@code TruthParams} (truth.cu), the perturbed-ensemble kernels; unused pointers 0 ({@code u} 0:
     * an impulse at {@code kickComponent}). {@code part*}: the per-block partials, {@code [block][observed or
     * projection]}.
     */
    public static KernelArgs truth(KernelArgs a, long members, long count0, long save, int d, int observed, int lags, int lag,
                            int projections, int kickComponent, double delta, long x, long xd, long u, long weights, long mean,
                            long m2, long pairValues, long pMean, long pM2, long firstBad, long badValue, long block,
                            long partMean, long partM2, long partBad, long partBadValue) {
        return a.clear().i64(members).i64(count0).i64(save).i32(d).i32(observed).i32(lags).i32(lag).i32(projections)
                .i32(kickComponent).f64(delta).u64(x).u64(xd).u64(u).u64(weights).u64(mean).u64(m2).u64(pairValues)
                .u64(pMean).u64(pM2).u64(firstBad).u64(badValue).i64(block).u64(partMean).u64(partM2).u64(partBad)
                .u64(partBadValue);
    }

    /** {@code SemiCellParams} (semilinear.cu): per-cell kernels; unused pointers 0. */
    public static KernelArgs semiCell(KernelArgs a, long count, long cells, double dt, double noiseScale, long x, long pa, long pb,
                               long pc, long pd, long pe) {
        return a.clear().i64(count).i64(cells).f64(dt).f64(noiseScale).u64(x).u64(pa).u64(pb).u64(pc).u64(pd).u64(pe);
    }

    /** {@code SemiModeParams} (semilinear.cu): per-mode kernels; unused pointers 0. */
    public static KernelArgs semiMode(KernelArgs a, long members, long modes, long c0, long c1, long c2, long c3, long out, long u,
                               long r) {
        return a.clear().i64(members).i64(modes).u64(c0).u64(c1).u64(c2).u64(c3).u64(out).u64(u).u64(r);
    }

    /** {@code NsKernelParams} (navier_stokes.cu): the fixed part; unused pointers of {@code p} are 0. */
    public static KernelArgs ns(KernelArgs a, long members, long count, long dim, int n, int nmodes, int dealias, long seed,
                         long memberOffset, long step, double u0, double nuHypo, double nu, double dt, double sdt, double forcing,
                         long[] p, long kx, long ky, long partner) {
        a.clear().i64(members).i64(count).i64(dim).i32(n).i32(nmodes).i32(dealias).i32(0).u64(seed).i64(memberOffset).i64(step)
                .f64(u0).f64(nuHypo).f64(nu).f64(dt).f64(sdt).f64(forcing);
        for (int i = 0; i < 8; i++) a.u64(i < p.length ? p[i] : 0);
        return a.u64(kx).u64(ky).u64(partner);
    }

    /** {@code ConjAffineParams} (conjugate.cu); {@code sub}, {@code div} 0 when absent. */
    public static KernelArgs conjAffine(KernelArgs a, long src, long dst, long sub, long div, long rows, int width, int dstWidth,
                                 double scale, double extra) {
        return a.clear().u64(src).u64(dst).u64(sub).u64(div).i64(rows).i32(width).i32(dstWidth).f64(scale).f64(extra);
    }

    /** {@code ConjGaussianParams} (conjugate.cu). */
    public static KernelArgs conjGaussian(KernelArgs a, long x, long out, long mean, long l, long rows, int d) {
        return a.clear().u64(x).u64(out).u64(mean).u64(l).i64(rows).i32(d).i32(0);
    }

    /** {@code ConjMatvecParams} (conjugate.cu). */
    public static KernelArgs conjMatvec(KernelArgs a, long src, long dst, long t, long rows, int d) {
        return a.clear().u64(src).u64(dst).u64(t).i64(rows).i32(d).i32(0);
    }

    /** {@code ConjLocalPolyParams} (conjugate.cu). */
    public static KernelArgs conjLocalPoly(KernelArgs a, long x, long out, long theta, long vars, long rows, double mu, double inv, int d,
                                    int lo, int nonlinear, int degree, int radius) {
        return a.clear().u64(x).u64(out).u64(theta).u64(vars).i64(rows).f64(mu).f64(inv).i32(d).i32(lo).i32(nonlinear)
                .i32(degree).i32(radius).i32(0);
    }

    /** {@code CnnLayerParams<T>} (cnn.cu); {@code CnnTrainLayerParams} appends the aux pointer with {@code .u64(aux)}. */
    public static KernelArgs cnnLayer(KernelArgs a, long in, long out, long w, long b, long batch, int n, int inStride,
                                      int cinConv, int cinTotal, int cout, int constants, int hidden, int act) {
        return a.clear().u64(in).u64(out).u64(w).u64(b).i64(batch).i32(n).i32(inStride).i32(cinConv).i32(cinTotal).i32(cout)
                .i32(constants).i32(hidden).i32(act);
    }

    /** {@code CnnParamGradParams} (cnn.cu). */
    public static KernelArgs cnnParamGrad(KernelArgs a, long delta, long in, long gw, long batch, int n, int inStride,
                                          int cinConv, int cinTotal, int cout) {
        return a.clear().u64(delta).u64(in).u64(gw).i64(batch).i32(n).i32(inStride).i32(cinConv).i32(cinTotal).i32(cout).i32(0);
    }

    /** {@code CnnInputGradParams} (cnn.cu). */
    public static KernelArgs cnnInputGrad(KernelArgs a, long delta, long dst, long w, long aux, long act, long batch, int n,
                                          int cinConv, int cinTotal, int cout, int activation) {
        return a.clear().u64(delta).u64(dst).u64(w).u64(aux).u64(act).i64(batch).i32(n).i32(cinConv).i32(cinTotal).i32(cout)
                .i32(activation).i32(0);
    }

    /** {@code LayerParams<T>} (mlp.cu): bias + activation, or the delta kernel; unused pointers 0. */
    public static KernelArgs mlpLayer(KernelArgs a, long z, long aux, long b, long act, long count, int n, int activation) {
        return a.clear().u64(z).u64(aux).u64(b).u64(act).i64(count).i32(n).i32(activation);
    }

    /** {@code MlpFusedParams<T>} (mlp.cu); widths past {@code layers} are 0. */
    public static KernelArgs mlpFused(KernelArgs a, int layers, int activation, int[] widths, int maxLayers, int stride,
                                      long batch, long params, long input, long output) {
        a.clear().i32(layers).i32(activation);
        for (int i = 0; i <= maxLayers; i++) a.i32(i <= layers ? widths[i] : 0);
        return a.i32(stride).i64(batch).u64(params).u64(input).u64(output);
    }

    /** {@code ReduceParams} (mlp.cu). */
    public static KernelArgs reduce(KernelArgs a, long x, long z, long partials, long result, long n, double scale, int slot) {
        return a.clear().u64(x).u64(z).u64(partials).u64(result).i64(n).f64(scale).i32(slot);
    }

    /** {@code AdamParams} (mlp.cu). */
    public static KernelArgs adam(KernelArgs a, long params, long grad, long m, long v, long n, double beta1, double beta2,
                                  double eps, double lr, double c1, double c2, double clip) {
        return a.clear().u64(params).u64(grad).u64(m).u64(v).i64(n).f64(beta1).f64(beta2).f64(eps).f64(lr).f64(c1).f64(c2)
                .f64(clip);
    }

    /** {@code EmaParams} (mlp.cu). */
    public static KernelArgs ema(KernelArgs a, long average, long params, long n, double decay) {
        return a.clear().u64(average).u64(params).i64(n).f64(decay);
    }

    /** {@code NearestParams} (kgmm.cu). */
    public static KernelArgs nearest(KernelArgs a, long centroids, long points, long out, long m, int k, int d) {
        return a.clear().u64(centroids).u64(points).u64(out).i64(m).i32(k).i32(d);
    }

    /** {@code InterpParams} (kgmm.cu). */
    public static KernelArgs interp(KernelArgs a, long anchors, long values, long logW, long x, long out, long m, int count,
                                    int d, int outputs, double inv2h2) {
        return a.clear().u64(anchors).u64(values).u64(logW).u64(x).u64(out).i64(m).i32(count).i32(d).i32(outputs).f64(inv2h2);
    }

    /** {@code KdeF64Params} (kde.cu); unused pointers 0. */
    public static KernelArgs kdeF64(KernelArgs a, long nData, long nQuery, int dim, int wantDiv, double negInv2h2, double invH2,
                                    long data, long dataSq, long query, long selfIndex, long scratch, long score,
                                    long divergence, long logSum) {
        return a.clear().i64(nData).i64(nQuery).i32(dim).i32(wantDiv).f64(negInv2h2).f64(invH2).u64(data).u64(dataSq)
                .u64(query).u64(selfIndex).u64(scratch).u64(score).u64(divergence).u64(logSum);
    }

    /** {@code KdeF32Params} (kde.cu); unused pointers 0. */
    public static KernelArgs kdeF32(KernelArgs a, long nData, long nQuery, int dim, double invScale, double invH2, long data,
                                    long dataSq, long query, long selfIndex, long scratch, long score, long divergence,
                                    long logSum) {
        return a.clear().i64(nData).i64(nQuery).i32(dim).f64(invScale).f64(invH2).u64(data).u64(dataSq).u64(query)
                .u64(selfIndex).u64(scratch).u64(score).u64(divergence).u64(logSum);
    }

    /** {@code RowsScaleParams} (grid_conjugate.cu). */
    public static KernelArgs rowsScale(KernelArgs a, long members, long cells, long srcStride, long dstStride, double scale,
                                       long src, long dst) {
        return a.clear().i64(members).i64(cells).i64(srcStride).i64(dstStride).f64(scale).u64(src).u64(dst);
    }

    /** {@code DsmInputParams} (grid_conjugate.cu). */
    public static KernelArgs dsmInput(KernelArgs a, long members, long cells, long srcStride, double sigma2, double tau, long src,
                                      long mean, long std, long in) {
        return a.clear().i64(members).i64(cells).i64(srcStride).f64(sigma2).f64(tau).u64(src).u64(mean).u64(std).u64(in);
    }

    /** {@code AllenCahnConjugateParams} (grid_conjugate.cu). */
    public static KernelArgs allenCahnConjugate(KernelArgs a, long members, long cells, long srcStride, double prefactor,
                                                double alpha, long src, long lin, long dst) {
        return a.clear().i64(members).i64(cells).i64(srcStride).f64(prefactor).f64(alpha).u64(src).u64(lin).u64(dst);
    }
}

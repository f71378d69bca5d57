package org.scorefdt.backend.cpu.jni;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.annotation.Cast;
import org.bytedeco.javacpp.annotation.Const;
import org.bytedeco.javacpp.annotation.MemberSetter;
import org.bytedeco.javacpp.annotation.Name;
import org.bytedeco.javacpp.annotation.Platform;

/**
 * JavaCPP binding of {@code native/include/scorefdt/abi.h} (libscorefdt_cpu). Native methods and
 * struct accessors only; the backend package wraps them, and no {@link Pointer} leaves it.
 */
@Platform(include = "scorefdt/abi.h", link = "scorefdt_cpu")
public class ScoreFdtCpu {
    static {
        // libscorefdt_cpu needs libfftw3.so.3/libfftw3f.so.3: loading the FFTW presets first puts
        // them in the process, where the dynamic linker finds them by soname.
        Loader.load(org.bytedeco.fftw.global.fftw3.class);
        // Likewise libopenblas.so.0 (the MLP's dgemm), with the gfortran runtime it needs.
        Loader.load(org.bytedeco.openblas.global.openblas_nolapack.class);
        Loader.load();
    }

    /** Forces the native libraries to load; throws {@link UnsatisfiedLinkError} if they cannot. */
    public static void load() {
        Loader.load(ScoreFdtCpu.class);
    }

    /** {@code sfdt_lowdim_params}. */
    @Name("sfdt_lowdim_params")
    public static class LowDimParams extends Pointer {
        static { Loader.load(); }

        public LowDimParams() {
            super((Pointer) null);
            allocate();
        }

        private native void allocate();

        @MemberSetter public native LowDimParams model(int v);
        @MemberSetter public native LowDimParams scheme(int v);
        @MemberSetter public native LowDimParams precision(int v);
        @MemberSetter public native LowDimParams dim(int v);
        @MemberSetter public native LowDimParams members(long v);
        @MemberSetter public native LowDimParams member_offset(long v);
        @MemberSetter public native LowDimParams step0(long v);
        @MemberSetter public native LowDimParams nsteps(int v);
        @MemberSetter public native LowDimParams threads(int v);
        @MemberSetter public native LowDimParams seed(@Cast("uint64_t") long v);
        @MemberSetter public native LowDimParams dt(double v);
        @MemberSetter public native LowDimParams sigma(@Const DoublePointer v);
        @MemberSetter public native LowDimParams params(@Const DoublePointer v);
        @MemberSetter public native LowDimParams nparams(int v);
        @MemberSetter public native LowDimParams state(Pointer v);
    }

    /** {@code sfdt_spectral_params}. */
    @Name("sfdt_spectral_params")
    public static class SpectralParams extends Pointer {
        static { Loader.load(); }

        public SpectralParams() {
            super((Pointer) null);
            allocate();
        }

        private native void allocate();

        @MemberSetter public native SpectralParams n(int v);
        @MemberSetter public native SpectralParams precision(int v);
        @MemberSetter public native SpectralParams members(long v);
        @MemberSetter public native SpectralParams member_offset(long v);
        @MemberSetter public native SpectralParams step0(long v);
        @MemberSetter public native SpectralParams nsteps(int v);
        @MemberSetter public native SpectralParams threads(int v);
        @MemberSetter public native SpectralParams seed(@Cast("uint64_t") long v);
        @MemberSetter public native SpectralParams a_re(@Const DoublePointer v);
        @MemberSetter public native SpectralParams a_im(@Const DoublePointer v);
        @MemberSetter public native SpectralParams b_re(@Const DoublePointer v);
        @MemberSetter public native SpectralParams b_im(@Const DoublePointer v);
        @MemberSetter public native SpectralParams state(Pointer v);
    }

    /** {@code sfdt_semilinear_params}. */
    @Name("sfdt_semilinear_params")
    public static class SemiLinearParams extends Pointer {
        static { Loader.load(); }

        public SemiLinearParams() {
            super((Pointer) null);
            allocate();
        }

        private native void allocate();

        @MemberSetter public native SemiLinearParams n(int v);
        @MemberSetter public native SemiLinearParams precision(int v);
        @MemberSetter public native SemiLinearParams scheme(int v);
        @MemberSetter public native SemiLinearParams reaction(int v);
        @MemberSetter public native SemiLinearParams members(long v);
        @MemberSetter public native SemiLinearParams member_offset(long v);
        @MemberSetter public native SemiLinearParams step0(long v);
        @MemberSetter public native SemiLinearParams nsteps(int v);
        @MemberSetter public native SemiLinearParams threads(int v);
        @MemberSetter public native SemiLinearParams seed(@Cast("uint64_t") long v);
        @MemberSetter public native SemiLinearParams dt(double v);
        @MemberSetter public native SemiLinearParams noise_scale(double v);
        @MemberSetter public native SemiLinearParams noise_symbol(@Const DoublePointer v);
        @MemberSetter public native SemiLinearParams lin_re(@Const DoublePointer v);
        @MemberSetter public native SemiLinearParams lin_im(@Const DoublePointer v);
        @MemberSetter public native SemiLinearParams react(@Const DoublePointer v);
        @MemberSetter public native SemiLinearParams e_re(@Const DoublePointer v);
        @MemberSetter public native SemiLinearParams e_im(@Const DoublePointer v);
        @MemberSetter public native SemiLinearParams p1_re(@Const DoublePointer v);
        @MemberSetter public native SemiLinearParams p1_im(@Const DoublePointer v);
        @MemberSetter public native SemiLinearParams p2_re(@Const DoublePointer v);
        @MemberSetter public native SemiLinearParams p2_im(@Const DoublePointer v);
        @MemberSetter public native SemiLinearParams state(Pointer v);
    }

    /** {@code sfdt_ns_params}. */
    @Name("sfdt_ns_params")
    public static class NsParams extends Pointer {
        static { Loader.load(); }

        public NsParams() {
            super((Pointer) null);
            allocate();
        }

        private native void allocate();

        @MemberSetter public native NsParams n(int v);
        @MemberSetter public native NsParams precision(int v);
        @MemberSetter public native NsParams members(long v);
        @MemberSetter public native NsParams member_offset(long v);
        @MemberSetter public native NsParams step0(long v);
        @MemberSetter public native NsParams nsteps(int v);
        @MemberSetter public native NsParams threads(int v);
        @MemberSetter public native NsParams seed(@Cast("uint64_t") long v);
        @MemberSetter public native NsParams dt(double v);
        @MemberSetter public native NsParams u0(double v);
        @MemberSetter public native NsParams nu_hypo(double v);
        @MemberSetter public native NsParams nu(double v);
        @MemberSetter public native NsParams forcing(double v);
        @MemberSetter public native NsParams phase_sigma(double v);
        @MemberSetter public native NsParams dealias(int v);
        @MemberSetter public native NsParams nmodes(int v);
        @MemberSetter public native NsParams mode_kx(@Cast("const int32_t*") IntPointer v);
        @MemberSetter public native NsParams mode_ky(@Cast("const int32_t*") IntPointer v);
        @MemberSetter public native NsParams mode_partner(@Cast("const int32_t*") IntPointer v);
        @MemberSetter public native NsParams state(Pointer v);
    }

    /** {@code sfdt_kde_params}. */
    @Name("sfdt_kde_params")
    public static class KdeParams extends Pointer {
        static { Loader.load(); }

        public KdeParams() {
            super((Pointer) null);
            allocate();
        }

        private native void allocate();

        @MemberSetter public native KdeParams dim(int v);
        @MemberSetter public native KdeParams threads(int v);
        @MemberSetter public native KdeParams n_data(long v);
        @MemberSetter public native KdeParams n_query(long v);
        @MemberSetter public native KdeParams neg_inv_2h2(double v);
        @MemberSetter public native KdeParams inv_h2(double v);
        @MemberSetter public native KdeParams data(@Const DoublePointer v);
        @MemberSetter public native KdeParams data_sq(@Const DoublePointer v);
        @MemberSetter public native KdeParams query(@Const DoublePointer v);
        @MemberSetter public native KdeParams self_index(@Cast("const int64_t*") LongPointer v);
        @MemberSetter public native KdeParams score(DoublePointer v);
        @MemberSetter public native KdeParams divergence(DoublePointer v);
        @MemberSetter public native KdeParams log_sum(DoublePointer v);
    }

    /** {@code sfdt_mlp_params}. */
    @Name("sfdt_mlp_params")
    public static class MlpParams extends Pointer {
        static { Loader.load(); }

        public MlpParams() {
            super((Pointer) null);
            allocate();
        }

        private native void allocate();

        @MemberSetter public native MlpParams layers(int v);
        @MemberSetter public native MlpParams activation(int v);
        @MemberSetter public native MlpParams widths(@Cast("const int32_t*") IntPointer v);
        @MemberSetter public native MlpParams batch(long v);
        @MemberSetter public native MlpParams threads(int v);
        @MemberSetter public native MlpParams params(@Const DoublePointer v);
        @MemberSetter public native MlpParams input(@Const DoublePointer v);
        @MemberSetter public native MlpParams output(DoublePointer v);
        @MemberSetter public native MlpParams workspace(DoublePointer v);
        @MemberSetter public native MlpParams d_output(@Const DoublePointer v);
        @MemberSetter public native MlpParams gradient(DoublePointer v);
        @MemberSetter public native MlpParams d_input(DoublePointer v);
    }

    public static native int sfdt_mlp_forward(@Const MlpParams p);

    public static native int sfdt_mlp_backward(@Const MlpParams p);

    public static native long sfdt_mlp_workspace_size(@Cast("const int32_t*") IntPointer widths, int layers, long batch);

    public static native long sfdt_mlp_param_count(@Cast("const int32_t*") IntPointer widths, int layers);

    /** {@code sfdt_cnn_params}. */
    @Name("sfdt_cnn_params")
    public static class CnnParams extends Pointer {
        static { Loader.load(); }

        public CnnParams() {
            super((Pointer) null);
            allocate();
        }

        private native void allocate();

        @MemberSetter public native CnnParams precision(int v);
        @MemberSetter public native CnnParams n(int v);
        @MemberSetter public native CnnParams fields(int v);
        @MemberSetter public native CnnParams constants(int v);
        @MemberSetter public native CnnParams layers(int v);
        @MemberSetter public native CnnParams activation(int v);
        @MemberSetter public native CnnParams channels(@Cast("const int32_t*") IntPointer v);
        @MemberSetter public native CnnParams batch(long v);
        @MemberSetter public native CnnParams threads(int v);
        @MemberSetter public native CnnParams params(@Cast("const void*") Pointer v);
        @MemberSetter public native CnnParams input(@Cast("const void*") Pointer v);
        @MemberSetter public native CnnParams output(Pointer v);
        @MemberSetter public native CnnParams workspace(Pointer v);
        @MemberSetter public native CnnParams d_output(@Cast("const void*") Pointer v);
        @MemberSetter public native CnnParams gradient(Pointer v);
        @MemberSetter public native CnnParams d_input(Pointer v);
    }

    public static native int sfdt_cnn_forward(@Const CnnParams p);

    public static native int sfdt_cnn_backward(@Const CnnParams p);

    public static native int sfdt_cnn_dsm_gradient(@Const CnnParams p, @Const DoublePointer z, DoublePointer lossNorm);

    public static native long sfdt_cnn_param_count(@Cast("const int32_t*") IntPointer channels, int layers);

    public static native int sfdt_cnn_chunk_samples(int n);

    public static native long sfdt_cnn_workspace_size(@Cast("const int32_t*") IntPointer channels, int layers, int n, int fields,
                                                      long batch, int threads);

    /** {@code sfdt_dsm_update_params}. */
    @Name("sfdt_dsm_update_params")
    public static class DsmUpdateParams extends Pointer {
        static { Loader.load(); }

        public DsmUpdateParams() {
            super((Pointer) null);
            allocate();
        }

        private native void allocate();

        @MemberSetter public native DsmUpdateParams precision(int v);
        @MemberSetter public native DsmUpdateParams n(long v);
        @MemberSetter public native DsmUpdateParams master(DoublePointer v);
        @MemberSetter public native DsmUpdateParams params32(FloatPointer v);
        @MemberSetter public native DsmUpdateParams grad(@Cast("const void*") Pointer v);
        @MemberSetter public native DsmUpdateParams m(DoublePointer v);
        @MemberSetter public native DsmUpdateParams v(DoublePointer v);
        @MemberSetter public native DsmUpdateParams ema(DoublePointer v);
        @MemberSetter public native DsmUpdateParams clip(double v);
        @MemberSetter public native DsmUpdateParams beta1(double v);
        @MemberSetter public native DsmUpdateParams beta2(double v);
        @MemberSetter public native DsmUpdateParams eps(double v);
        @MemberSetter public native DsmUpdateParams lr(double v);
        @MemberSetter public native DsmUpdateParams c1(double v);
        @MemberSetter public native DsmUpdateParams c2(double v);
        @MemberSetter public native DsmUpdateParams ema_decay(double v);
    }

    public static native int sfdt_dsm_update(@Const DsmUpdateParams p);

    public static native int sfdt_kde_score(@Const KdeParams p);

    public static native int sfdt_adam_step(DoublePointer params, @Const DoublePointer grad, DoublePointer m, DoublePointer v,
                                            long n, double beta1, double beta2, double eps, double lr, double c1, double c2);

    public static native int sfdt_ema_update(DoublePointer average, @Const DoublePointer params, long n, double decay);

    public static native int sfdt_dsm_residual(DoublePointer out, @Const DoublePointer z, long n, double scale, DoublePointer sumSq);

    public static native int sfdt_lowdim_advance(@Const LowDimParams p);

    public static native int sfdt_spectral_advance(@Const SpectralParams p);

    public static native int sfdt_semilinear_advance(@Const SemiLinearParams p);

    public static native int sfdt_ns_advance(@Const NsParams p);

    public static native int sfdt_philox_normals(@Cast("uint64_t") long seed, @Cast("uint32_t") int stream,
                                                 long member, long step, DoublePointer out, long count);

    public static native int sfdt_philox_block(@Cast("uint32_t") int c0, @Cast("uint32_t") int c1,
                                               @Cast("uint32_t") int c2, @Cast("uint32_t") int c3,
                                               @Cast("uint32_t") int k0, @Cast("uint32_t") int k1,
                                               @Cast("uint32_t*") IntPointer out4);

    public static native int sfdt_max_threads();

    public static native @Cast("const char*") BytePointer sfdt_status_message(int code);
}

package org.scorefdt.backend.cpu.jni;

import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.annotation.Platform;
import org.bytedeco.javacpp.annotation.Properties;
import org.bytedeco.javacpp.tools.Info;
import org.bytedeco.javacpp.tools.InfoMap;
import org.bytedeco.javacpp.tools.InfoMapper;

/**
 * How JavaCPP binds {@code native/include/scorefdt/abi.h}, the C ABI of libscorefdt_cpu: the build
 * parses the header into {@code ScoreFdtCpu} (generated sources: the functions, and the parameter
 * structs with a setter per field), so the ABI is declared once. The backend package wraps the
 * binding; no {@code Pointer} leaves it.
 */
// preload: libscorefdt_omp_env sets OMP_WAIT_POLICY=PASSIVE (unless set) before libscorefdt_cpu brings in
// libgomp, which reads it once at load (native/cpu/omp_env.cpp says why).
@Properties(target = "org.scorefdt.backend.cpu.jni.ScoreFdtCpu",
        value = @Platform(include = "scorefdt/abi.h", link = "scorefdt_cpu", preload = "scorefdt_omp_env"))
public class ScoreFdtCpuConfig implements InfoMapper {
    static {
        // libscorefdt_cpu needs libfftw3.so.3/libfftw3f.so.3 and libopenblas.so.0 (with its gfortran
        // runtime): loading the presets first puts them in the process, where the dynamic linker finds
        // them by soname. A superclass initialises before the generated binding loads its library.
        try {
            Loader.load(org.bytedeco.fftw.global.fftw3.class);
            Loader.load(org.bytedeco.openblas.global.openblas_nolapack.class);
        } catch (NoClassDefFoundError headerParser) {
            // Only the build's header parser loads this class without the presets on its class path.
        }
    }

    @Override
    public void map(InfoMap infoMap) {
        infoMap.put(new Info("SFDT_API").cppTypes().annotations());
        String[][] names = {{"sfdt_lowdim_params", "LowDimParams"}, {"sfdt_spectral_params", "SpectralParams"},
            {"sfdt_semilinear_params", "SemiLinearParams"}, {"sfdt_ns_params", "NsParams"}, {"sfdt_kde_params", "KdeParams"},
            {"sfdt_mlp_params", "MlpParams"}, {"sfdt_cnn_params", "CnnParams"}, {"sfdt_dsm_update_params", "DsmUpdateParams"},
            {"sfdt_lagged_grid_params", "LaggedGridParams"}, {"sfdt_lagged_fft_params", "LaggedFftParams"},
            {"sfdt_lagged_auto_params", "LaggedAutoParams"},
            {"sfdt_spectral_score_params", "SpectralScoreParams"},
            {"sfdt_lagged_matrix_params", "LaggedMatrixParams"}};
        for (String[] n : names) infoMap.put(new Info(n[0]).pointerTypes(n[1]));
    }
}

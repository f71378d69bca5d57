package org.scorefdt.backend.cuda.runtime;

import org.bytedeco.cuda.global.cudart;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.PointerPointer;
import org.scorefdt.ScoreFdtException;

/**
 * A CUDA driver or cuFFT call that returned an error. The message names the call, the error's
 * symbolic name (e.g. {@code CUDA_ERROR_OUT_OF_MEMORY}) and its numeric code, so a log line says
 * what failed without a debugger.
 */
public final class CudaException extends ScoreFdtException {
    private static final long serialVersionUID = 1L;

    /** cufftResult names by value (cufft.h, CUDA 13); the presets give no name lookup for them. */
    private static final String[] CUFFT_NAMES = {
        "CUFFT_SUCCESS", "CUFFT_INVALID_PLAN", "CUFFT_ALLOC_FAILED", "CUFFT_INVALID_TYPE", "CUFFT_INVALID_VALUE",
        "CUFFT_INTERNAL_ERROR", "CUFFT_EXEC_FAILED", "CUFFT_SETUP_FAILED", "CUFFT_INVALID_SIZE", "CUFFT_UNALIGNED_DATA",
        "CUFFT_INCOMPLETE_PARAMETER_LIST", "CUFFT_INVALID_DEVICE", "CUFFT_PARSE_ERROR", "CUFFT_NO_WORKSPACE",
        "CUFFT_NOT_IMPLEMENTED", "CUFFT_LICENSE_ERROR", "CUFFT_NOT_SUPPORTED"};

    private final int code;
    private final String errorName;

    CudaException(String call, int code, String errorName, String description) {
        super(call + " failed: " + errorName + " (" + code + ")" + (description.isEmpty() ? "" : ": " + description));
        this.code = code;
        this.errorName = errorName;
    }

    /** The numeric CUresult or cufftResult. */
    public int code() {
        return code;
    }

    /** The symbolic error name, e.g. {@code CUDA_ERROR_OUT_OF_MEMORY}. */
    public String errorName() {
        return errorName;
    }

    /** Whether this is the driver's out-of-memory error (callers may retry with smaller chunks). */
    public boolean isOutOfMemory() {
        return code == cudart.CUDA_ERROR_OUT_OF_MEMORY && errorName.startsWith("CUDA_");
    }

    /** Throws if a driver-API call failed. */
    public static void check(int result, String call) {
        if (result != cudart.CUDA_SUCCESS) throw driver(result, call);
    }

    /** Throws if a cuFFT call failed. */
    static void checkCufft(int result, String call) {
        if (result != 0) {
            String name = result >= 0 && result < CUFFT_NAMES.length ? CUFFT_NAMES[result] : "CUFFT_ERROR_" + result;
            throw new CudaException(call, result, name, "");
        }
    }

    static CudaException driver(int result, String call) {
        return new CudaException(call, result, lookup(result, true), lookup(result, false));
    }

    private static String lookup(int result, boolean name) {
        try (PointerPointer<BytePointer> out = new PointerPointer<>(1)) {
            int r = name ? cudart.cuGetErrorName(result, out) : cudart.cuGetErrorString(result, out);
            BytePointer s = out.get(BytePointer.class, 0);
            if (r != cudart.CUDA_SUCCESS || s == null || s.isNull()) return name ? "CUDA_ERROR_" + result : "";
            return s.getString();
        }
    }
}

package org.scorefdt.backend.cuda.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;
import org.bytedeco.cuda.cudart.CUfunc_st;
import org.bytedeco.cuda.cudart.CUmod_st;
import org.bytedeco.cuda.cudart.CUstream_st;
import org.bytedeco.cuda.global.cudart;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerPointer;

/**
 * One kernel fatbin, loaded from the jar and launched through the driver API. The build
 * (cmake/cuda.cmake) compiles each {@code cuda/kernels/NAME.cu} to
 * {@code org/scorefdt/backend/cuda/NAME.fatbin} in the classes folder (sm_80 and sm_90 SASS plus
 * compute_90 PTX, which the driver JIT-compiles for newer GPUs); {@code cuModuleLoadData} picks the
 * matching image. Modules are loaded once per process and kept (they are small).
 */
public final class KernelModule {
    /** Folder of the fatbins among the jar resources. */
    public static final String RESOURCE_DIR = "/org/scorefdt/backend/cuda/";
    /**
     * Threads per block of the one-thread-per-element launches ({@link #launch(String, long, Pointer)}).
     * Kernels with block-sized shared arrays (KDE, KGMM, the fused MLP, reductions) keep their own sizes.
     */
    public static final int THREADS = 256;
    private static final int DEFAULT_SHARED_LIMIT = 48 * 1024;

    private final CudaDevice device;
    private final String name;
    private final CUmod_st module;
    private final Map<String, CUfunc_st> functions = new HashMap<>();
    private final Map<String, Integer> sharedOptIn = new HashMap<>();
    private final PointerPointer<Pointer> params = new PointerPointer<>(1);

    private KernelModule(CudaDevice device, String name, CUmod_st module) {
        this.device = device;
        this.name = name;
        this.module = module;
    }

    /** Whether the fatbin of {@code name} is in the jar (false in a build without nvcc). */
    public static boolean present(String name) {
        return KernelModule.class.getResource(RESOURCE_DIR + name + ".fatbin") != null;
    }

    /**
     * The module {@code name} ({@code cuda/kernels/NAME.cu}), loaded on first use.
     *
     * @throws IllegalStateException if the fatbin is not in the jar (built with scorefdt.cuda=OFF
     *     or without nvcc)
     * @throws CudaException if the driver rejects it (e.g. no image for this GPU and no PTX JIT)
     */
    public static KernelModule load(CudaDevice device, String name) {
        return device.module(name, n -> loadNew(device, n));
    }

    private static KernelModule loadNew(CudaDevice device, String name) {
        byte[] image = readResource(name);
        device.makeCurrent();
        CUmod_st mod = new CUmod_st();
        try (BytePointer data = new BytePointer(image.length)) {
            data.put(image, 0, image.length);
            CudaException.check(cudart.cuModuleLoadData(mod, data), "cuModuleLoadData(" + name + ".fatbin)");
        }
        return new KernelModule(device, name, mod);
    }

    private static byte[] readResource(String name) {
        String path = RESOURCE_DIR + name + ".fatbin";
        try (InputStream in = KernelModule.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("kernel image " + path + " is not in the jar: this build ran without nvcc "
                        + "(-Dscorefdt.cuda=OFF or no nvcc on PATH/CUDACXX)");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read kernel image " + path + ": " + e.getMessage(), e);
        }
    }

    /** The module name. */
    public String name() {
        return name;
    }

    /** The kernel {@code fn} (an {@code extern "C" __global__} function), looked up once. */
    public synchronized CUfunc_st function(String fn) {
        CUfunc_st f = functions.get(fn);
        if (f == null) {
            device.makeCurrent();
            f = new CUfunc_st();
            CudaException.check(cudart.cuModuleGetFunction(f, module, fn), "cuModuleGetFunction(" + name + "." + fn + ")");
            functions.put(fn, f);
        }
        return f;
    }

    /** Registers per thread of {@code fn}, as ptxas allotted them (for logs and occupancy). */
    public int registers(String fn) {
        int[] v = new int[1];
        CudaException.check(cudart.cuFuncGetAttribute(v, cudart.CU_FUNC_ATTRIBUTE_NUM_REGS, function(fn)), "cuFuncGetAttribute");
        return v[0];
    }

    /** Blocks of {@code perBlock} threads covering {@code work} threads: ⌈work / perBlock⌉. */
    public static long blocks(long work, int perBlock) {
        return (work + perBlock - 1) / perBlock;
    }

    /** Blocks of {@link #THREADS} covering {@code work} threads. */
    public static long blocks(long work) {
        return blocks(work, THREADS);
    }

    /** As {@link #blocks(long, int)}, clamped to 1 … {@code maxBlocks} (for grid-stride kernels). */
    public static long blocks(long work, int perBlock, long maxBlocks) {
        return Math.max(1, Math.min(blocks(work, perBlock), maxBlocks));
    }

    /** Launches {@code fn} with one thread per element of {@code work}, in blocks of {@link #THREADS}. */
    public void launch(String fn, long work, Pointer args) {
        launch(fn, blocks(work), THREADS, 0, args);
    }

    /**
     * Launches the grid-stride kernel {@code fn} over {@code work} elements: blocks of {@link #THREADS},
     * at least one and at most {@code maxBlocks}.
     */
    public void launchCapped(String fn, long work, long maxBlocks, Pointer args) {
        launch(fn, blocks(work, THREADS, maxBlocks), THREADS, 0, args);
    }

    /**
     * Launches {@code fn} on a 1-D grid with one by-value struct argument, a {@code KernelParams}
     * struct (the driver copies it at the launch, so the caller may refill it at once). Asynchronous:
     * errors in the kernel surface at the next synchronising call ({@link CudaDevice#synchronize}, a copy).
     *
     * @param blocks      grid size, 1 ≤ blocks ≤ 2³¹ − 1
     * @param threads     threads per block, 1 … 1024
     * @param sharedBytes dynamic shared memory per block (above 48 KiB the function opts in)
     */
    public synchronized void launch(String fn, long blocks, int threads, int sharedBytes, Pointer args) {
        if (blocks < 1 || blocks > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(name + "." + fn + ": grid of " + blocks + " blocks outside 1 … 2^31-1");
        }
        if (threads < 1 || threads > 1024) throw new IllegalArgumentException(name + "." + fn + ": " + threads + " threads per block");
        CUfunc_st f = function(fn);
        device.makeCurrent();
        if (sharedBytes > DEFAULT_SHARED_LIMIT && sharedOptIn.getOrDefault(fn, 0) < sharedBytes) {
            CudaException.check(cudart.cuFuncSetAttribute(f, cudart.CU_FUNC_ATTRIBUTE_MAX_DYNAMIC_SHARED_SIZE_BYTES, sharedBytes),
                    "cuFuncSetAttribute(" + fn + ", max dynamic shared = " + sharedBytes + ")");
            sharedOptIn.put(fn, sharedBytes);
        }
        params.put(0, args);
        CudaException.check(cudart.cuLaunchKernel(f, (int) blocks, 1, 1, threads, 1, 1, sharedBytes, (CUstream_st) null,
                params, (PointerPointer<?>) null), "cuLaunchKernel(" + name + "." + fn + ", " + blocks + "×" + threads + ")");
    }
}

package org.scorefdt.backend.cuda.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntToLongFunction;
import org.scorefdt.integrate.Precision;

/**
 * The device memory of a batched integrator for one chunk of members: its buffers and its batched
 * cuFFT plan, sized from {@code cuMemGetInfo} ({@link #chunkSize}) and, on an out-of-memory error from
 * an allocation or from cuFFT's planning, freed and tried again with half the chunk ({@link #prepare}),
 * failing with the chunk size when even one member does not fit. Results do not depend on the chunk
 * (the noise is keyed by the global member index). The workspace owns what {@link Layout#allocate}
 * takes from it and frees it all at once. Not thread-safe.
 */
public final class ChunkedWorkspace implements AutoCloseable {
    /** Takes the buffers (and plan) of a chunk from the workspace; the caller keeps references to them. */
    @FunctionalInterface
    public interface Layout {
        void allocate(ChunkedWorkspace w, int chunk, int copies);
    }

    private final CudaDevice device;
    private final int maxChunk;
    private final List<AutoCloseable> held = new ArrayList<>();
    /** Members per chunk of what is held, 0 with nothing held; states per member it has room for. */
    private int chunk, copies;
    private int allocating;

    /** @param maxChunk members per chunk at most (bounds the plans' work areas and the launch sizes) */
    public ChunkedWorkspace(CudaDevice device, int maxChunk) {
        this.device = device;
        this.maxChunk = maxChunk;
    }

    /**
     * Members per chunk: all of them, at most the maximum, at most what fits in free memory plus what
     * this workspace already holds ({@code bytesPerMember} of the copies, both counted for a pair). What
     * is held is kept if it has room for the copies and its chunk is within a factor 2 above that
     * (replanning costs more than transforming a few idle rows).
     */
    public int chunkSize(int members, int copies, IntToLongFunction bytesPerMember) {
        long perMember = bytesPerMember.applyAsLong(copies);
        long heldMembers = chunk == 0 ? 0 : chunk * bytesPerMember.applyAsLong(this.copies) / perMember;
        long want = Math.min(Math.min(members, maxChunk), device.membersThatFit(perMember, 0, heldMembers));
        if (chunk != 0 && this.copies >= copies && chunk >= want && chunk <= 2 * want) return chunk;
        return (int) want;
    }

    /**
     * Buffers and plan for chunks of {@code chunk} members with room for {@code copies} states, kept if
     * already held; on an out-of-memory error (buffers or cuFFT's work area) all is freed and the chunk
     * halved. Returns the chunk in use.
     *
     * @param what the run, for the error when even one member does not fit (e.g. "16×16 F64 Navier–Stokes")
     */
    public int prepare(int chunk, int copies, String what, Layout layout) {
        while (true) {
            try {
                if (this.chunk != chunk || this.copies < copies) {
                    free();
                    allocating = chunk;
                    layout.allocate(this, chunk, copies);
                    this.chunk = chunk;
                    this.copies = copies;
                }
                return chunk;
            } catch (CudaException e) {
                free();
                if (!(e.isOutOfMemory() || e.errorName().equals("CUFFT_ALLOC_FAILED")) || chunk == 1) {
                    throw new IllegalStateException("device memory: cannot hold a chunk of " + chunk + " members of " + what
                            + (copies == 2 ? " (paired: two copies)" : "") + " (" + e.getMessage() + ")", e);
                }
                chunk = Math.max(1, chunk / 2);
            }
        }
    }

    /** A buffer of {@code perMember} values per member of the chunk being allocated, owned by this workspace. */
    public DeviceBuffer buffer(Dtype type, long perMember) {
        return own(DeviceBuffer.allocate(device, type, perMember * allocating));
    }

    /** As {@link #buffer}, zeroed (idle rows of a short chunk stay finite). */
    public DeviceBuffer zeroed(Dtype type, long perMember) {
        DeviceBuffer b = buffer(type, perMember);
        b.zero();
        return b;
    }

    /** The batched n×n plan over the chunk being allocated, owned by this workspace. */
    public CufftPlan2d plan(int n, Precision precision) {
        return own(new CufftPlan2d(device, n, allocating, precision));
    }

    private <T extends AutoCloseable> T own(T r) {
        held.add(r);
        return r;
    }

    /** Members per chunk of what is held, 0 with nothing held. */
    public int chunk() {
        return chunk;
    }

    /** Frees all held buffers and the plan. */
    public void free() {
        for (AutoCloseable r : held) {
            try {
                r.close();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        held.clear();
        chunk = copies = 0;
    }

    @Override
    public void close() {
        free();
    }
}

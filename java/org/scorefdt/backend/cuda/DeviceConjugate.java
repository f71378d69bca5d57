package org.scorefdt.backend.cuda;

/**
 * The conjugate B = −s of a grid score formed on the device ({@link org.scorefdt.response.Conjugate}'s
 * device counterpart), for {@link CudaLaggedGridAccumulator#withConjugate}. Implementations hold
 * their own device scratch, sized for the member count seen, and never copy to or from the host
 * per call. Not thread-safe.
 */
public interface DeviceConjugate extends AutoCloseable {

    /** Values per field, N². */
    int dimension();

    /**
     * B for {@code members} fields.
     *
     * @param fields  {@code [members][N²]} F64 on the device, read-only
     * @param out     {@code [members][N²]} F64, receives B
     */
    void apply(DeviceBuffer fields, int members, DeviceBuffer out);

    @Override
    void close();
}

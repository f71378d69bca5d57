package org.scorefdt.backend.cuda.response;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.scorefdt.backend.cuda.runtime.DeviceBuffer;
import org.scorefdt.backend.cuda.runtime.DeviceBuffer.CopyCount;
import org.scorefdt.testing.CudaTier;

/**
 * GPU-only: what {@link CudaLaggedMatrix} moves between host and device (the sums stay on the device
 * between reads) and how it rejects bad block starts. Its sums against the Java loop are
 * {@code LaggedMatrixParityGpuTest}'s. Skipped with the cause without a GPU.
 */
@Tag("gpu")
class CudaLaggedMatrixTest {

    @Test
    void eachSaveUploadsStatesAndConjugatesAndReadsNothingBack() {
        var device = CudaTier.require().device();
        int d = 3, members = 5, lags = 4, blocks = 2;
        int[] starts = {0, 3, 5};
        double[] x = new double[members * d], b = new double[members * d];
        try (CudaLaggedMatrix k = new CudaLaggedMatrix(device, d, new int[] {2, 0}, lags, blocks)) {
            k.observe(0, x, b, members, starts);  // the first save of a batch also uploads the block starts
            CopyCount before = DeviceBuffer.copies();
            for (int t = 1; t < 6; t++) k.observe(t, x, b, members, starts.clone());
            CopyCount saves = DeviceBuffer.copies().since(before);
            assertEquals(new CopyCount(10, 0, 10L * members * d * 8, 0), saves, "two uploads per save, nothing back");
            double[] sums = new double[blocks * lags * d * 2], marginals = new double[blocks * lags * (d + 2)];
            before = DeviceBuffer.copies();
            k.sumsInto(sums, marginals);
            assertEquals(2, DeviceBuffer.copies().since(before).toHost(), "sums and marginals, one copy each");
        }
    }

    @Test
    void blockStartsThatDoNotCoverTheMembersAreRejected() {
        var device = CudaTier.require().device();
        double[] x = new double[6];
        try (CudaLaggedMatrix k = new CudaLaggedMatrix(device, 2, new int[] {1}, 2, 2)) {
            var e = assertThrows(IllegalArgumentException.class, () -> k.observe(0, x, x, 3, new int[] {0, 1, 2}));
            assertTrue(e.getMessage().contains("block starts [0, 1, 2] for 3 members in 2 blocks"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> k.observe(0, x, x, 3, new int[] {0, 3}));
        }
    }
}

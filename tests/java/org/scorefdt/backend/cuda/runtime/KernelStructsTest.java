package org.scorefdt.backend.cuda.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.bytedeco.javacpp.BytePointer;
import org.junit.jupiter.api.Test;

/**
 * The Java builders of the kernel parameter structs have the sizes the .cu files static_assert
 * (host-only), and put fields where C puts them.
 */
class KernelStructsTest {

    @Test
    void sizesMatchTheCStructs() {
        try (KernelArgs a = new KernelArgs()) {
            assertEquals(KernelStructs.LOWDIM, KernelStructs.lowdim(a, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0.1, 8.0, 10, 11, 12).size());
            assertEquals(KernelStructs.PHILOX_NORMALS, KernelStructs.philoxNormals(a, 1, 1, 2, 3, 4, 5, 6).size());
            assertEquals(KernelStructs.SPECTRAL_NOISE, KernelStructs.spectralNoise(a, 1, 2, 3, 4, 5, 6).size());
            assertEquals(KernelStructs.SPECTRAL_UPDATE, KernelStructs.spectralUpdate(a, 1, 2, 3, 4, 5, 6, 7, 8).size());
            assertEquals(KernelStructs.SPECTRAL_SCALE, KernelStructs.spectralScale(a, 1, 2, 3).size());
            assertEquals(KernelStructs.LAGGED_PUSH, KernelStructs.laggedPush(a, 1, 2, 3, 4, 5, 6, 7, 8).size());
            assertEquals(KernelStructs.LAGGED_COLUMN, KernelStructs.laggedColumn(a, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10).size());
            assertEquals(KernelStructs.LAGGED_MODES, KernelStructs.laggedModes(a, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10).size());
            assertEquals(KernelStructs.TRUTH, KernelStructs.truth(a, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0.5, 10, 11, 12, 13, 14, 15, 16,
                    17, 18, 19, 20, 21, 22, 23, 24, 25).size());
            assertEquals(KernelStructs.SEMI_CELL, KernelStructs.semiCell(a, 1, 2, 0.1, 0.2, 3, 4, 5, 6, 7, 8).size());
            assertEquals(KernelStructs.SEMI_MODE, KernelStructs.semiMode(a, 1, 2, 3, 4, 5, 6, 7, 8, 9).size());
            assertEquals(KernelStructs.NS, KernelStructs.ns(a, 1, 2, 3, 4, 5, 1, 6, 7, 8, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6,
                    new long[] {9, 10}, 11, 12, 13).size());
            assertEquals(KernelStructs.CONJ_AFFINE, KernelStructs.conjAffine(a, 1, 2, 3, 4, 5, 6, 7, 0.5, 0.25).size());
            assertEquals(KernelStructs.CONJ_GAUSSIAN, KernelStructs.conjGaussian(a, 1, 2, 3, 4, 5, 6).size());
            assertEquals(KernelStructs.CONJ_MATVEC, KernelStructs.conjMatvec(a, 1, 2, 3, 4, 5).size());
            assertEquals(KernelStructs.CONJ_LOCAL_POLY, KernelStructs.conjLocalPoly(a, 1, 2, 3, 4, 5, 0.5, 0.25, 6, -3, 7, 8, 9).size());
            assertEquals(KernelStructs.CNN_LAYER, KernelStructs.cnnLayer(a, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13).size());
            assertEquals(KernelStructs.CNN_TRAIN_LAYER, KernelStructs.cnnLayer(a, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13).u64(14).size());
            assertEquals(KernelStructs.CNN_PARAM_GRAD, KernelStructs.cnnParamGrad(a, 1, 2, 3, 4, 5, 6, 7, 8, 9).size());
            assertEquals(KernelStructs.CNN_INPUT_GRAD, KernelStructs.cnnInputGrad(a, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11).size());
            assertEquals(KernelStructs.MLP_FUSED, KernelStructs.mlpFused(a, 2, 1, new int[] {3, 4, 5}, 8, 6, 7, 8, 9, 10).size());
            assertEquals(KernelStructs.MLP_LAYER, KernelStructs.mlpLayer(a, 1, 2, 3, 4, 5, 6, 7).size());
            assertEquals(KernelStructs.REDUCE, KernelStructs.reduce(a, 1, 2, 3, 4, 5, 0.5, 6).size());
            assertEquals(KernelStructs.ADAM, KernelStructs.adam(a, 1, 2, 3, 4, 5, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7).size());
            assertEquals(KernelStructs.EMA, KernelStructs.ema(a, 1, 2, 3, 0.5).size());
            assertEquals(KernelStructs.NEAREST, KernelStructs.nearest(a, 1, 2, 3, 4, 5, 6).size());
            assertEquals(KernelStructs.INTERP, KernelStructs.interp(a, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0.5).size());
            assertEquals(KernelStructs.KDE_F64, KernelStructs.kdeF64(a, 1, 2, 3, 1, 0.5, 0.25, 4, 5, 6, 7, 8, 9, 10, 11).size());
            assertEquals(KernelStructs.KDE_F32, KernelStructs.kdeF32(a, 1, 2, 3, 0.5, 0.25, 4, 5, 6, 7, 8, 9, 10, 11).size());
            assertEquals(KernelStructs.ROWS_SCALE, KernelStructs.rowsScale(a, 1, 2, 3, 4, 0.5, 5, 6).size());
            assertEquals(KernelStructs.DSM_INPUT, KernelStructs.dsmInput(a, 1, 2, 3, 0.5, 0.25, 4, 5, 6, 7).size());
            assertEquals(KernelStructs.ALLEN_CAHN_CONJUGATE, KernelStructs.allenCahnConjugate(a, 1, 2, 3, 0.5, 0.25, 4, 5, 6).size());
        }
    }

    @Test
    void lowdimFieldsSitAtTheirCOffsets() {
        try (KernelArgs a = new KernelArgs()) {
            KernelStructs.lowdim(a, 11, 22, 33, 44, 55, 66, 77, 88, 99, 0.5, 8.0, 0xA1, 0xB2, 0xC3);
            BytePointer p = a.pointer();
            byte[] b = new byte[KernelStructs.LOWDIM];
            p.position(0).get(b);
            ByteBuffer s = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
            // offsetof in LowdimParams: seed 0, members 8, member_offset 16, step0 24, nsteps 32, dim 36,
            // model 40, scheme 44, teams 48, pad 52, dt 56, forcing 64, s 72, state 80, state2 88.
            assertEquals(11, s.getLong(0));
            assertEquals(44, s.getLong(24));
            assertEquals(55, s.getInt(32));
            assertEquals(99, s.getInt(48));
            assertEquals(0.5, s.getDouble(56));
            assertEquals(8.0, s.getDouble(64));
            assertEquals(0xA1, s.getLong(72));
            assertEquals(0xC3, s.getLong(88));
        }
    }

    @Test
    void truthFieldsSitAtTheirCOffsets() {
        try (KernelArgs a = new KernelArgs()) {
            KernelStructs.truth(a, 11, 22, 33, 44, 55, 66, 77, 88, -1, 0.25, 0xA1, 0xA2, 0xA3, 0xA4, 0xA5, 0xA6, 0xA7, 0xA8,
                    0xA9, 0xAA, 0xAB, 256, 0xB1, 0xB2, 0xB3, 0xB4);
            byte[] b = new byte[KernelStructs.TRUTH];
            a.pointer().position(0).get(b);
            ByteBuffer s = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
            // offsetof in TruthParams: members 0, count0 8, save 16, d 24, observed 28, lags 32, lag 36,
            // projections 40, kick_component 44, delta 48, x 56 … bad_value 136, block 144, part_mean 152 …
            // part_bad_value 176.
            assertEquals(11, s.getLong(0));
            assertEquals(33, s.getLong(16));
            assertEquals(44, s.getInt(24));
            assertEquals(88, s.getInt(40));
            assertEquals(-1, s.getInt(44));
            assertEquals(0.25, s.getDouble(48));
            assertEquals(0xA1, s.getLong(56));
            assertEquals(0xA3, s.getLong(72));
            assertEquals(0xAB, s.getLong(136));
            assertEquals(256, s.getLong(144));
            assertEquals(0xB1, s.getLong(152));
            assertEquals(0xB4, s.getLong(176));
        }
    }
}

package org.scorefdt.backend.cuda.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Loader;
import org.junit.jupiter.api.Test;
import org.scorefdt.backend.cuda.runtime.KernelParams.CnnLayerParams;
import org.scorefdt.backend.cuda.runtime.KernelParams.LowdimParams;
import org.scorefdt.backend.cuda.runtime.KernelParams.MlpFusedParams;
import org.scorefdt.backend.cuda.runtime.KernelParams.TruthParams;

/**
 * The generated bindings of cuda_params.h (host-only): each setter writes its value at the byte
 * offset C gives the field, and the structs have C's sizes — so a kernel reads what a launch wrote.
 * The offsets below are C's layout rules applied by hand to the header (each field aligned to its
 * size, the total padded to 8), independent of the generated code under test.
 */
class KernelParamsTest {

    private static long longAt(org.bytedeco.javacpp.Pointer p, int offset) {
        return new BytePointer(p).capacity(Loader.sizeof(p.getClass())).getLong(offset);
    }

    private static int intAt(org.bytedeco.javacpp.Pointer p, int offset) {
        return new BytePointer(p).capacity(Loader.sizeof(p.getClass())).getInt(offset);
    }

    @Test
    void lowdimFieldsSitWhereCPutsThem() {
        try (LowdimParams p = new LowdimParams()) {
            p.seed(-2L).members(3).member_offset(4).step0(5).nsteps(6).dim(7).model(8).scheme(9).teams(10)
                    .dt(0.25).forcing(8.0).s(0x1000).state(0x2000).state2(0x3000);
            assertEquals(96, Loader.sizeof(LowdimParams.class));
            assertEquals(-2L, longAt(p, 0));
            assertEquals(4, longAt(p, 16));
            assertEquals(6, intAt(p, 32));
            assertEquals(10, intAt(p, 48));
            assertEquals(Double.doubleToLongBits(0.25), longAt(p, 56));
            assertEquals(0x1000, longAt(p, 72));
            assertEquals(0x3000, longAt(p, 88));
        }
    }

    @Test
    void templatedAndArrayFieldsSitWhereCPutsThem() {
        try (CnnLayerParams c = new CnnLayerParams(); MlpFusedParams m = new MlpFusedParams()) {
            c.in(1).out(2).w(3).b(4).batch(5).n(6).in_stride(7).cin_conv(8).cin_total(9).cout(10).constants(11).hidden(12).act(13);
            assertEquals(72, Loader.sizeof(CnnLayerParams.class));
            assertEquals(5, longAt(c, 32));
            assertEquals(13, intAt(c, 68));
            m.layers(2).activation(1).widths(0, 3).widths(8, 9).stride(5).batch(6).params(7).input(8).output(9);
            assertEquals(80, Loader.sizeof(MlpFusedParams.class));
            assertEquals(3, intAt(m, 8));
            assertEquals(9, intAt(m, 40));
            assertEquals(5, intAt(m, 44));
            assertEquals(6, longAt(m, 48));
            assertEquals(9, longAt(m, 72));
        }
    }

    @Test
    void truthStructHasCsSizeAndLastField() {
        try (TruthParams t = new TruthParams()) {
            t.part_bad_value(0xBEEF).delta(0.5).kick_component(3);
            assertEquals(184, Loader.sizeof(TruthParams.class));
            assertEquals(0xBEEF, longAt(t, 176));
            assertEquals(3, intAt(t, 44));
            assertEquals(Double.doubleToLongBits(0.5), longAt(t, 48));
        }
    }
}

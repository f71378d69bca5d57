package org.scorefdt.backend.cuda.runtime;

import org.bytedeco.javacpp.annotation.Platform;
import org.bytedeco.javacpp.annotation.Properties;
import org.bytedeco.javacpp.tools.Info;
import org.bytedeco.javacpp.tools.InfoMap;
import org.bytedeco.javacpp.tools.InfoMapper;

/**
 * How JavaCPP binds {@code native/include/scorefdt/cuda_params.h}, the one declaration of every
 * kernel's parameter struct: the build parses the header into {@code KernelParams} (generated
 * sources, one Java class per struct with a setter per field), so no field list is written twice.
 * Pointer fields hold device addresses, which the host never dereferences: they bind as {@code long}
 * ({@link DeviceBuffer#address}). The templated structs bind their {@code double} instantiation; the
 * header asserts that the {@code float} one has the same layout, so one binding serves both.
 */
@Properties(target = "org.scorefdt.backend.cuda.runtime.KernelParams",
        value = @Platform(include = "scorefdt/cuda_params.h"))
public class KernelParamsConfig implements InfoMapper {
    @Override
    public void map(InfoMap infoMap) {
        for (String t : new String[] {"CnnLayerParams", "MlpFusedParams", "LayerParams"}) {
            infoMap.put(new Info(t + "<double>").pointerTypes(t));
        }
        infoMap.put(new Info("double").valueTypes("double").pointerTypes("@Cast(\"double*\") long"))
                .put(new Info("float").valueTypes("float").pointerTypes("@Cast(\"float*\") long"))
                .put(new Info("int").valueTypes("int").pointerTypes("@Cast(\"int*\") long"))
                .put(new Info("long long").valueTypes("long").pointerTypes("@Cast(\"long long*\") long"))
                .put(new Info("void").pointerTypes("@Cast(\"void*\") long"));
    }
}

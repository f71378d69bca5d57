package org.scorefdt.score.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Model files with the architecture tag: MLP files without it (older writers) still load; bad tags are named. */
class PeriodicCnnModelFileTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Rewrites the JSON header of a model file (recomputing the checksum). */
    private static byte[] rewrite(byte[] file, java.util.function.Consumer<ObjectNode> edit) throws IOException {
        ByteBuffer in = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        int headerBytes = in.getInt(12);
        ObjectNode h = (ObjectNode) JSON.readTree(new String(file, 16, headerBytes, StandardCharsets.UTF_8));
        edit.accept(h);
        byte[] header = JSON.writeValueAsBytes(h);
        int weights = file.length - 16 - headerBytes - 8;
        ByteBuffer out = ByteBuffer.allocate(16 + header.length + weights + 8).order(ByteOrder.LITTLE_ENDIAN);
        out.put(file, 0, 12).putInt(header.length).put(header).put(file, 16 + headerBytes, weights);
        CRC32 crc = new CRC32();
        crc.update(out.array(), 0, out.position());
        out.putLong(crc.getValue());
        return out.array();
    }

    @Test
    void mlpFilesWithoutTheTagStillLoad(@TempDir Path dir) throws IOException {
        DsmScore model = new DsmTrainer(DsmConfig.builder().hiddenWidths(6).steps(20).batchSize(16).evalEvery(10).seed(3).build())
                .train(Fixtures.gaussian(200, 0.5, 1.5, 2), 200, 1, TrainingListener.NONE).model();
        Path f = dir.resolve("mlp.sfdt");
        ModelFile.save(model, f);
        byte[] legacy = rewrite(Files.readAllBytes(f), h -> {
            h.remove("architecture");
            ((ObjectNode) h.get("config")).remove("architecture");
        });
        Path g = dir.resolve("legacy.sfdt");
        Files.write(g, legacy);
        DsmScore back = ModelFile.load(g);
        assertEquals("dsm-mlp", back.name());
        assertEquals(DsmConfig.Architecture.MLP, back.config().architecture());
        assertArrayEquals(model.network().parameters(), back.network().parameters(), 0.0);

        Files.write(g, rewrite(Files.readAllBytes(f), h -> h.put("architecture", "transformer")));
        IOException e = assertThrows(IOException.class, () -> ModelFile.load(g));
        assertTrue(e.getMessage().contains("architecture 'transformer'"), e.getMessage());
        Files.write(g, rewrite(Files.readAllBytes(f), h -> h.put("architecture", "periodic-cnn")));
        e = assertThrows(IOException.class, () -> ModelFile.load(g));
        assertTrue(e.getMessage().contains("inconsistent header"), e.getMessage());
    }

    @Test
    void cnnNeedsSquareFields() {
        DsmConfig cfg = DsmConfig.builder().architecture(DsmConfig.Architecture.PERIODIC_CNN).hiddenWidths(2).steps(1).build();
        double[] x = new double[20 * 3];
        for (int i = 0; i < x.length; i++) x[i] = Math.sin(i);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new DsmTrainer(cfg).train(x, 20, 3, TrainingListener.NONE));
        assertTrue(e.getMessage().contains("not N²"), e.getMessage());
    }
}

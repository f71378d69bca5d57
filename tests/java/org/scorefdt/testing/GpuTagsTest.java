package org.scorefdt.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The GPU node runs the JUnit tests tagged "gpu" ({@code bench/gpu/run-on-node.sh --include-tag gpu}),
 * so a GPU-only test class without the tag would silently never run there. Every test source that
 * asks for the CUDA tier ({@code CudaTier.require()}) must carry {@code @Tag("gpu")}.
 */
class GpuTagsTest {

    @Test
    void everyTestThatNeedsTheCudaTierIsTaggedGpu() throws IOException {
        Path root = Path.of("tests", "java");
        assumeTrue(Files.isDirectory(root), "test sources not found at " + root.toAbsolutePath() + " (run from the repository root)");
        List<Path> untagged;
        try (Stream<Path> files = Files.walk(root)) {
            untagged = files.filter(p -> p.toString().endsWith("Test.java")).filter(p -> {
                try {
                    String s = Files.readString(p);
                    return s.contains("CudaTier.require(") && !s.contains("@Tag(\"gpu\")");
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).toList();
        }
        assertTrue(untagged.isEmpty(), "GPU-only tests without @Tag(\"gpu\") (the node would skip them): " + untagged);
        try (Stream<Path> files = Files.walk(root)) {
            assertTrue(files.anyMatch(p -> p.endsWith("CudaKdeTest.java")), "the scan found no known GPU test: wrong root?");
        }
    }
}

package org.scorefdt.backend.cuda;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectPackage;

import java.io.PrintWriter;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.scorefdt.testing.CudaTier;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TagFilter;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * Child-JVM entry of {@link FakeDriverTest}: runs every test tagged "gpu" against whatever libcuda.so.1
 * and libcufft.so.12 the loader finds (the fakes); cases too large for the host emulation skip themselves
 * ({@code CudaTier.leaveToTheGpu}).
 * Exit 0: all passed; 1: failures; 3: nothing ran (the CUDA tier did not open).
 */
public final class FakeDriverRunner {
    private FakeDriverRunner() {}

    /** The tag of the GPU-only tests, over the whole test tree. */
    public static final String GPU_TAG = "gpu";

    /** The property naming one class (or Class#method(params)) to run instead of every GPU test, for working on it. */
    static final String ONLY = "scorefdt.fake.only";

    /** The line prefix of the per-class count, {@code gpu test class NAME: N passed, M left to the GPU}, which FakeDriverTest reads. */
    static final String CLASS_LINE = "gpu test class ";

    public static void main(String[] args) {
        // Every test tagged "gpu" anywhere in the tree; the cases the host threads would take minutes over skip
        // themselves here (CudaTier.leaveToTheGpu), so no list of classes, methods or iterations is kept in step.
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(selectPackage("org.scorefdt"))
                .filters(TagFilter.includeTags(GPU_TAG))
                .build();
        String only = System.getProperty(ONLY);
        if (only != null) {
            request = LauncherDiscoveryRequestBuilder.request()
                    .selectors(only.contains("#") ? selectMethod(only) : selectClass(only)).build();
        }
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        Timings timings = new Timings();
        LauncherFactory.create().execute(request, listener, timings);
        TestExecutionSummary s = listener.getSummary();
        PrintWriter out = new PrintWriter(System.out, true);
        timings.perClass.forEach((c, n) -> out.println(CLASS_LINE + c + ": " + n[0] + " passed, " + n[1] + " left to the GPU"));
        s.printTo(out);
        s.printFailuresTo(out, 30);
        out.flush();
        if (s.getTotalFailureCount() > 0) System.exit(1);
        if (s.getTestsSucceededCount() == 0) System.exit(3);
        System.exit(0);
    }

    /**
     * Prints each test's wall time (the emulation is slow for barrier-heavy kernels: leave large cases to
     * the GPU) and counts the tests that passed per class (skipped ones do not count).
     */
    private static final class Timings implements TestExecutionListener {
        private final Map<String, Long> started = new HashMap<>();
        /** Per class: tests passed, tests left to a GPU by {@code CudaTier.leaveToTheGpu}. */
        private final Map<String, int[]> perClass = new TreeMap<>();

        @Override
        public void executionStarted(TestIdentifier id) {
            if (id.isTest()) started.put(id.getUniqueId(), System.nanoTime());
        }

        @Override
        public void executionFinished(TestIdentifier id, TestExecutionResult result) {
            if (id.isTest() && id.getSource().orElse(null) instanceof MethodSource m) {
                boolean passed = result.getStatus() == TestExecutionResult.Status.SUCCESSFUL;
                boolean leftToGpu = result.getStatus() == TestExecutionResult.Status.ABORTED && result.getThrowable()
                        .map(t -> String.valueOf(t.getMessage()).contains(CudaTier.LEFT_TO_THE_GPU)).orElse(false);
                perClass.computeIfAbsent(m.getClassName(), k -> new int[2])[passed ? 0 : 1] += passed || leftToGpu ? 1 : 0;
            }
            Long t0 = started.remove(id.getUniqueId());
            if (t0 != null) {
                System.out.printf("%6d ms %s %s %s%n", (System.nanoTime() - t0) / 1_000_000, result.getStatus(),
                        id.getLegacyReportingName(), id.getDisplayName());
            }
        }
    }
}

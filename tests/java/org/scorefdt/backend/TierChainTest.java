package org.scorefdt.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.scorefdt.integrate.Integrator;
import org.scorefdt.integrate.IntegratorSpec;
import org.scorefdt.integrate.Precision;
import org.scorefdt.integrate.Scheme;
import org.scorefdt.model.DoubleWell;
import org.scorefdt.model.Grid;
import org.scorefdt.model.Model;
import org.scorefdt.response.LaggedGridKernel;
import org.scorefdt.response.ResidentEnsemble;
import org.scorefdt.score.KdePairLoop;
import org.scorefdt.score.KdeTerms;
import org.scorefdt.score.nn.DeviceDsmStep;
import org.scorefdt.score.nn.Mlp;
import org.scorefdt.score.nn.MlpEvaluator;
import org.scorefdt.score.nn.Network;
import org.scorefdt.util.Offer;

/**
 * The tier chain with stand-in tiers: requests walk the tiers best first, the first answer that is
 * not a refusal wins, a reference answer ends the walk and runs on Java, each fallback is reported
 * once per operation and reason (also under concurrent requests), and an absent requested tier
 * fails after closing the tiers already opened.
 */
class TierChainTest {
    private static final KdeTerms TERMS = new KdeTerms(new double[] {0}, new double[] {0}, 1, 1, -0.5, 1);
    private static final Model MODEL = new DoubleWell(1, 0.7);
    private static final IntegratorSpec SPEC = new IntegratorSpec(Scheme.HEUN, 0.01);

    /** A tier whose KDE answer and integrator support are given; it counts closes. */
    private static final class Stub implements Backend {
        final BackendKind kind;
        final Offer<KdePairLoop> kde;
        final Optional<String> integrates;
        int closed;

        Stub(BackendKind kind, Offer<KdePairLoop> kde, Optional<String> integrates) {
            this.kind = kind;
            this.kde = kde;
            this.integrates = integrates;
        }

        @Override public BackendKind kind() { return kind; }
        @Override public Optional<String> unsupported(Model m, IntegratorSpec s, Precision p) { return integrates; }
        @Override public Integrator create(Model m, IntegratorSpec s, Precision p, long seed, int threads) {
            throw new UnsupportedOperationException("not needed");
        }
        @Override public Offer<KdePairLoop> kde(KdeTerms t, int threads) { return kde; }
        @Override public Offer<MlpEvaluator> mlp(Mlp net, int capacity, int threads) { return Offer.reference(); }
        @Override public Offer<org.scorefdt.score.SpectralScoreKernel> spectralScore(Grid g, double mean, double[] s, Precision p,
                                                                                     int threads) { return Offer.reference(); }
        @Override public Offer<org.scorefdt.score.HalfSpectra> halfSpectra(Grid g, int threads) { return Offer.reference(); }
        @Override public Offer<org.scorefdt.score.nn.CnnEvaluator> cnn(org.scorefdt.score.nn.PeriodicCnn net, int capacity, int threads) { return Offer.reference(); }
        @Override public Offer<DeviceDsmStep> dsmStep(Network net, int batch, double ema) { return Offer.declined(kind.configName() + " has none"); }
        @Override public Offer<ResidentEnsemble> resident(Integrator integrator) { return Offer.reference(); }
        @Override public Offer<LaggedGridKernel> laggedGrid(Grid g, int lags, int blocks, Precision p, int threads) {
            return Offer.reference();
        }
        @Override public Offer<org.scorefdt.response.LaggedMatrixKernel> laggedMatrix(int d, int[] columns, int lags, int blocks,
                                                                                       int threads) {
            return Offer.reference();
        }
        @Override public Offer<org.scorefdt.response.DeviceTruth> truth(org.scorefdt.response.PerturbedEnsemble e) {
            return kind == BackendKind.CUDA ? Offer.declined("the run is F32") : Offer.reference();
        }
        @Override public void close() { closed++; }
    }

    private static KdePairLoop loop(String tier) {
        return new KdePairLoop() {
            @Override public String tier() { return tier; }
            @Override public void evaluate(double[] q, int m, long[] s, double[] sc, double[] dv, double[] ls) {}
            @Override public void close() {}
        };
    }

    private static Function<BackendKind, Backend> opener(Stub... stubs) {
        return k -> {
            for (Stub s : stubs) if (s.kind == k) return s;
            throw new BackendUnavailableException(k.configName() + " is absent here", null);
        };
    }

    @Test
    void theBestTierThatOffersWinsAndTheFallbackIsReportedOnce() {
        KdePairLoop cpuLoop = loop("native");
        Stub cuda = new Stub(BackendKind.CUDA, Offer.declined("no kde kernels"), Optional.of("no"));
        Stub cpu = new Stub(BackendKind.CPU, Offer.of(cpuLoop), Optional.empty());
        Stub java = new Stub(BackendKind.JAVA, Offer.reference(), Optional.empty());
        List<Fallback> seen = new ArrayList<>();
        try (TierChain chain = Backends.open(BackendKind.AUTO, seen::add, opener(cuda, cpu, java))) {
            assertEquals(List.of(BackendKind.CUDA, BackendKind.CPU, BackendKind.JAVA), chain.kinds());
            assertSame(cpuLoop, chain.kde(TERMS, 1).value());
            assertSame(cpuLoop, chain.kde(TERMS, 1).value());
            assertEquals(List.of(new Fallback("KDE pair loop", BackendKind.CUDA, BackendKind.CPU, "cuda: no kde kernels")), seen);
            assertSame(cpu, chain.integratorTier(MODEL, SPEC, Precision.F64));
            assertEquals("integrator for " + MODEL.name(), seen.get(1).operation());
            assertEquals("cuda: no", seen.get(1).reason());
        }
        assertEquals(1, cuda.closed);
        assertEquals(1, cpu.closed);
        assertEquals(1, java.closed);
    }

    @Test
    void aReferenceAnswerEndsTheWalkAndRunsOnJava() {
        Stub cuda = new Stub(BackendKind.CUDA, Offer.declined("x"), Optional.empty());
        Stub cpu = new Stub(BackendKind.CPU, Offer.reference(), Optional.empty());
        Stub java = new Stub(BackendKind.JAVA, Offer.of(loop("never asked")), Optional.empty());
        List<Fallback> seen = new ArrayList<>();
        try (TierChain chain = Backends.open(BackendKind.CUDA, seen::add, opener(cuda, cpu, java))) {
            assertTrue(chain.kde(TERMS, 1).byReference());
            assertEquals(BackendKind.JAVA, seen.get(0).used(), "the reference code is Java");
            Offer<DeviceDsmStep> step = chain.dsmStep(Mlp.initialised(new int[] {2, 3, 1}, org.scorefdt.score.nn.Activation.SILU, 1), 4, 0.9);
            assertTrue(step.declined());
            assertEquals("cuda: cuda has none; cpu: cpu has none; java: java has none", step.reason());
        }
    }

    @Test
    void aDeclinedTruthRunsOnTheHostAndSaysWhyThroughTheChannel() {
        Stub cuda = new Stub(BackendKind.CUDA, Offer.declined("x"), Optional.empty());
        Stub cpu = new Stub(BackendKind.CPU, Offer.reference(), Optional.empty());
        List<Fallback> seen = new ArrayList<>();
        try (TierChain chain = Backends.open(BackendKind.AUTO, seen::add, opener(cuda, cpu))) {
            assertTrue(chain.truth(null).byReference());
            assertTrue(chain.truth(null).byReference());
        }
        assertEquals(List.of(new Fallback("perturbed-ensemble truth", BackendKind.CUDA, BackendKind.JAVA, "cuda: the run is F32")), seen);
    }

    @Test
    void concurrentRequestsReportOneFallback() throws Exception {
        Stub cuda = new Stub(BackendKind.CUDA, Offer.declined("busy"), Optional.empty());
        Stub java = new Stub(BackendKind.JAVA, Offer.reference(), Optional.empty());
        List<Fallback> seen = Collections.synchronizedList(new ArrayList<>());
        try (TierChain chain = Backends.open(BackendKind.AUTO, seen::add, opener(cuda, java))) {
            ExecutorService pool = Executors.newFixedThreadPool(4);
            for (int i = 0; i < 64; i++) pool.submit(() -> chain.kde(TERMS, 1));
            pool.shutdown();
            assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS));
        }
        assertEquals(1, seen.size(), seen.toString());
    }

    @Test
    void anAbsentRequestedTierFailsAndClosesWhatWasOpened() {
        Stub java = new Stub(BackendKind.JAVA, Offer.reference(), Optional.empty());
        BackendUnavailableException e = assertThrows(BackendUnavailableException.class,
                () -> Backends.open(BackendKind.CPU, f -> { }, opener(java)));
        assertEquals("cpu is absent here", e.getMessage());
        Stub cpu = new Stub(BackendKind.CPU, Offer.reference(), Optional.empty());
        try (TierChain chain = Backends.open(BackendKind.AUTO, f -> { }, opener(cpu, java))) {
            assertEquals(List.of("cuda: cuda is absent here"), chain.skipped());
            assertEquals(BackendKind.CPU, chain.kind());
        }
        RuntimeException boom = new IllegalStateException("broken tier");
        Stub cuda = new Stub(BackendKind.CUDA, Offer.reference(), Optional.empty());
        assertThrows(IllegalStateException.class, () -> Backends.open(BackendKind.AUTO, f -> { }, k -> {
            if (k == BackendKind.CUDA) return cuda;
            throw boom;
        }));
        assertEquals(1, cuda.closed, "a tier opened before the failure is closed");
    }
}

package org.scorefdt.backend;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import org.scorefdt.integrate.Integrator;
import org.scorefdt.integrate.IntegratorSpec;
import org.scorefdt.integrate.Precision;
import org.scorefdt.model.Grid;
import org.scorefdt.model.Model;
import org.scorefdt.response.PerturbedEnsemble;
import org.scorefdt.response.DeviceTruth;
import org.scorefdt.response.LaggedGridKernel;
import org.scorefdt.response.ResidentEnsemble;
import org.scorefdt.score.KdePairLoop;
import org.scorefdt.score.KdeTerms;
import org.scorefdt.score.nn.CnnEvaluator;
import org.scorefdt.score.nn.DeviceDsmStep;
import org.scorefdt.score.nn.Mlp;
import org.scorefdt.score.nn.MlpEvaluator;
import org.scorefdt.score.nn.Network;
import org.scorefdt.score.nn.PeriodicCnn;
import org.scorefdt.util.Offer;

/**
 * The tiers a job may use, best first (the requested one, then the ones below it that are present:
 * CUDA → native CPU → Java), answering every request as the best tier that offers the operation.
 * Whenever an operation ends on a lower tier than the first, the reason goes to the job's fallback
 * sink once per operation and reason ({@link Fallback}). A tier's "reference" answer (the requesting
 * type's own Java code runs the operation) ends the walk.
 *
 * <p>One per job; closing it closes every tier. Operations already handed out stay usable after
 * that (they own what they hold; the tiers themselves hold no resources a job could exhaust).
 * Thread-safe for concurrent requests.
 */
public final class TierChain implements Backend {
    private final List<Backend> tiers;
    private final List<String> skipped;
    private final Consumer<Fallback> sink;
    private final Set<String> reported = new HashSet<>();

    /**
     * @param tiers   present tiers, best first (at least one)
     * @param skipped why tiers above the first, or absent ones below it, are not in the chain
     * @param sink    receives each fallback once
     */
    TierChain(List<Backend> tiers, List<String> skipped, Consumer<Fallback> sink) {
        if (tiers.isEmpty()) throw new IllegalArgumentException("a tier chain needs at least one tier");
        this.tiers = List.copyOf(tiers);
        this.skipped = List.copyOf(skipped);
        this.sink = sink;
    }

    /** The first (requested, or best present) tier. */
    @Override
    public BackendKind kind() {
        return tiers.get(0).kind();
    }

    /** The first tier alone (for callers that must run on exactly that tier). */
    public Backend first() {
        return tiers.get(0);
    }

    /** The tiers in the order they are asked. */
    public List<BackendKind> kinds() {
        return tiers.stream().map(Backend::kind).toList();
    }

    /** Why tiers were left out of the chain at selection (for manifests). */
    public List<String> skipped() {
        return skipped;
    }

    @Override
    public Optional<String> unsupported(Model model, IntegratorSpec spec, Precision precision) {
        Offer<Backend> o = first(b -> integrates(b, model, spec, precision)).offer();
        return o.declined() ? Optional.of(o.reason()) : Optional.empty();
    }

    /** The tier that runs the integrator, after reporting any fallback. */
    public Backend integratorTier(Model model, IntegratorSpec spec, Precision precision) {
        Offer<Backend> o = walk("integrator for " + model.name(), b -> integrates(b, model, spec, precision));
        if (o.declined()) throw new UnsupportedOperationException("no tier can integrate " + model.name() + ": " + o.reason());
        return o.value();
    }

    /** A tier's answer to "can you integrate this", in the form every other request takes. */
    private static Offer<Backend> integrates(Backend b, Model model, IntegratorSpec spec, Precision precision) {
        return b.unsupported(model, spec, precision).<Offer<Backend>>map(Offer::declined).orElseGet(() -> Offer.of(b));
    }

    @Override
    public Integrator create(Model model, IntegratorSpec spec, Precision precision, long seed, int threads) {
        return integratorTier(model, spec, precision).create(model, spec, precision, seed, threads);
    }

    @Override
    public Offer<KdePairLoop> kde(KdeTerms terms, int threads) {
        return walk("KDE pair loop", b -> b.kde(terms, threads));
    }

    @Override
    public Offer<org.scorefdt.score.SpectralScoreKernel> spectralScore(Grid grid, double mean, double[] spectrum,
                                                                       Precision precision, int threads) {
        return walk("spectral score", b -> b.spectralScore(grid, mean, spectrum, precision, threads));
    }

    @Override
    public Offer<org.scorefdt.score.HalfSpectra> halfSpectra(Grid grid, int threads) {
        return walk("spectrum-fit transforms", b -> b.halfSpectra(grid, threads));
    }

    @Override
    public Offer<MlpEvaluator> mlp(Mlp net, int capacity, int threads) {
        return walk("MLP passes", b -> b.mlp(net, capacity, threads));
    }

    @Override
    public Offer<CnnEvaluator> cnn(PeriodicCnn net, int capacity, int threads) {
        return walk("CNN passes", b -> b.cnn(net, capacity, threads));
    }

    @Override
    public Offer<DeviceDsmStep> dsmStep(Network net, int batch, double emaDecay) {
        return walk("DSM training step", b -> b.dsmStep(net, batch, emaDecay));
    }

    /**
     * A resident run of {@code integrator}: asked of the tiers in order, so a tier that does not hold
     * the integrator's states declines; callers holding the integrator's own tier should ask it.
     */
    @Override
    public Offer<ResidentEnsemble> resident(Integrator integrator) {
        return walk("resident ensemble run", b -> b.resident(integrator));
    }

    @Override
    public Offer<DeviceTruth> truth(PerturbedEnsemble ensemble) {
        return walk("perturbed-ensemble truth", b -> b.truth(ensemble));
    }

    @Override
    public Offer<LaggedGridKernel> laggedGrid(Grid grid, int lags, int blocks, Precision precision, int threads) {
        return walk("lagged grid sums", b -> b.laggedGrid(grid, lags, blocks, precision, threads));
    }

    @Override
    public Offer<org.scorefdt.response.LaggedMatrixKernel> laggedMatrix(int dimension, int[] columns, int lags, int blocks,
                                                                        int threads) {
        return walk("lagged matrix sums", b -> b.laggedMatrix(dimension, columns, lags, blocks, threads));
    }

    /**
     * The first tier's offer that is not a refusal; refusals above it are reported, naming the tier
     * that runs the operation (Java where the answer is the requesting type's reference code).
     */
    private <T> Offer<T> walk(String operation, Function<Backend, Offer<T>> ask) {
        Answer<T> a = first(ask);
        if (!a.offer().declined()) report(operation, a.used(), a.refusals());
        return a.offer();
    }

    /** The first answer that is not a refusal (or the joined refusals), the tier that runs it, and the refusals above it. */
    private record Answer<T>(Offer<T> offer, BackendKind used, List<String> refusals) {}

    private <T> Answer<T> first(Function<Backend, Offer<T>> ask) {
        List<String> why = new ArrayList<>();
        for (Backend b : tiers) {
            Offer<T> o = ask.apply(b);
            if (!o.declined()) return new Answer<>(o, o.byReference() ? BackendKind.JAVA : b.kind(), why);
            why.add(b.kind().configName() + ": " + o.reason());
        }
        return new Answer<>(Offer.declined(String.join("; ", why)), null, why);
    }

    private void report(String operation, BackendKind used, List<String> why) {
        if (why.isEmpty()) return;
        Fallback f = new Fallback(operation, kind(), used, String.join("; ", why));
        synchronized (reported) {
            if (!reported.add(operation + '\u0000' + f.reason())) return;
        }
        sink.accept(f);
    }

    @Override
    public void close() {
        for (Backend b : tiers) b.close();
    }
}

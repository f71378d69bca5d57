package org.scorefdt.throughput;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import org.scorefdt.backend.Backend;
import org.scorefdt.backend.BackendKind;
import org.scorefdt.backend.BackendUnavailableException;
import org.scorefdt.backend.Backends;
import org.scorefdt.backend.TierChain;
import org.scorefdt.util.Offer;

/**
 * The tiers of one score workload: exactly the requested tier (a benchmark row must not quietly
 * measure another one), or under {@code auto} the whole chain, its fallbacks kept as the row's note.
 */
final class BenchTiers implements AutoCloseable {
    private final BackendKind requested;
    private final TierChain chain;
    private final List<String> notes = new ArrayList<>();

    private BenchTiers(BackendKind requested) {
        this.requested = requested;
        try {
            this.chain = Backends.open(requested, f -> notes.add(f.message()));
        } catch (BackendUnavailableException e) {
            throw new WorkloadUnavailableException(requested.configName() + " tier: " + e.getMessage());
        }
        if (requested == BackendKind.AUTO) notes.addAll(chain.skipped());
    }

    static BenchTiers open(BackendKind requested) {
        return new BenchTiers(requested);
    }

    /** The backend asked: the chain under auto, else the requested tier alone. */
    Backend backend() {
        return requested == BackendKind.AUTO ? chain : chain.first();
    }

    /**
     * The operation {@code ask} gets, or {@code reference} where the answer is the reference code.
     *
     * @throws WorkloadUnavailableException when the tier declines
     */
    <T> T take(String what, Function<Backend, Offer<T>> ask, Supplier<T> reference) {
        Offer<T> o = require(what, ask);
        return o.offered() ? o.value() : reference.get();
    }

    /**
     * The answer {@code ask} gets unless it is a refusal.
     *
     * @throws WorkloadUnavailableException when the tier declines
     */
    <T> Offer<T> require(String what, Function<Backend, Offer<T>> ask) {
        Offer<T> o = ask.apply(backend());
        if (o.declined()) throw new WorkloadUnavailableException(requested.configName() + " " + what + ": " + o.reason());
        return o;
    }

    /** The fallbacks and skipped tiers, joined ("" if none). */
    String note() {
        return String.join("; ", notes);
    }

    @Override
    public void close() {
        chain.close();
    }
}

package org.scorefdt.backend.parity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.scorefdt.backend.Backend;
import org.scorefdt.backend.parity.ParityTier.Op;
import org.scorefdt.integrate.Integrator;
import org.scorefdt.integrate.IntegratorSpec;
import org.scorefdt.integrate.Precision;
import org.scorefdt.integrate.Scheme;
import org.scorefdt.model.Lorenz96;
import org.scorefdt.model.Model;
import org.scorefdt.model.Noise;
import org.scorefdt.score.KdeTerms;
import org.scorefdt.score.nn.Activation;
import org.scorefdt.score.nn.Mlp;
import org.scorefdt.score.nn.Network;
import org.scorefdt.score.nn.PeriodicCnn;
import org.scorefdt.response.ResidentEnsemble;
import org.scorefdt.util.Offer;

/**
 * Every tier's table: each operation of {@link org.scorefdt.backend.Backend} answers, without
 * throwing, for representative inputs — integrators: supported (then built, of the model's
 * dimension and the precision asked, and stepping one member) or unsupported with a non-blank reason
 * that {@code integrator} throws; score and network kernels: offered, reference or declined with a
 * non-blank reason, as the tier's table says ({@link ParityTier#expected}). Subclasses name the tiers:
 * {@link OfferTableTest} (java, cpu), {@link OfferTableGpuTest} (cuda, tagged gpu).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class OfferTable {

    abstract List<ParityTier> tiers();

    /** Built-in models (odd and too-large dimensions, each grid family) and a user model with a Java drift only. */
    static Model tableModel(String name) {
        return switch (name) {
            case "l96-2048" -> new Lorenz96(2048, 8.0, 0.5);
            case "user" -> new Model() {
                @Override public String name() { return "user-linear"; }
                @Override public int dimension() { return 3; }
                @Override public void drift(double[] x, int xOff, double[] out, int outOff) {
                    for (int i = 0; i < 3; i++) out[outOff + i] = -x[xOff + i];
                }
                @Override public Noise noise() { return new Noise.Isotropic(0.5); }
            };
            default -> Parity.model(name);
        };
    }

    Stream<Arguments> models() {
        return tiers().stream().flatMap(t -> Stream.of("dw1", "dw3", "l96odd", "l96-2048", "ou8", "ac8", "ns8", "user")
                .map(name -> Arguments.of(t, name)));
    }

    Stream<Arguments> tierList() {
        return tiers().stream().map(Arguments::of);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("models")
    void everyIntegratorRequestIsAnswered(ParityTier tier, String name) {
        Backend b = tier.require();
        Model m = tableModel(name);
        int supported = 0;
        for (Scheme s : Scheme.values()) {
            for (Precision p : Precision.values()) {
                IntegratorSpec spec = new IntegratorSpec(s, 1e-3);
                String what = tier + " " + name + " " + s.configName() + " " + p;
                Optional<String> why = b.unsupported(m, spec, p);
                assertNotNull(why, what);
                if (why.isPresent()) {
                    assertFalse(why.get().isBlank(), what + ": blank reason");
                    UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                            () -> b.integrator(m, spec, p, 1, 1).close(), what);
                    assertEquals(why.get(), e.getMessage(), what);
                    continue;
                }
                supported++;
                double[] x = Parity.start(m, 1);
                try (Integrator in = b.integrator(m, spec, p, 1, 1)) {
                    assertEquals(m.dimension(), in.dimension(), what);
                    assertEquals(p, in.precision(), what);
                    double[] x0 = x.clone();
                    in.advance(x, 1, 0, 0, 0);  // zero steps: F64 low-dimensional states unchanged (spectral tiers may round-trip the FFT, F32 rounds the state)
                    if (p == Precision.F64 && !(m instanceof org.scorefdt.model.LinearSpectralModel)
                            && !(m instanceof org.scorefdt.model.SemiLinearSpectralModel)
                            && !(m instanceof org.scorefdt.model.NavierStokes2d)) {
                        Parity.assertBitwise(x0, x, what + ": zero steps changed the state");
                    }
                    in.advance(x, 1, 0, 0, 1);
                    // A resident run: the host tiers' reference is the host run; CUDA offers one or says why not.
                    Offer<ResidentEnsemble> resident = b.resident(in);
                    if (tier == ParityTier.CUDA) {
                        assertFalse(resident.byReference(), what + ": cuda answers a resident run itself");
                        if (resident.declined()) assertFalse(resident.reason().isBlank(), what + ": blank reason");
                        if (resident.offered()) resident.value().close();
                    } else {
                        assertTrue(resident.byReference(), what + ": " + resident);
                    }
                    // The truth: host tiers run it on the host; CUDA offers its device truth (F64, paired) or says why not.
                    var pe = new org.scorefdt.response.PerturbedEnsemble(in, new org.scorefdt.ensemble.EnsembleSpec(1, 0, 2, 1, 1),
                            org.scorefdt.model.InitialCondition.zero(), 1e-3,
                            new org.scorefdt.response.PerturbedEnsemble.Impulse(new org.scorefdt.response.Perturbation.Impulse(0), 0.1, 1, 1));
                    Offer<org.scorefdt.response.DeviceTruth> truth = b.truth(pe);
                    if (tier == ParityTier.CUDA) {
                        assertFalse(truth.byReference(), what + ": cuda answers the truth of its integrators itself");
                        assertEquals(p == Precision.F64 && in instanceof org.scorefdt.integrate.PairedIntegrator, truth.offered(),
                                what + ": " + truth);
                    } else {
                        assertTrue(truth.byReference(), what + ": " + truth);
                    }
                }
                for (double v : x) assertTrue(Double.isFinite(v), what + ": one step gave " + v);
            }
        }
        if (tier == ParityTier.JAVA) assertTrue(supported > 0, "the reference runs every model");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tierList")
    void everyKernelRequestIsAnswered(ParityTier tier) {
        Backend b = tier.require();
        for (int[] nd : new int[][] {{1, 1}, {257, 11}}) {
            int n = nd[0], d = nd[1];
            double[] x = new double[n * d], sq = new double[n];
            for (int i = 0; i < x.length; i++) x[i] = Math.sin(i);
            for (int j = 0; j < n; j++) for (int k = 0; k < d; k++) sq[j] += x[j * d + k] * x[j * d + k];
            close(ScoreKernelParity.assertTable(tier, Op.KDE, b.kde(new KdeTerms(x, sq, n, d, -0.5, 1.0), 1)));
        }
        for (int[] w : new int[][] {{1, 1, 1}, {41, 64, 64, 40}}) {
            for (int capacity : new int[] {1, 257}) {
                close(ScoreKernelParity.assertTable(tier, Op.MLP, b.mlp(Mlp.initialised(w, Activation.SILU, 3), capacity, 1)));
            }
        }
        Network[] nets = {Mlp.initialised(new int[] {3, 17, 3}, Activation.TANH, 3),
            PeriodicCnn.initialised(8, 1, 1, new int[] {4}, 1, Activation.SILU, 5)};
        for (Network net : nets) {
            Op op = net instanceof PeriodicCnn ? Op.CNN_DSM_STEP : Op.DSM_STEP;
            for (int batch : new int[] {1, 33}) close(ScoreKernelParity.assertTable(tier, op, b.dsmStep(net, batch, 0.999)));
        }
        for (int capacity : new int[] {1, 257}) {
            close(ScoreKernelParity.assertTable(tier, Op.CNN, b.cnn(PeriodicCnn.initialised(8, 1, 1, new int[] {4}, 1, Activation.TANH, 5), capacity, 1)));
        }
        for (Precision p : Precision.values()) {
            for (int[] nlb : new int[][] {{8, 1, 1}, {16, 100, 16}}) {
                close(ScoreKernelParity.assertTable(tier, Op.LAGGED_GRID,
                        b.laggedGrid(new org.scorefdt.model.Grid(nlb[0]), nlb[1], nlb[2], p, 1)));
            }
        }
        for (int[] columns : new int[][] {{0}, {4, 0, 2}}) {
            close(ScoreKernelParity.assertTable(tier, Op.LAGGED_MATRIX, b.laggedMatrix(5, columns, 7, 3, 1)));
        }
    }

    private static void close(Offer<?> offer) {
        if (!offer.offered()) return;
        assertNotNull(offer.value());
        try {
            ((AutoCloseable) offer.value()).close();
        } catch (Exception e) {
            throw new AssertionError("closing " + offer, e);
        }
    }
}

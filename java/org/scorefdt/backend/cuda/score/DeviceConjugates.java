package org.scorefdt.backend.cuda.score;

import java.util.Optional;
import org.scorefdt.score.AmplitudeCorrectedScore;
import org.scorefdt.score.KdeScore;
import org.scorefdt.score.LocalPolynomialScore;
import org.scorefdt.score.QuasiGaussianScore;
import org.scorefdt.score.ScoreModel;
import org.scorefdt.score.nn.DsmScore;
import org.scorefdt.score.nn.Mlp;
import org.scorefdt.backend.cuda.runtime.CudaDevice;
import org.scorefdt.backend.cuda.runtime.DeviceBuffer;
import org.scorefdt.backend.cuda.runtime.Dtype;

/**
 * Which score models have a device conjugate ({@link DeviceConjugate}) and how it agrees with the host:
 * <ul>
 *   <li>{@link QuasiGaussianScore}: Cholesky solves per member — bitwise;</li>
 *   <li>{@link KdeScore}: centring + {@link CudaKde}'s F64 pair kernel + negation — bitwise;</li>
 *   <li>{@link DsmScore} with an {@link Mlp}: normalisation and σ-conditioning bitwise, the forward pass
 *       through {@link CudaMlp} within its parity bound (10⁻¹² × max|net output|);</li>
 *   <li>{@link LocalPolynomialScore}: one thread per element in the host's operation order (+, −, × and
 *       the host's 1/σ only) — bitwise;</li>
 *   <li>{@link AmplitudeCorrectedScore} around one of these: T applied in the host's order — bitwise
 *       given a bitwise inner conjugate.</li>
 * </ul>
 * Anything else (KGMM, CNN networks, user-defined scores) has none:
 * {@link #unsupported} says why, and the caller accumulates on the host.
 */
public final class DeviceConjugates {
    private DeviceConjugates() {}

    /** Why {@code score} has no device conjugate, or empty if {@link #of} can build one. */
    public static Optional<String> unsupported(ScoreModel score) {
        if (score instanceof QuasiGaussianScore || score instanceof KdeScore || score instanceof LocalPolynomialScore) {
            return Optional.empty();
        }
        if (score instanceof DsmScore dsm) {
            return dsm.network() instanceof Mlp ? Optional.empty()
                    : Optional.of("score '" + score.name() + "' is a DSM score with a " + dsm.network().architecture()
                    + " network; only MLP networks have a device conjugate");
        }
        if (score instanceof AmplitudeCorrectedScore ac) {
            return unsupported(ac.inner()).map(r -> "amplitude-corrected " + r);
        }
        return Optional.of("score '" + score.name() + "' (" + score.getClass().getSimpleName() + ") has no device form");
    }

    /**
     * The device conjugate B = −s of {@code score} on {@code device}.
     *
     * @throws IllegalArgumentException with the reason of {@link #unsupported}
     */
    public static DeviceConjugate of(ScoreModel score, CudaDevice device) {
        unsupported(score).ifPresent(r -> {
            throw new IllegalArgumentException(r);
        });
        if (score instanceof QuasiGaussianScore qg) return new GaussianDeviceConjugate(device, qg);
        if (score instanceof KdeScore kde) return new KdeDeviceConjugate(device, kde);
        if (score instanceof DsmScore dsm) return new DsmDeviceConjugate(device, dsm);
        if (score instanceof LocalPolynomialScore lp) return new LocalPolynomialDeviceConjugate(device, lp);
        AmplitudeCorrectedScore ac = (AmplitudeCorrectedScore) score;
        DeviceConjugate inner = of(ac.inner(), device);
        try {
            return new AmplitudeCorrectedDeviceConjugate(device, ac, inner);
        } catch (RuntimeException e) {
            inner.close();
            throw e;
        }
    }

    /** The shape checks every {@link DeviceConjugate#apply} makes. */
    static void check(DeviceBuffer states, int members, DeviceBuffer out, int d) {
        if (members < 0) throw new IllegalArgumentException("members = " + members + ": must be >= 0");
        long need = (long) members * d;
        if (states.type() != Dtype.F64 || states.elements() < need) {
            throw new IllegalArgumentException("states: need " + members + " × " + d + " F64 values, buffer has "
                    + states.elements() + " " + states.type());
        }
        if (out.type() != Dtype.F64 || out.elements() < need) {
            throw new IllegalArgumentException("conjugates: need " + members + " × " + d + " F64 values, buffer has "
                    + out.elements() + " " + out.type());
        }
        if (out.address() == states.address()) throw new IllegalArgumentException("conjugates must not overwrite the states");
    }
}

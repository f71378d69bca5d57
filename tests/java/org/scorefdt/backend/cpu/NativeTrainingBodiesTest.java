package org.scorefdt.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.bytedeco.javacpp.DoublePointer;
import org.junit.jupiter.api.Test;
import org.scorefdt.backend.cpu.jni.ScoreFdtCpu;
import org.scorefdt.score.nn.Adam;
import org.scorefdt.score.nn.Ema;
import org.scorefdt.testing.NativeTier;

/**
 * The training bodies of nn.h (nn_adam_update, nn_ema_update, nn_dsm_residual), which the CUDA
 * training kernels also run, against the Java reference (Adam, Ema, DsmTrainer's residual loop):
 * same IEEE operations in the same order without FMA contraction, so equal bit for bit.
 */
class NativeTrainingBodiesTest {

    private static double[] gradient(SplittableRandom rng, int n, int step) {
        double[] g = new double[n];
        for (int i = 0; i < n; i++) {
            // a spread of magnitudes, exact zeros, and signs: every branch-free path of the body
            double scale = Math.pow(10, (i % 7) - 3);
            g[i] = (i + step) % 11 == 0 ? 0.0 : scale * (rng.nextDouble() * 2 - 1);
        }
        return g;
    }

    @Test
    void adamMatchesJavaBitForBit() {
        NativeTier.require();
        int n = 1000;
        SplittableRandom rng = new SplittableRandom(7);
        double[] javaParams = new double[n];
        for (int i = 0; i < n; i++) javaParams[i] = rng.nextDouble() - 0.5;
        double[] nativeParams = javaParams.clone();
        double beta1 = 0.9, beta2 = 0.999, eps = 1e-8;
        Adam adam = new Adam(n, beta1, beta2, eps);
        try (DoublePointer p = new DoublePointer(n).put(nativeParams); DoublePointer g = new DoublePointer(n);
             DoublePointer m = new DoublePointer(n).put(new double[n]); DoublePointer v = new DoublePointer(n).put(new double[n])) {
            for (int t = 1; t <= 50; t++) {
                double[] grad = gradient(rng, n, t);
                double lr = Adam.warmup(1e-3, t - 1, 10);
                adam.step(javaParams, grad.clone(), lr);
                g.put(grad);
                double c1 = 1 - StrictMath.pow(beta1, t), c2 = 1 - StrictMath.pow(beta2, t);
                assertEquals(0, ScoreFdtCpu.sfdt_adam_step(p, g, m, v, n, beta1, beta2, eps, lr, c1, c2));
                p.get(nativeParams);
                assertArrayEquals(javaParams, nativeParams, 0.0, "Adam step " + t);
            }
        }
    }

    @Test
    void emaMatchesJavaBitForBit() {
        NativeTier.require();
        int n = 257;
        SplittableRandom rng = new SplittableRandom(11);
        double[] theta = new double[n];
        for (int i = 0; i < n; i++) theta[i] = rng.nextDouble();
        double decay = 0.999;
        Ema ema = new Ema(theta, decay);
        double[] got = theta.clone();
        try (DoublePointer avg = new DoublePointer(n).put(theta); DoublePointer pp = new DoublePointer(n)) {
            for (int t = 0; t < 40; t++) {
                for (int i = 0; i < n; i++) theta[i] += 0.01 * (rng.nextDouble() - 0.5);
                ema.update(theta);
                double b = Math.min(decay, (1.0 + t) / (10.0 + t)); // Ema's ramp for the 0-based update t
                pp.put(theta);
                assertEquals(0, ScoreFdtCpu.sfdt_ema_update(avg, pp, n, b));
                avg.get(got);
                assertArrayEquals(ema.average(), got, 0.0, "EMA update " + t);
            }
        }
    }

    @Test
    void dsmResidualMatchesTrainerLoopBitForBit() {
        NativeTier.require();
        int batch = 37, d = 5, n = batch * d;
        SplittableRandom rng = new SplittableRandom(3);
        double[] out = new double[n], z = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = rng.nextDouble() * 4 - 2;
            z[i] = rng.nextDouble() * 4 - 2;
        }
        // DsmTrainer's loop
        double[] want = out.clone();
        double loss = 0, scale = 2.0 / ((double) batch * d);
        for (int j = 0; j < n; j++) {
            double e = want[j] + z[j];
            loss += e * e;
            want[j] = scale * e;
        }
        try (DoublePointer o = new DoublePointer(n).put(out); DoublePointer zz = new DoublePointer(n).put(z);
             DoublePointer s = new DoublePointer(1)) {
            assertEquals(0, ScoreFdtCpu.sfdt_dsm_residual(o, zz, n, scale, s));
            double[] got = new double[n];
            o.get(got);
            assertArrayEquals(want, got, 0.0);
            assertEquals(loss, s.get(), 0.0);
        }
    }

    @Test
    void badArgumentsAreRejected() {
        NativeTier.require();
        try (DoublePointer p = new DoublePointer(4)) {
            assertEquals(-1, ScoreFdtCpu.sfdt_ema_update(null, p, 4, 0.5));
            assertEquals(-2, ScoreFdtCpu.sfdt_ema_update(p, p, -1, 0.5));
            assertEquals(-1, ScoreFdtCpu.sfdt_adam_step(p, null, p, p, 4, 0.9, 0.999, 1e-8, 1e-3, 0.1, 0.001));
        }
    }
}

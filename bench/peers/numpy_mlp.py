#!/usr/bin/env python3
"""numpy peer of bench/java/.../NetworkBenchmark (MLP part), float64, SiLU:

  mlp-forward : MLP 41 -> 64 -> 64 -> 40 (d = 40 plus the noise feature), batch 4096, forward only
  mlp-step    : one DSM training step at batch 256: forward, loss |net + z|^2 / (B d) and its
                gradient, manual backprop (matmuls + SiLU derivative), global-norm clip 1.0 and an
                Adam update, as DsmTrainer does (inputs and z fixed, as in the JMH benchmark)

Prints one JSON line per workload: {"peer": "numpy", "workload": ..., "threads": T, "samples_per_s": ...}.
BLAS threads follow OPENBLAS_NUM_THREADS (set --threads; each count runs in a fresh interpreter).

Usage: numpy_mlp.py [--threads 1] [--seconds 2] [--rounds 3]
"""
import argparse
import json
import os
import subprocess
import sys
import time

D, H, FWD_BATCH, STEP_BATCH = 40, 64, 4096, 256


def silu_parts(z, np):
    s = 1.0 / (1.0 + np.exp(-z))
    return z * s, s


class Mlp:
    def __init__(self, np, widths, seed=1):
        rng = np.random.default_rng(seed)
        self.np = np
        self.W = [rng.standard_normal((widths[l + 1], widths[l])) / np.sqrt(widths[l]) for l in range(len(widths) - 1)]
        self.b = [np.zeros(widths[l + 1]) for l in range(len(widths) - 1)]

    def forward(self, x):
        np = self.np
        acts, sig = [x], []
        a = x
        L = len(self.W)
        for l in range(L):
            z = a @ self.W[l].T + self.b[l]
            if l < L - 1:
                a, s = silu_parts(z, np)
                sig.append(s)
            else:
                a = z
            acts.append(a)
        return a, acts, sig

    def backward(self, acts, sig, dout):
        L = len(self.W)
        gW, gb = [None] * L, [None] * L
        delta = dout
        for l in range(L - 1, -1, -1):
            gW[l] = delta.T @ acts[l]
            gb[l] = delta.sum(axis=0)
            if l == 0:
                break
            da = delta @ self.W[l]
            s, a = sig[l - 1], acts[l]
            delta = da * (s + a * (1 - s))   # SiLU'(z) = s + a(1 - s)
        return gW, gb


class Adam:
    def __init__(self, np, params, b1=0.9, b2=0.999, eps=1e-8):
        self.np, self.b1, self.b2, self.eps, self.t = np, b1, b2, eps, 0
        self.m = [np.zeros_like(p) for p in params]
        self.v = [np.zeros_like(p) for p in params]

    def step(self, params, grads, lr):
        np = self.np
        self.t += 1
        c1, c2 = 1 - self.b1 ** self.t, 1 - self.b2 ** self.t
        for p, g, m, v in zip(params, grads, self.m, self.v):
            m *= self.b1
            m += (1 - self.b1) * g
            v *= self.b2
            v += (1 - self.b2) * g * g
            p -= lr * (m / c1) / (np.sqrt(v / c2) + self.eps)


def measure(seconds, rounds):
    import numpy as np
    rng = np.random.default_rng(17)
    net = Mlp(np, [D + 1, H, H, D])
    xf = rng.standard_normal((FWD_BATCH, D + 1))
    xs = rng.standard_normal((STEP_BATCH, D + 1))
    zs = rng.standard_normal((STEP_BATCH, D))
    params = net.W + net.b
    adam = Adam(np, params)

    def fwd():
        return net.forward(xf)[0][0, 0]

    def step():
        out, acts, sig = net.forward(xs)
        e = out + zs
        loss = (e * e).mean()
        gW, gb = net.backward(acts, sig, (2.0 / e.size) * e)
        grads = gW + gb
        norm = np.sqrt(sum((g * g).sum() for g in grads))
        if norm > 1.0:
            for g in grads:
                g *= 1.0 / norm
        adam.step(params, grads, 1e-4)
        return loss

    res = {}
    for name, fn, rows in (("mlp-forward", fwd, FWD_BATCH), ("mlp-step", step, STEP_BATCH)):
        fn()
        best = 0.0
        for _ in range(rounds):
            calls, t0 = 0, time.perf_counter()
            while True:
                fn()
                calls += 1
                dt = time.perf_counter() - t0
                if dt >= seconds:
                    break
            best = max(best, calls * rows / dt)
        res[name] = best
    return res


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--threads", default="1")
    ap.add_argument("--seconds", type=float, default=2.0)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--child", type=int, default=0)
    a = ap.parse_args()
    if a.child:
        import numpy as np
        for name, v in measure(a.seconds, a.rounds).items():
            print(json.dumps({"peer": "numpy", "workload": name, "threads": a.child, "samples_per_s": v,
                              "numpy": np.__version__}), flush=True)
        return
    for t in [int(s) for s in a.threads.split(",")]:
        env = dict(os.environ)
        for k in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
            env[k] = str(t)
        subprocess.run([sys.executable, __file__, "--child", str(t), "--seconds", str(a.seconds),
                        "--rounds", str(a.rounds)], env=env, check=True)


if __name__ == "__main__":
    main()

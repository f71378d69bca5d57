#!/usr/bin/env python3
"""numpy peer of `scorefdt bench` (the CPU table): the workloads of bench/workloads.json with the
same parameters, sizes, per-call structure and timing as the engine, vectorised over members the
usual numpy way. Prints one JSON line per workload with the engine's keys; backend "numpy".

  ou32    per call: rfft2 of the state, `steps` x (normals, rfft2, u_hat = a u_hat + b w_hat), irfft2
  ac64    per step: RK4 on drift(u) = irfft2(lin u_hat + alpha sigma rfft2(u - u^3)), then
          + irfft2(noise rfft2(w)); 4 drift evaluations = 8 rfft2 + 4 irfft2, plus 1 + 1 for the noise
  l96     RK4 drift + EM noise in a [component][member] layout with ghost rows (no np.roll copies)
  mlp     x W1^T + b1 -> SiLU -> ... -> linear output (three matmuls)
  kde     blocks of 256 queries: |y - x|^2 by the matmul trick, row max, exp, sum, second matmul
  lagged  per save: rfft2 of u and of B = -u, ring of conj(B_hat), every lag's block sums of
          u_hat(t) conj(B_hat(t - tau)) (einsum over the members of each block)

numpy's ufuncs and FFT run on one core whatever OMP_NUM_THREADS says (BLAS, i.e. mlp and kde, is
threaded by OPENBLAS_NUM_THREADS). Randomness: default_rng().standard_normal, as many normals per
member-step as the engine.

Usage: numpy_throughput.py [--workload all|ou32,...] [--size small] [--precision f64]
"""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import _workloads as W  # noqa: E402


def ou32(p, dtype):
    n, members, steps = p["n"], p["members"], p["steps"]
    a_re, a_im, b_re = W.ou_coefficients(n, "exact", p["dt"])
    cdt = np.complex64 if dtype == np.float32 else np.complex128
    a = (np.array(a_re) + 1j * np.array(a_im)).astype(cdt)
    b = np.array(b_re).astype(dtype)
    rng = np.random.default_rng(1)
    x = (0.1 * np.random.default_rng(1001).uniform(-1, 1, (members, n, n))).astype(dtype)
    w = np.empty((members, n, n), dtype=dtype)

    def call():
        uh = np.fft.rfft2(x)
        for _ in range(steps):
            rng.standard_normal(out=w, dtype=dtype)
            wh = np.fft.rfft2(w)
            wh *= b
            uh *= a
            uh += wh
        x[...] = np.fft.irfft2(uh, s=(n, n))
    return call, lambda: x


def ac64(p, dtype):
    n, members, steps, dt = p["n"], p["members"], p["steps"], p["dt"]
    lin_re, lin_im, sig, noise = W.ac_coefficients(n, dt)
    cdt = np.complex64 if dtype == np.float32 else np.complex128
    lin = (np.array(lin_re) + 1j * np.array(lin_im)).astype(cdt)
    asig = (W.AC_ALPHA * np.array(sig)).astype(dtype)
    nz = np.array(noise).astype(dtype)
    rng = np.random.default_rng(1)
    u = (0.5 * np.random.default_rng(1001).uniform(-1, 1, (members, n, n))).astype(dtype)
    w = np.empty_like(u)

    def drift(v):
        return np.fft.irfft2(lin * np.fft.rfft2(v) + asig * np.fft.rfft2(v - v * v * v), s=(n, n))

    def call():
        for _ in range(steps):
            k1 = drift(u)
            k2 = drift(u + (0.5 * dt) * k1)
            k3 = drift(u + (0.5 * dt) * k2)
            k4 = drift(u + dt * k3)
            rng.standard_normal(out=w, dtype=dtype)
            u[...] += (dt / 6) * (k1 + 2 * k2 + 2 * k3 + k4) + np.fft.irfft2(nz * np.fft.rfft2(w), s=(n, n))
    return call, lambda: u


def l96(p, dtype):
    d, members, steps, dt = p["d"], p["members"], p["steps"], p["dt"]
    s = dtype(W.L96_SIGMA * dt ** 0.5)
    rng = np.random.default_rng(1)
    X = (8.0 + 0.01 * np.random.default_rng(1001).uniform(-1, 1, (members, d))).astype(dtype)
    # [component][member] with ghost rows: row i + 2 holds x_i, rows 0, 1 hold x_{d-2}, x_{d-1},
    # row d + 2 holds x_0, so every shifted slice is contiguous.
    xp = np.empty((d + 3, members), dtype)
    tp = np.empty((d + 3, members), dtype)
    k1, k2, k3, k4, z, acc = (np.empty((d, members), dtype) for _ in range(6))
    forcing = dtype(W.L96_FORCING)

    def drift(q, out):
        q[0:2] = q[d:d + 2]
        q[d + 2] = q[2]
        np.subtract(q[3:d + 3], q[0:d], out=out)
        out *= q[1:d + 1]
        out -= q[2:d + 2]
        out += forcing

    def call():
        x, t = xp[2:d + 2], tp[2:d + 2]
        x[...] = X.T
        for _ in range(steps):
            rng.standard_normal(out=z, dtype=dtype)
            drift(xp, k1)
            np.multiply(k1, dtype(0.5 * dt), out=t); t += x
            drift(tp, k2)
            np.multiply(k2, dtype(0.5 * dt), out=t); t += x
            drift(tp, k3)
            np.multiply(k3, dtype(dt), out=t); t += x
            drift(tp, k4)
            np.add(k2, k3, out=acc)
            np.multiply(acc, 2, out=acc)
            np.add(acc, k1, out=acc)
            np.add(acc, k4, out=acc)
            np.multiply(acc, dtype(dt / 6), out=acc)
            np.add(x, acc, out=x)
            np.multiply(z, s, out=z)
            np.add(x, z, out=x)
        X[...] = x.T
    return call, lambda: X


def mlp(p, dtype):
    widths, batch = p["widths"], p["batch"]
    rng = np.random.default_rng(17)
    Ws = [(rng.standard_normal((widths[i + 1], widths[i])) / np.sqrt(widths[i])).astype(dtype) for i in range(len(widths) - 1)]
    bs = [np.zeros(widths[i + 1], dtype) for i in range(len(widths) - 1)]
    x = rng.standard_normal((batch, widths[0])).astype(dtype)
    out = [None]

    def call():
        a = x
        for i, (Wl, bl) in enumerate(zip(Ws, bs)):
            z = a @ Wl.T
            z += bl
            if i < len(Ws) - 1:
                a = z / (1 + np.exp(-z))       # SiLU z * sigmoid(z)
            else:
                a = z
        out[0] = a
    return call, lambda: out[0]


def kde(p, dtype, block=256):
    d, h, q, n = p["d"], p["h"], p["queries"], p["data"]
    rng = np.random.default_rng(17)
    x = rng.standard_normal((n, d)).astype(dtype)
    y = rng.standard_normal((q, d)).astype(dtype)
    xx = np.einsum("ij,ij->i", x, x)
    c = dtype(-0.5 / (h * h))
    out = np.empty((q, d), dtype)
    a = np.empty((min(block, q), n), dtype)

    def call():
        for q0 in range(0, q, block):
            yb = y[q0:q0 + block]
            ab = a[:yb.shape[0]]
            np.matmul(yb, x.T, out=ab)
            ab *= -2
            ab += xx
            ab += np.einsum("ij,ij->i", yb, yb)[:, None]
            ab *= c
            ab -= ab.max(axis=1, keepdims=True)
            np.exp(ab, out=ab)
            m = ab @ x
            m /= ab.sum(axis=1, keepdims=True)
            out[q0:q0 + block] = (m - yb) / dtype(h * h)
    return call, lambda: out


def lagged(p, dtype):
    n, members, lags, saves, blocks = p["n"], p["members"], p["lags"], p["saves"], p["blocks"]
    cdt = np.complex64 if dtype == np.float32 else np.complex128
    h = n // 2 + 1
    rng = np.random.default_rng(17)
    fields = [rng.standard_normal((members, n, n)).astype(dtype) for _ in range(4)]
    ring = np.zeros((lags, blocks, members // blocks, n, h), cdt)
    sums = np.zeros((lags, blocks, n, h), cdt)
    state = {"t": 0}

    def observe():
        t = state["t"]
        u = fields[t % 4]
        uh = np.fft.rfft2(u).reshape(blocks, members // blocks, n, h)
        ring[t % lags] = np.conj(np.fft.rfft2(-u)).reshape(blocks, members // blocks, n, h)
        for tau in range(min(lags - 1, t) + 1):
            sums[tau] += np.einsum("bmyx,bmyx->byx", uh, ring[(t - tau) % lags])
        state["t"] = t + 1

    for _ in range(lags):      # fill the ring, as the engine does before timing
        observe()

    def call():
        for _ in range(saves):
            observe()
    return call, lambda: sums


RUNNERS = {"ou32": ou32, "ac64": ac64, "l96": l96, "mlp": mlp, "kde": kde, "lagged": lagged}


def main():
    ap = W.peer_args(__doc__, "f64")
    args = ap.parse_args()
    dtype = np.float32 if args.precision == "f32" else np.float64
    extra = {"numpy": np.__version__, "python": sys.version.split()[0],
             "threads": int(os.environ.get("OPENBLAS_NUM_THREADS", "0") or 0)}
    for wl in W.chosen_workloads(ap, args):
        p = W.throughput_params(wl, args.size)
        try:
            call, result = RUNNERS[wl](p, dtype)
            t = W.measure_calls(call, W.units_per_call(wl, p), args.size, None, args.warmup, args.repeats, args.min_seconds)
            if not np.all(np.isfinite(result())):
                raise FloatingPointError("non-finite output after the timed calls")
            W.result_line("numpy", "numpy", "cpu", wl, args.size, args.precision, p, timing=t, extra=extra)
        except Exception as e:  # noqa: BLE001 - one line per workload, whatever happened
            W.result_line("numpy", "numpy", "cpu", wl, args.size, args.precision, p, error=W.describe(e), extra=extra)


if __name__ == "__main__":
    main()

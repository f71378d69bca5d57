"""Shared definitions of the benchmark workloads for the numpy and torch peers.

The sizes, time steps and per-call structure mirror bench/java/.../IntegratorBenchmark.java:

  workload     model                         scheme          dt    members  steps/call  normals/step/member
  ou32-exact   OU SPDE, 32x32 grid (d=1024)  exact OU        1.0   64       10          1024
  ou32-em      OU SPDE, 32x32 grid (d=1024)  Euler-Maruyama  0.1   64       10          1024
  l96-rk4      Lorenz-96, d=40, F=8, s=0.5   RK4 drift + EM  0.01  4096     100         40
  dw-em        double well, d=1, s=0.7       Euler-Maruyama  0.01  4096     100         1

One "call" advances every member by steps/call steps, like Integrator.advance; the OU peers, like
the native backend, go to Fourier space once per call (rfft2 of the state), take their steps there
(u_hat' = a*u_hat + b*rfft2(w), w ~ N(0,1) per cell) and come back once (irfft2).
Throughput is member-steps per second = members * steps * calls / seconds.
"""
import math

WORKLOADS = {
    "ou32-exact": dict(kind="ou", n=32, scheme="exact", dt=1.0, members=64, steps=10),
    "ou32-em": dict(kind="ou", n=32, scheme="em", dt=0.1, members=64, steps=10),
    "l96-rk4": dict(kind="l96", d=40, forcing=8.0, sigma=0.5, dt=0.01, members=4096, steps=100),
    "dw-em": dict(kind="dw", d=1, sigma=0.7, dt=0.01, members=4096, steps=100),
}

# OuSpde.Params.paper(n): lambda, kappa, advection A, epsilon^2, GRID noise scaling (c = n).
OU_LAMBDA, OU_KAPPA, OU_ADVECTION, OU_EPS2 = 0.04, 2.5e-4, 0.02, 4e-3


def ou_coefficients(n, scheme, dt):
    """(a_re, a_im, b_re) on the r2c half spectrum [ky][kx = 0..n/2], as lists of lists.

    Same formulas as java/org/scorefdt/integrate/LinearSpectralStep.java (b_im = 0 for both schemes).
    """
    h = n // 2 + 1
    amp = math.sqrt(OU_EPS2) * n

    def wn(j):
        return j if j <= n // 2 else j - n

    a_re = [[0.0] * h for _ in range(n)]
    a_im = [[0.0] * h for _ in range(n)]
    b_re = [[0.0] * h for _ in range(n)]
    for jy in range(n):
        for jx in range(h):
            kx, ky = wn(jx), wn(jy)
            k2 = kx * kx + ky * ky
            m_re = -OU_LAMBDA / (1 + k2) - OU_KAPPA * k2
            m_im = -OU_ADVECTION * (0 if jx == n // 2 else kx)
            g = amp / math.sqrt(1 + k2)
            zr, zi = m_re * dt, m_im * dt
            if scheme == "exact":
                mag = math.exp(zr)
                a_re[jy][jx] = mag * math.cos(zi)
                a_im[jy][jx] = mag * math.sin(zi)
                b_re[jy][jx] = g * math.sqrt(-math.expm1(2 * zr) / (-2 * m_re))
            elif scheme == "em":
                a_re[jy][jx] = 1 + zr
                a_im[jy][jx] = zi
                b_re[jy][jx] = g * math.sqrt(dt)
            else:
                raise ValueError(scheme)
    return a_re, a_im, b_re


def parse_list(s, cast=str):
    return [cast(v) for v in s.split(",") if v]


# ---------------------------------------------------------------------------------------------
# Throughput workloads of `scorefdt bench` (bench/workloads.json, the same table the engine's
# org.scorefdt.throughput.Workload holds; a JUnit test keeps the two equal). Used by
# numpy_throughput.py, torch_gpu.py and jax_gpu.py; each prints the engine's JSON keys.
# ---------------------------------------------------------------------------------------------
import json as _json
import os as _os
import statistics as _statistics
import sys as _sys
import time as _time

THROUGHPUT_FILE = _os.path.join(_os.path.dirname(_os.path.abspath(__file__)), "..", "workloads.json")
THROUGHPUT_NAMES = ["ou32", "ac64", "l96", "mlp", "kde", "lagged"]

# Allen-Cahn (docs/systems.md §2): alpha, kappa, advection A, epsilon^2; grid noise scaling c = N.
AC_ALPHA, AC_KAPPA, AC_ADVECTION, AC_EPS2 = 16.0, 2.5e-4, 0.02, 4e-3
# Lorenz-96 (docs/systems.md §4).
L96_FORCING, L96_SIGMA = 8.0, 0.5


def throughput_table():
    """{workload: {"units", "fixed", "sizes"}} from bench/workloads.json."""
    with open(THROUGHPUT_FILE) as f:
        t = _json.load(f)
    return {k: v for k, v in t.items() if not k.startswith("_")}


def throughput_params(workload, size):
    """The fixed and size-dependent parameters of one workload, merged, plus "units"."""
    t = throughput_table()[workload]
    p = dict(t["fixed"])
    p.update(t["sizes"][size])
    p["units"] = t["units"]
    return p


def units_per_call(workload, p):
    if workload in ("ou32", "ac64", "l96"):
        return p["members"] * p["steps"]
    if workload == "mlp":
        return p["batch"]
    if workload == "kde":
        return p["queries"] * p["data"]
    if workload == "lagged":
        return p["members"] * p["saves"]
    raise ValueError(workload)


def timing_defaults(size):
    """(warm-up calls, rounds, minimum seconds per round): the engine's Timing.defaults."""
    return {"tiny": (1, 1, 0.0), "small": (2, 5, 0.5), "full": (2, 5, 1.0)}[size]


def wavenumber(j, n):
    return j if j <= n // 2 else j - n


def spectral_symbols(n):
    """Half-spectrum [ky][kx = 0..n/2] lists: |k|^2 and kx for odd derivatives (Nyquist -> 0)."""
    h = n // 2 + 1
    k2 = [[0.0] * h for _ in range(n)]
    kxd = [[0.0] * h for _ in range(n)]
    for jy in range(n):
        for jx in range(h):
            kx, ky = wavenumber(jx, n), wavenumber(jy, n)
            k2[jy][jx] = float(kx * kx + ky * ky)
            kxd[jy][jx] = 0.0 if jx == n // 2 else float(kx)
    return k2, kxd


def ac_coefficients(n, dt):
    """Allen-Cahn symbols on the r2c half spectrum: (lin_re, lin_im, sigma, noise).

    drift(u) = irfft2(lin * rfft2(u) + ALPHA * sigma * rfft2(u - u^3)), lin = -kappa|k|^2 - i A kx,
    sigma = 1/(1 + |k|^2); noise increment per step = irfft2(noise * rfft2(w)), w ~ N(0,1) per cell,
    noise = eps * N * sqrt(dt) / sqrt(1 + |k|^2) (docs/systems.md §0, grid scaling).
    """
    k2, kxd = spectral_symbols(n)
    amp = math.sqrt(AC_EPS2) * n * math.sqrt(dt)
    lin_re = [[-AC_KAPPA * v for v in row] for row in k2]
    lin_im = [[-AC_ADVECTION * v for v in row] for row in kxd]
    sig = [[1.0 / (1.0 + v) for v in row] for row in k2]
    noise = [[amp / math.sqrt(1.0 + v) for v in row] for row in k2]
    return lin_re, lin_im, sig, noise


def measure_calls(call, units, size, sync=None, warmup=None, repeats=None, min_seconds=None):
    """The engine's timing (Throughput.java): warm-up calls, then rounds of whole calls lasting at
    least min_seconds each; returns (median rate, min, max, calls, seconds, rounds). sync() waits for the
    device (GPU peers) and is part of every timed round."""
    w, r, s = timing_defaults(size)
    w = w if warmup is None else warmup
    r = r if repeats is None else repeats
    s = s if min_seconds is None else min_seconds
    sync = sync or (lambda: None)
    for _ in range(w):
        call()
    sync()
    rates, calls, total = [], 0, 0.0
    for _ in range(r):
        c, t0 = 0, _time.perf_counter()
        while True:
            call()
            c += 1
            sync()
            el = _time.perf_counter() - t0
            if el >= s:
                break
        rates.append(units * c / max(el, 1e-9))
        calls += c
        total += el
    return _statistics.median(rates), min(rates), max(rates), calls, total, r


def result_line(impl, backend, device, workload, size, precision, p, timing=None, reason=None, error=None, extra=None):
    """One JSON line with the engine's keys (Measurement.toJson): a rate, or "available": false with
    "reason" (cannot run here) or "error" (started and failed)."""
    m = {"impl": impl, "workload": workload, "backend": backend, "units": p["units"],
         "per_second": timing[0] if timing else None, "seconds": timing[4] if timing else 0.0,
         "size": size, "precision": precision, "device": device}
    if timing:
        m.update({"units_per_call": units_per_call(workload, p), "calls": timing[3], "repeats": timing[5],
                  "min_per_second": timing[1], "max_per_second": timing[2],
                  "params": {k: v for k, v in p.items() if k != "units"}})
    else:
        m.update({"available": False})
        m.update({"error": error} if error is not None else {"reason": reason})
    if extra:
        m.update(extra)
    print(_json.dumps(m), flush=True)
    return m


def peer_args(description, default_precision):
    import argparse
    ap = argparse.ArgumentParser(description=description, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--workload", default="all", help="comma-separated: " + ",".join(THROUGHPUT_NAMES) + " or all")
    ap.add_argument("--size", default="small", choices=["tiny", "small", "full"])
    ap.add_argument("--precision", default=default_precision, choices=["f32", "f64"])
    ap.add_argument("--warmup", type=int)
    ap.add_argument("--repeats", type=int)
    ap.add_argument("--min-seconds", type=float)
    return ap


def chosen_workloads(ap, args):
    names = THROUGHPUT_NAMES if args.workload == "all" else [w for w in args.workload.split(",") if w]
    for w in names:
        if w not in THROUGHPUT_NAMES:
            ap.error(f"unknown workload {w}; known: {', '.join(THROUGHPUT_NAMES)}")
    return names


def describe(e):
    s = f"{type(e).__name__}: {e}"
    return s if len(s) < 600 else s[:600] + " ..."

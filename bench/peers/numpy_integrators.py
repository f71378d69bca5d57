#!/usr/bin/env python3
"""numpy peer of bench/java/.../IntegratorBenchmark: the same workloads, sizes and time steps,
vectorised over members, float64. Prints one JSON line per (workload, threads, mode):

  {"peer": "numpy", "workload": ..., "threads": T, "mode": ..., "member_steps_per_s": ..., ...}

Randomness: numpy's Generator (default_rng, PCG64 + ziggurat) standard_normal, the same number of
normals per member-step as ScoreFDT (OU: N^2 = 1024, L96: 40, DW: 1). FFT: np.fft.rfft2 of the
step's noise field (batched over members), as the native backend does with FFTW.

Threads. numpy's ufuncs, Generator and np.fft are single-threaded; OMP_NUM_THREADS /
OPENBLAS_NUM_THREADS / MKL_NUM_THREADS only reach BLAS, which these workloads do not call. So each
thread count T is measured two ways, each in a fresh interpreter started with those variables = T:
  mode "env":   one stream over all members (what OMP_NUM_THREADS=T gives numpy: one core);
  mode "split": members split over T Python threads, each with its own Generator (numpy releases
                the GIL inside ufuncs, the Generator and the FFT on arrays this size), T > 1 only.
run.sh compares ScoreFDT against the faster of the two.

Usage: numpy_integrators.py [--threads 1,2] [--workloads ou32-exact,...] [--seconds 1] [--rounds 5]
"""
import argparse
import json
import os
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _workloads import WORKLOADS, ou_coefficients, parse_list  # noqa: E402


def make_runner(np, name, members, seed):
    w = WORKLOADS[name]
    init = np.random.default_rng(1000 + seed)
    rng = np.random.default_rng(seed)
    steps, dt = w["steps"], w["dt"]

    if w["kind"] == "ou":
        n = w["n"]
        a_re, a_im, b_re = ou_coefficients(n, w["scheme"], dt)
        a = np.array(a_re) + 1j * np.array(a_im)          # (n, n/2+1) complex128
        b = np.array(b_re)                                  # real (b_im = 0 for these schemes)
        x = 0.1 * init.uniform(-1, 1, (members, n, n))
        wbuf = np.empty((members, n, n))
        hshape = (members, n, n // 2 + 1)
        what = np.empty(hshape, dtype=np.complex128)
        try:                                                # numpy >= 2.0: FFT into a buffer
            np.fft.rfft2(wbuf, out=what)
            fft_out = True
        except TypeError:
            fft_out = False

        def call():
            uh = np.fft.rfft2(x)
            for _ in range(steps):
                rng.standard_normal(out=wbuf)
                wh = np.fft.rfft2(wbuf, out=what) if fft_out else np.fft.rfft2(wbuf)
                wh *= b
                uh *= a
                uh += wh
            x[...] = np.fft.irfft2(uh, s=(n, n))
        return call, x

    if w["kind"] == "l96":
        d, forcing = w["d"], w["forcing"]
        s = w["sigma"] * dt ** 0.5
        X = 8.0 + 0.01 * init.uniform(-1, 1, (members, d))  # user layout [member][component]
        # Internal layout [component][member] with ghost rows: row r = i + 2 holds x_i; rows 0, 1
        # hold x_{d-2}, x_{d-1}; row d+2 holds x_0. Every slice below is then contiguous.
        xp = np.empty((d + 3, members))
        tp = np.empty((d + 3, members))
        k1, k2, k3, k4, z = (np.empty((d, members)) for _ in range(5))
        acc = np.empty((d, members))

        def drift(p, out):
            p[0:2] = p[d:d + 2]
            p[d + 2] = p[2]
            np.subtract(p[3:d + 3], p[0:d], out=out)
            out *= p[1:d + 1]
            out -= p[2:d + 2]
            out += forcing

        def call():
            x = xp[2:d + 2]
            x[...] = X.T
            t = tp[2:d + 2]
            for _ in range(steps):
                rng.standard_normal(out=z)
                drift(xp, k1)
                np.multiply(k1, 0.5 * dt, out=t); t += x
                drift(tp, k2)
                np.multiply(k2, 0.5 * dt, out=t); t += x
                drift(tp, k3)
                np.multiply(k3, dt, out=t); t += x
                drift(tp, k4)
                np.add(k2, k3, out=acc)
                np.multiply(acc, 2.0, out=acc)
                np.add(acc, k1, out=acc)
                np.add(acc, k4, out=acc)
                np.multiply(acc, dt / 6, out=acc)
                x += acc
                np.multiply(z, s, out=z)
                x += z
            X[...] = x.T
        return call, X

    if w["kind"] == "dw":
        s = w["sigma"] * dt ** 0.5
        x = np.where(init.random(members) < 0.5, -1.0, 1.0)
        f = np.empty(members)
        z = np.empty(members)

        def call():
            for _ in range(steps):
                rng.standard_normal(out=z)
                np.multiply(x, x, out=f)
                np.multiply(f, x, out=f)
                np.subtract(x, f, out=f)   # f = x - x^3
                np.multiply(f, dt, out=f)
                np.multiply(z, s, out=z)
                np.add(x, f, out=x)
                np.add(x, z, out=x)
        return call, x

    raise ValueError(name)


def measure(calls, member_steps_per_call, seconds, rounds):
    """Median/min/max member-steps/s over rounds; calls run concurrently, one Python thread each."""
    for c in calls:          # warm-up: allocations, FFT plan caches
        c(); c()
    t0 = time.perf_counter()
    calls[0]()
    one = max(time.perf_counter() - t0, 1e-6)
    reps = max(1, int(seconds / one))
    rates = []
    for _ in range(rounds):
        if len(calls) == 1:
            t0 = time.perf_counter()
            for _ in range(reps):
                calls[0]()
            el = time.perf_counter() - t0
        else:
            barrier = threading.Barrier(len(calls) + 1)

            def work(c):
                barrier.wait()
                for _ in range(reps):
                    c()
            ths = [threading.Thread(target=work, args=(c,)) for c in calls]
            for th in ths:
                th.start()
            barrier.wait()
            t0 = time.perf_counter()
            for th in ths:
                th.join()
            el = time.perf_counter() - t0
        rates.append(member_steps_per_call * reps / el)
    rates.sort()
    return rates[len(rates) // 2], rates[0], rates[-1]


def child(args):
    import numpy as np
    T = args.threads[0]
    for name in args.workloads:
        w = WORKLOADS[name]
        members, steps = w["members"], w["steps"]
        modes = ["env"] + (["split"] if T > 1 else [])
        for mode in modes:
            if mode == "env":
                calls = [make_runner(np, name, members, 1)[0]]
            else:
                chunks = [members // T + (1 if i < members % T else 0) for i in range(T)]
                calls = [make_runner(np, name, m, 1 + i)[0] for i, m in enumerate(chunks)]
            med, lo, hi = measure(calls, members * steps, args.seconds, args.rounds)
            print(json.dumps({
                "peer": "numpy", "workload": name, "threads": T, "mode": mode,
                "members": members, "steps_per_call": steps,
                "member_steps_per_s": med, "min": lo, "max": hi, "rounds": args.rounds,
                "interpreter": sys.executable, "python": sys.version.split()[0], "numpy": np.__version__,
            }), flush=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--threads", default="1,2")
    ap.add_argument("--workloads", default=",".join(WORKLOADS))
    ap.add_argument("--seconds", type=float, default=1.0, help="length of one timing round")
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    args.threads = parse_list(args.threads, int)
    args.workloads = parse_list(args.workloads)
    for wl in args.workloads:
        if wl not in WORKLOADS:
            ap.error(f"unknown workload {wl}; known: {', '.join(WORKLOADS)}")
    if args.child:
        child(args)
        return
    # One fresh interpreter per thread count: the thread variables are read when numpy loads.
    for T in args.threads:
        env = dict(os.environ, OMP_NUM_THREADS=str(T), OPENBLAS_NUM_THREADS=str(T), MKL_NUM_THREADS=str(T))
        cmd = [sys.executable, os.path.abspath(__file__), "--child", "--threads", str(T),
               "--workloads", ",".join(args.workloads), "--seconds", str(args.seconds), "--rounds", str(args.rounds)]
        r = subprocess.run(cmd, env=env)
        if r.returncode != 0:
            sys.exit(r.returncode)


if __name__ == "__main__":
    main()

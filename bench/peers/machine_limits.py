#!/usr/bin/env python3
"""Quick estimates of this machine's limits, for the "fraction of peak" columns of bench/run.sh.
Prints JSON lines {"limit": name, "threads": T, "value": v, "unit": u, "how": ...}:

  stream_copy    STREAM-like copy b[:] = a[:] of 2 x 256 MiB float64 arrays, split over T Python
                 threads (np.copyto releases the GIL); bytes counted as STREAM does: 2 x 8 per element
                 (read a, write b; write-allocate traffic not counted). Best of 5.
  dgemm          float64 matmul 2048 x 2048 through numpy's BLAS with OPENBLAS/OMP/MKL_NUM_THREADS=T,
                 2 n^3 flops. Best of 3. A practical FP64 peak.
  nominal_fp64   cores x clock x flops/cycle/core from /proc/cpuinfo: 16 with AVX2 + FMA (2 FMA
                 pipes x 4 doubles x 2), 8 with AVX only, 4 with SSE2. Clock: the "cpu MHz" line.
  numpy_normal   ns per normal of numpy's Generator.standard_normal into a 1 Mi buffer (1 thread).

Usage: machine_limits.py [--threads 1,2]
"""
import argparse
import json
import os
import subprocess
import sys
import threading
import time


def emit(limit, threads, value, unit, how):
    print(json.dumps({"limit": limit, "threads": threads, "value": value, "unit": unit, "how": how,
                      "interpreter": sys.executable}), flush=True)


def child(T):
    import numpy as np
    # STREAM copy
    n = 32 * 1024 * 1024                     # 256 MiB per array
    a = np.ones(n)
    b = np.zeros(n)
    bounds = [(i * n // T, (i + 1) * n // T) for i in range(T)]

    def part(i):
        lo, hi = bounds[i]
        np.copyto(b[lo:hi], a[lo:hi])
    best = float("inf")
    for _ in range(5):
        ths = [threading.Thread(target=part, args=(i,)) for i in range(T)]
        t0 = time.perf_counter()
        for th in ths:
            th.start()
        for th in ths:
            th.join()
        best = min(best, time.perf_counter() - t0)
    emit("stream_copy", T, 2 * 8 * n / best / 1e9, "GB/s", "np.copyto 2x256MiB, T threads, best of 5")
    del a, b
    # dgemm
    m = 2048
    x = np.random.default_rng(0).standard_normal((m, m))
    y = np.random.default_rng(1).standard_normal((m, m))
    x @ y
    best = float("inf")
    for _ in range(3):
        t0 = time.perf_counter()
        x @ y
        best = min(best, time.perf_counter() - t0)
    emit("dgemm", T, 2 * m ** 3 / best / 1e9, "GFLOP/s", f"numpy matmul {m}^3 float64, BLAS threads={T}, best of 3")
    if T == 1:
        r = np.random.default_rng(1)
        buf = np.empty(1 << 20)
        r.standard_normal(out=buf)
        best = float("inf")
        for _ in range(5):
            t0 = time.perf_counter()
            for _ in range(10):
                r.standard_normal(out=buf)
            best = min(best, (time.perf_counter() - t0) / 10 / buf.size * 1e9)
        emit("numpy_normal", 1, best, "ns/normal", "Generator.standard_normal(out=1Mi buffer), best of 5")


def nominal(T):
    mhz, flags = None, ""
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("cpu MHz") and mhz is None:
                    mhz = float(line.split(":")[1])
                elif line.startswith("flags") and not flags:
                    flags = line.split(":")[1].split()
    except OSError:
        return
    if mhz is None:
        return
    per_cycle = 16 if ("avx2" in flags and "fma" in flags) else 8 if "avx" in flags else 4
    emit("nominal_fp64", T, T * mhz / 1000 * per_cycle, "GFLOP/s",
         f"{T} core(s) x {mhz:.0f} MHz x {per_cycle} flop/cycle (from /proc/cpuinfo flags)")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--threads", default="1,2")
    ap.add_argument("--child", type=int, default=0, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        child(args.child)
        return
    for T in [int(t) for t in args.threads.split(",") if t]:
        env = dict(os.environ, OMP_NUM_THREADS=str(T), OPENBLAS_NUM_THREADS=str(T), MKL_NUM_THREADS=str(T))
        r = subprocess.run([sys.executable, os.path.abspath(__file__), "--child", str(T)], env=env)
        if r.returncode != 0:
            sys.exit(r.returncode)
        nominal(T)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""numpy peer of bench/java/.../KdeBenchmark: the KDE score of Q = 4096 queries against N = 16384
data points in d = 8 (standard normal, h = 0.5), float64. Prints one JSON line per thread count:

  {"peer": "numpy", "workload": "kde-d8", "threads": T, "pairs_per_s": ..., ...}

Algorithm (the usual vectorised form): blocks of queries; squared distances by the matmul trick
|y − x|² = |y|² − 2 y·xᵀ + |x|² (one dgemm per block, BLAS-threaded by OPENBLAS_NUM_THREADS = T),
logits a = −|y − x|²/(2h²), softmax weights by a row-wise log-sum-exp (subtract the row max, exp),
then the weighted mean m = w @ x (a second dgemm) and s = (m − y)/h². The elementwise exp and
reductions are single-threaded numpy; each thread count runs in a fresh interpreter with the BLAS
thread variables set. One pair interaction = one (query, data point) pair.

Usage: numpy_kde.py [--threads 1,2] [--seconds 2] [--rounds 3] [--block 256]
"""
import argparse
import json
import os
import subprocess
import sys
import time

Q, N, D, H = 4096, 16384, 8, 0.5


def measure(seconds, rounds, block):
    import numpy as np
    rng = np.random.default_rng(17)
    x = rng.standard_normal((N, D))
    y = rng.standard_normal((Q, D))
    xx = np.einsum("ij,ij->i", x, x)
    c = -0.5 / (H * H)
    out = np.empty((Q, D))
    a = np.empty((block, N))

    def call():
        for q0 in range(0, Q, block):
            yb = y[q0:q0 + block]
            ab = a[:yb.shape[0]]
            np.matmul(yb, x.T, out=ab)                       # y·xᵀ
            ab *= -2.0
            ab += xx                                          # |x|² − 2y·xᵀ
            ab += np.einsum("ij,ij->i", yb, yb)[:, None]      # + |y|²
            ab *= c                                           # logits
            ab -= ab.max(axis=1, keepdims=True)               # log-sum-exp shift
            np.exp(ab, out=ab)
            sw = ab.sum(axis=1, keepdims=True)
            m = ab @ x
            m /= sw
            out[q0:q0 + block] = (m - yb) / (H * H)
        return out[0, 0]

    call()  # warm-up
    best = []
    for _ in range(rounds):
        calls, t0 = 0, time.perf_counter()
        while True:
            call()
            calls += 1
            dt = time.perf_counter() - t0
            if dt >= seconds:
                break
        best.append(calls * Q * N / dt)
    return best


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--threads", default="1,2")
    ap.add_argument("--seconds", type=float, default=2.0)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--block", type=int, default=256)
    ap.add_argument("--child", action="store_true")
    args = ap.parse_args()
    if args.child:
        import numpy as np
        rates = measure(args.seconds, args.rounds, args.block)
        print(json.dumps({"peer": "numpy", "workload": "kde-d8", "threads": int(os.environ["OPENBLAS_NUM_THREADS"]),
                          "queries": Q, "data": N, "d": D, "pairs_per_s": sum(rates) / len(rates),
                          "pairs_per_s_best": max(rates), "rounds": rates, "numpy": np.__version__}))
        return
    for t in args.threads.split(","):
        env = dict(os.environ, OMP_NUM_THREADS=t, OPENBLAS_NUM_THREADS=t, MKL_NUM_THREADS=t)
        subprocess.run([sys.executable, __file__, "--child", "--seconds", str(args.seconds), "--rounds", str(args.rounds),
                        "--block", str(args.block)], env=env, check=True)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""PyTorch (CPU) peer of bench/java/org/scorefdt/bench/CnnBenchmark.java.

The periodic CNN of org.scorefdt.score.nn.PeriodicCnn as the DSM trainer builds it: input
[B, 2, N, N] (the field and the noise feature as a constant plane), 3x3 convolutions with circular
padding 2 -> 16 -> 16 -> 16 -> 1, SiLU between them, linear output. Per batch of 64 rows:
  forward:    model(x) under torch.no_grad()
  train-step: out = model(x); loss = mean((out + z)^2); backward; clip_grad_norm_(1.0);
              Adam (lr 1e-4, betas 0.9/0.999, eps 1e-8); EMA of the weights (decay 0.999).
Prints one JSON line per (workload, grid, precision, threads): samples/s as the median of
--rounds rounds, each at least --seconds long. Run with OPENBLAS_* unset (bench/run-cnn.sh does).
"""
import argparse
import json
import statistics
import time

import torch
import torch.nn as nn

BATCH = 64


def model(dtype):
    layers = []
    ch = [2, 16, 16, 16, 1]
    for i in range(len(ch) - 1):
        layers.append(nn.Conv2d(ch[i], ch[i + 1], 3, padding=1, padding_mode="circular"))
        if i + 2 < len(ch):
            layers.append(nn.SiLU())
    return nn.Sequential(*layers).to(dtype)


def rate(fn, seconds, rounds):
    for _ in range(3):
        fn()
    out = []
    for _ in range(rounds):
        calls, t0 = 0, time.perf_counter()
        while True:
            fn()
            calls += 1
            t = time.perf_counter() - t0
            if t >= seconds:
                break
        out.append(calls * BATCH / t)
    return statistics.median(out), out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--grids", default="16,32")
    ap.add_argument("--precisions", default="f32,f64")
    ap.add_argument("--threads", default="2")
    ap.add_argument("--seconds", type=float, default=2.0)
    ap.add_argument("--rounds", type=int, default=5)
    a = ap.parse_args()
    for threads in [int(t) for t in a.threads.split(",")]:
        torch.set_num_threads(threads)
        for prec in a.precisions.split(","):
            dtype = torch.float32 if prec == "f32" else torch.float64
            for n in [int(g) for g in a.grids.split(",")]:
                torch.manual_seed(1)
                net = model(dtype)
                x = torch.randn(BATCH, 2, n, n, dtype=dtype)
                x[:, 1] = 0.3  # the constant noise-feature plane
                z = torch.randn(BATCH, 1, n, n, dtype=dtype)
                opt = torch.optim.Adam(net.parameters(), lr=1e-4, betas=(0.9, 0.999), eps=1e-8)
                ema = [p.detach().clone() for p in net.parameters()]

                def forward():
                    with torch.no_grad():
                        net(x)

                def step():
                    out = net(x)
                    loss = ((out + z) ** 2).mean()
                    opt.zero_grad(set_to_none=True)
                    loss.backward()
                    torch.nn.utils.clip_grad_norm_(net.parameters(), 1.0)
                    opt.step()
                    with torch.no_grad():
                        ps = list(net.parameters())
                        torch._foreach_mul_(ema, 0.999)
                        torch._foreach_add_(ema, ps, alpha=0.001)

                for name, fn in (("forward", forward), ("train-step", step)):
                    med, all_ = rate(fn, a.seconds, a.rounds)
                    print(json.dumps({"impl": "torch", "version": torch.__version__, "workload": name, "grid": n,
                                      "precision": prec, "threads": threads, "batch": BATCH, "samples_per_second": med,
                                      "rounds": all_, "mkldnn": torch.backends.mkldnn.is_available()}), flush=True)


if __name__ == "__main__":
    main()

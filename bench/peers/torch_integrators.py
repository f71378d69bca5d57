#!/usr/bin/python3
"""PyTorch (CPU) peer of bench/java/.../IntegratorBenchmark: the same workloads as
numpy_integrators.py (see _workloads.py), float64 tensors, vectorised over members, intra-op
threads set with torch.set_num_threads(T) (inter-op threads 1). Prints one JSON line per
(workload, threads):

  {"peer": "torch", "workload": ..., "threads": T, "mode": "intraop", "member_steps_per_s": ..., ...}

Randomness: torch.randn with a torch.Generator (mt19937 + Box-Muller on CPU), the same number of
normals per member-step as ScoreFDT. FFT: torch.fft.rfft2 of the step's noise field.

Meant for Debian's python3-torch (apt-get install python3-torch), i.e. /usr/bin/python3; if torch
cannot be imported it prints one JSON line {"peer": "torch", "skipped": reason} and exits 0.

Usage: torch_integrators.py [--threads 1,2] [--workloads ou32-exact,...] [--seconds 1] [--rounds 5]
"""
import argparse
import json
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _workloads import WORKLOADS, ou_coefficients, parse_list  # noqa: E402


def make_runner(torch, name, seed):
    w = WORKLOADS[name]
    members, steps, dt = w["members"], w["steps"], w["dt"]
    f64 = torch.float64
    init = torch.Generator().manual_seed(1000 + seed)
    gen = torch.Generator().manual_seed(seed)

    if w["kind"] == "ou":
        n = w["n"]
        a_re, a_im, b_re = ou_coefficients(n, w["scheme"], dt)
        a = torch.complex(torch.tensor(a_re, dtype=f64), torch.tensor(a_im, dtype=f64))
        b = torch.tensor(b_re, dtype=f64)
        x = 0.1 * (2 * torch.rand((members, n, n), generator=init, dtype=f64) - 1)
        wbuf = torch.empty((members, n, n), dtype=f64)
        what = torch.empty((members, n, n // 2 + 1), dtype=torch.complex128)

        def call():
            uh = torch.fft.rfft2(x)
            for _ in range(steps):
                torch.randn((members, n, n), generator=gen, dtype=f64, out=wbuf)
                torch.fft.rfft2(wbuf, out=what)
                what.mul_(b)
                uh.mul_(a)
                uh.add_(what)
            x.copy_(torch.fft.irfft2(uh, s=(n, n)))
        return call

    if w["kind"] == "l96":
        d, forcing = w["d"], w["forcing"]
        s = w["sigma"] * dt ** 0.5
        X = 8.0 + 0.01 * (2 * torch.rand((members, d), generator=init, dtype=f64) - 1)
        # [component][member] with ghost rows, as in the numpy peer: row i + 2 holds x_i.
        xp = torch.empty((d + 3, members), dtype=f64)
        tp = torch.empty((d + 3, members), dtype=f64)
        k1, k2, k3, k4, z, acc = (torch.empty((d, members), dtype=f64) for _ in range(6))
        x, t = xp[2:d + 2], tp[2:d + 2]

        def drift(p, out):
            p[0:2].copy_(p[d:d + 2])
            p[d + 2].copy_(p[2])
            torch.sub(p[3:d + 3], p[0:d], out=out)
            out.mul_(p[1:d + 1]).sub_(p[2:d + 2]).add_(forcing)

        def call():
            x.copy_(X.T)
            for _ in range(steps):
                torch.randn((d, members), generator=gen, dtype=f64, out=z)
                drift(xp, k1)
                torch.add(x, k1, alpha=0.5 * dt, out=t)
                drift(tp, k2)
                torch.add(x, k2, alpha=0.5 * dt, out=t)
                drift(tp, k3)
                torch.add(x, k3, alpha=dt, out=t)
                drift(tp, k4)
                torch.add(k2, k3, out=acc)
                acc.mul_(2).add_(k1).add_(k4)
                x.add_(acc, alpha=dt / 6).add_(z, alpha=s)
            X.copy_(x.T)
        return call

    if w["kind"] == "dw":
        s = w["sigma"] * dt ** 0.5
        x = torch.where(torch.rand(members, generator=init, dtype=f64) < 0.5,
                        torch.tensor(-1.0, dtype=f64), torch.tensor(1.0, dtype=f64))
        f = torch.empty(members, dtype=f64)
        z = torch.empty(members, dtype=f64)

        def call():
            for _ in range(steps):
                torch.randn((members,), generator=gen, dtype=f64, out=z)
                torch.mul(x, x, out=f)
                f.mul_(x)
                torch.sub(x, f, out=f)                      # f = x - x^3
                x.add_(f, alpha=dt).add_(z, alpha=s)
        return call

    raise ValueError(name)


def measure(call, member_steps_per_call, seconds, rounds):
    call(); call()
    t0 = time.perf_counter()
    call()
    one = max(time.perf_counter() - t0, 1e-6)
    reps = max(1, int(seconds / one))
    rates = []
    for _ in range(rounds):
        t0 = time.perf_counter()
        for _ in range(reps):
            call()
        rates.append(member_steps_per_call * reps / (time.perf_counter() - t0))
    rates.sort()
    return rates[len(rates) // 2], rates[0], rates[-1]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--threads", default="1,2")
    ap.add_argument("--workloads", default=",".join(WORKLOADS))
    ap.add_argument("--seconds", type=float, default=1.0, help="length of one timing round")
    ap.add_argument("--rounds", type=int, default=5)
    args = ap.parse_args()
    try:
        import torch
    except Exception as e:  # noqa: BLE001 - any import failure means "no torch peer here"
        print(json.dumps({"peer": "torch", "skipped": f"cannot import torch with {sys.executable}: {e!r}"}), flush=True)
        return
    torch.set_num_interop_threads(1)
    torch.set_grad_enabled(False)
    for T in parse_list(args.threads, int):
        torch.set_num_threads(T)
        for name in parse_list(args.workloads):
            w = WORKLOADS[name]
            med, lo, hi = measure(make_runner(torch, name, 1), w["members"] * w["steps"], args.seconds, args.rounds)
            print(json.dumps({
                "peer": "torch", "workload": name, "threads": T, "mode": "intraop",
                "members": w["members"], "steps_per_call": w["steps"],
                "member_steps_per_s": med, "min": lo, "max": hi, "rounds": args.rounds,
                "interpreter": sys.executable, "python": sys.version.split()[0], "torch": torch.__version__,
                "torch_threads": torch.get_num_threads(),
            }), flush=True)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Combines one bench/run.sh run into the summary table (stdlib only).

Inputs (in the results folder): jmh.json (JMH -rf json, with -prof gc), numpy.jsonl, torch.jsonl,
limits.jsonl, alloc.jsonl. Output: the table on stdout, and summary.json next to the inputs.

Throughput unit: member-steps/s (one ensemble member advanced by one time step).

Operation counts per member-step used for the "fraction of peak" lines (estimates, stated here
so they can be argued with). N = 32, N2 = N*N = 1024, H = N*(N/2+1) = 544 half-spectrum modes,
P = number of Philox pairs per step = ceil(components/2):
  Philox4x32-10 per pair:      10 rounds x ~6 integer ops (2 mul 32x32->64, 2 xor-xor, 2 key adds) = 60
  Box-Muller per pair:         log ~22 flops (1 div) + sqrt 1 + sin/cos ~28 + uniform scaling ~6 +
                               2 final multiplies ~= 60 flops
  OU per member-step:          FFT r2c 5*N2*log2(N2)/2 = 25,600  + mode update 8*H = 4,352
                               + RNG P*(60+60) with P = 512 -> 61,440
                               + the per-call forward/inverse FFT of the state, 2*25,600/steps (=5,120 at 10)
                               = 96,512 ops (35,072 of them floating point excluding the RNG)
  Lorenz-96 RK4 per member-step (d = 40): 4 drifts x 4d + 3 stage updates x 2d + final 9d = 31d = 1,240
                               + RNG 20 pairs x 120 = 2,400  -> 3,640 ops
  double well EM (d = 1):      drift 3 + update 4 + one full pair 120 = 127 ops
"Ops" mixes integer (Philox) and floating-point operations; the FP64 peaks below are therefore
an upper bound on what one could reach, not a like-for-like target.

Bytes per member-step for the native tier (state stays in cache within a call): the per-call
copies Java heap -> off-heap -> Java heap plus the kernel's own read and write of the block,
48*d bytes per call, amortised over the steps of the call.
"""
import json
import math
import os
import sys

WORK = {  # workload: (d, members, steps)
    "ou32-exact": (1024, 64, 10),
    "ou32-em": (1024, 64, 10),
    "l96-rk4": (40, 4096, 100),
    "dw-em": (1, 4096, 100),
}


def ops_per_member_step(workload):
    d, _, steps = WORK[workload]
    rng = math.ceil(d / 2) * (60 + 60)
    if workload.startswith("ou32"):
        n2 = 1024
        fft = 5 * n2 * math.log2(n2) / 2
        return fft + 8 * 32 * 17 + rng + 2 * fft / steps
    if workload == "l96-rk4":
        return 31 * d + rng
    return 7 + rng


def bytes_per_member_step(workload):
    d, _, steps = WORK[workload]
    return 48 * d / steps


def read_jsonl(path):
    out = []
    if os.path.exists(path):
        with open(path) as f:
            for line in f:
                line = line.strip()
                if line.startswith("{"):
                    out.append(json.loads(line))
    return out


def fmt(v, digits=3):
    if v is None:
        return "-"
    if v >= 1e6:
        return f"{v / 1e6:.{digits}g}M"
    if v >= 1e3:
        return f"{v / 1e3:.{digits}g}k"
    return f"{v:.{digits}g}"


def ratio(a, b):
    return f"{a / b:.2f}x" if a and b else "-"


def main():
    res = sys.argv[1] if len(sys.argv) > 1 else "target/bench"
    jmh = []
    if os.path.exists(os.path.join(res, "jmh.json")):
        with open(os.path.join(res, "jmh.json")) as f:
            jmh = json.load(f)
    sfdt, alloc_norm, err = {}, {}, {}
    for r in jmh:
        p = r.get("params", {})
        key = (p.get("workload"), int(p.get("threads", 0)), p.get("backend"))
        sfdt[key] = r["primaryMetric"]["score"]
        e = r["primaryMetric"].get("scoreError")
        if isinstance(e, (int, float)) and not math.isnan(e) and sfdt[key]:
            err[key] = 100 * e / sfdt[key]
        g = r.get("secondaryMetrics", {}).get("gc.alloc.rate.norm")
        if g:
            alloc_norm[key] = g["score"]
    numpy_rows = read_jsonl(os.path.join(res, "numpy.jsonl"))
    torch_rows = read_jsonl(os.path.join(res, "torch.jsonl"))
    limits = read_jsonl(os.path.join(res, "limits.jsonl"))
    allocs = read_jsonl(os.path.join(res, "alloc.jsonl"))

    np_best, np_env = {}, {}
    for r in numpy_rows:
        k = (r["workload"], r["threads"])
        v = r["member_steps_per_s"]
        if r["mode"] == "env":
            np_env[k] = v
        if v > np_best.get(k, (0, ""))[0]:
            np_best[k] = (v, r["mode"])
    th = {(r["workload"], r["threads"]): r["member_steps_per_s"] for r in torch_rows if "workload" in r}
    torch_skip = [r["skipped"] for r in torch_rows if "skipped" in r]

    lim = {}
    for r in limits:
        lim[(r["limit"], r["threads"])] = r["value"]

    workloads = [w for w in WORK if any(k[0] == w for k in sfdt) or any(k[0] == w for k in np_best)]
    threads = sorted({k[1] for k in sfdt} | {k[1] for k in np_best})

    hdr = (f"{'workload':<11} {'thr':>3} | {'sfdt cpu':>9} {'±%':>4} {'sfdt java':>9} {'numpy':>9} {'(mode)':<7} {'torch':>9} |"
           f" {'cpu/numpy':>9} {'cpu/np1':>8} {'cpu/torch':>9} {'cpu/java':>8} | {'B/m-step':>9}")
    print("Throughput in member-steps/s (JMH ops/s; peers: median of rounds). numpy = faster of its modes;")
    print("cpu/np1 = against single-stream numpy (mode env). B/m-step = JMH gc.alloc.rate.norm of the cpu run.")
    print("±% = JMH 99.9% error of the cpu score; large values mean the machine was busy (2-thread rows suffer most).")
    print(hdr)
    print("-" * len(hdr))
    summary = []
    for w in workloads:
        for t in threads:
            cpu = sfdt.get((w, t, "cpu"))
            jv = sfdt.get((w, t, "java"))
            npv, mode = np_best.get((w, t), (None, ""))
            npe = np_env.get((w, t))
            tv = th.get((w, t))
            an = alloc_norm.get((w, t, "cpu"))
            e = err.get((w, t, "cpu"))
            print(f"{w:<11} {t:>3} | {fmt(cpu):>9} {('%.0f' % e) if e is not None else '-':>4} {fmt(jv):>9} {fmt(npv):>9} {mode:<7} {fmt(tv):>9} |"
                  f" {ratio(cpu, npv):>9} {ratio(cpu, npe):>8} {ratio(cpu, tv):>9} {ratio(cpu, jv):>8} |"
                  f" {('%.3g' % an) if an is not None else '-':>9}")
            summary.append(dict(workload=w, threads=t, cpu=cpu, cpu_error_pct=e, java=jv, numpy=npv, numpy_mode=mode,
                                numpy_single_stream=npe, torch=tv, cpu_alloc_bytes_per_member_step=an))
    if torch_skip:
        print("torch skipped: " + "; ".join(torch_skip))

    if allocs:
        print()
        print("Exact allocation of the calling thread (AllocationCheck, 200 calls after warm-up):")
        for r in allocs:
            print(f"  {r['backend']:<4} {r['workload']:<11} threads={r['threads']}: {r['bytes_per_call']:.1f} B/call"
                  f" = {r['bytes_per_member_step']:.2e} B/member-step")

    if lim:
        print()
        print("Machine limits (bench/peers/machine_limits.py):")
        for (name, t), v in sorted(lim.items()):
            unit = next(r["unit"] for r in limits if r["limit"] == name and r["threads"] == t)
            print(f"  {name:<13} threads={t}: {v:.3g} {unit}")
        print()
        print("Fraction of the machine reached by the native cpu backend (ops per member-step: see report.py):")
        for w in workloads:
            for t in threads:
                cpu = sfdt.get((w, t, "cpu"))
                if not cpu:
                    continue
                ops = ops_per_member_step(w)
                gops = cpu * ops / 1e9
                peak = max(lim.get(("dgemm", t), 0), lim.get(("nominal_fp64", t), 0))
                bw = cpu * bytes_per_member_step(w) / 1e9
                stream = max(v for (n, tt), v in lim.items() if n == "stream_copy") if any(
                    n == "stream_copy" for (n, _) in lim) else 0
                line = (f"  {w:<11} threads={t}: {ops:,.0f} ops/member-step -> {gops:.2f} G ops/s"
                        f" = {100 * gops / peak:.1f}% of FP64 peak {peak:.1f} GFLOP/s" if peak else "")
                if stream:
                    line += f"; {bw:.3f} GB/s of state traffic = {100 * bw / stream:.2f}% of copy bandwidth"
                print(line)
    with open(os.path.join(res, "summary.json"), "w") as f:
        json.dump(dict(rows=summary, limits={f"{k[0]}@{k[1]}": v for k, v in lim.items()}), f, indent=1)


if __name__ == "__main__":
    main()

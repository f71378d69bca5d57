#!/usr/bin/env python3
"""Merges the JSON lines of `scorefdt bench` and of the peers (bench/peers/numpy_throughput.py,
torch_gpu.py, jax_gpu.py) into throughput tables with ratios and the issue's targets. stdlib only.

  report.py FILE_OR_DIR ...     (.jsonl files, or folders holding results.jsonl / *.jsonl)

Two tables, one per kind of device, each per (workload, precision):

GPU  ScoreFDT `--backend cuda` against torch-eager, torch-compile, torch-sdpa (KDE only) and jax,
     all on the GPU; ratios = ScoreFDT / peer. Targets of issue 6:
       integrators (ou32, ac64, l96)  >= 10x torch-eager and >= 3x jax
       mlp                            >= the faster torch mode (eager or compile)
       kde                            >= 60 % of the device's FP32 peak (f32 rows; f64 rows show the
                                      fraction of the FP64 peak, no target)
     Marks: MET, missed, or "-" where a side is missing.
CPU  ScoreFDT on the CPU (native cpu and java tiers) against numpy and torch on the CPU; ratios =
     ScoreFDT's cpu tier (java where that is the only one) / peer. Not a GPU target: the engine's CPU target is in
     bench/README.md (>= 3x numpy on the integrators).

KDE work per (query, data point) pair, counted as executed by a direct kernel (FMA = 2 flops):
  squared distance 3d (subtract, multiply, add per component), logit scale 1, running max and
  rescale 1, exp 2 (one SFU op + one multiply), weight sum 1, weighted sum of x_i 2d
  = 5d + 5 flops = 45 at d = 8. FLOP/s = pairs/s x 45.
Device peaks (non-tensor FP32 / FP64, TFLOP/s, boost clock) come from the GPU's name (nvidia-smi,
or the peers' device_name); an unknown name falls back to SMs x lanes x 2 x max SM clock from the
peers' SM count, compute capability and nvidia-smi's clock.

Rows that did not run are listed under each table as "not available: <reason>" (or the error).
"""
import glob
import json
import os
import sys

INTEGRATORS = ["ou32", "ac64", "l96"]
ORDER = ["ou32", "ac64", "l96", "mlp", "kde", "lagged"]
KDE_TARGET = 0.60
# name fragment -> (FP32, FP64) non-tensor peak TFLOP/s at boost clock; the most specific first.
PEAKS = [
    ("H100 PCIe", (51.2, 25.6)), ("H100 NVL", (60.0, 30.0)), ("H200 NVL", (60.0, 30.0)),
    ("GH200", (66.9, 33.5)), ("H200", (66.9, 33.5)), ("H100", (66.9, 33.5)),
    ("A100", (19.5, 9.7)), ("L40S", (91.6, 1.43)), ("L4", (30.3, 0.47)), ("A10", (31.2, 0.98)),
    ("V100", (15.7, 7.8)),
]
# compute capability -> (FP32 lanes, FP64 lanes) per SM, for the fallback.
LANES = {"9.0": (128, 64), "8.0": (64, 32), "8.6": (128, 2), "8.9": (128, 2), "7.0": (64, 32), "7.5": (64, 2)}


def kde_flops_per_pair(d):
    return 5 * d + 5


def read(paths):
    rows = []
    for p in paths:
        files = [p] if os.path.isfile(p) else sorted(glob.glob(os.path.join(p, "*.jsonl")) + glob.glob(os.path.join(p, "*", "*.jsonl")))
        for f in files:
            with open(f) as fh:
                for line in fh:
                    line = line.strip()
                    if line.startswith("{"):
                        try:
                            rows.append(json.loads(line))
                        except json.JSONDecodeError:
                            pass
    return rows


def device_of(r):
    if r.get("impl") == "scorefdt":
        return "gpu" if r.get("backend") == "cuda" or (r.get("requested") == "cuda" and not r.get("per_second")) else "cpu"
    return "gpu" if r.get("device") in ("cuda", "gpu") else "cpu"


def column_of(r):
    if r.get("impl") == "scorefdt":
        return "sfdt" if device_of(r) == "gpu" else "sfdt-" + r.get("backend", "?")
    if r.get("impl") == "torch" and device_of(r) == "cpu":
        return "torch-cpu" if r.get("backend") == "torch-eager" else r.get("backend")
    return r.get("backend")


def fmt(v):
    if v is None:
        return "-"
    for unit, s in ((1e12, "T"), (1e9, "G"), (1e6, "M"), (1e3, "k")):
        if v >= unit:
            return f"{v / unit:.3g}{s}"
    return f"{v:.3g}"


def ratio(a, b):
    return f"{a / b:.2f}x" if a and b else "-"


def peaks(rows):
    """(fp32, fp64) FLOP/s and how they were found, or (None, None, reason)."""
    names = [r.get("gpu_name") for r in rows if r.get("impl") == "node" and r.get("gpu_name")]
    names += [r.get("device_name") for r in rows if device_of(r) == "gpu" and r.get("device_name")]
    for name in names:
        for frag, (p32, p64) in PEAKS:
            if frag.lower() in name.lower():
                return p32 * 1e12, p64 * 1e12, f"{name}: FP32 {p32} / FP64 {p64} TFLOP/s (table by name)"
    clock = next((r.get("max_sm_clock_mhz") for r in rows if r.get("impl") == "node" and r.get("max_sm_clock_mhz")), None)
    sm = next(((r.get("sms"), r.get("cc")) for r in rows if r.get("sms") and r.get("cc")), None)
    if clock and sm and sm[1] in LANES:
        l32, l64 = LANES[sm[1]]
        p32, p64 = sm[0] * l32 * 2 * clock * 1e6, sm[0] * l64 * 2 * clock * 1e6
        return p32, p64, f"{names[0] if names else '?'}: {sm[0]} SMs x {l32}/{l64} lanes x 2 x {clock:.0f} MHz"
    return None, None, "unknown device (no name in the peak table, no SM count and clock)"


def index(rows, dev):
    """{(workload, precision): {column: row}} for measured rows; and the rows that did not run."""
    got, missing = {}, []
    for r in rows:
        if "workload" not in r or device_of(r) != dev:
            continue
        if r.get("per_second"):
            got.setdefault((r["workload"], r.get("precision", "?")), {})[column_of(r)] = r
        else:
            missing.append(r)
    return got, missing


def mark(ok):
    return "-" if ok is None else ("MET" if ok else "missed")


def gpu_table(rows):
    got, missing = index(rows, "gpu")
    if not got and not missing:
        return []
    p32, p64, how = peaks(rows)
    out = ["GPU: throughput in units/s (median of rounds); ratios = ScoreFDT cuda / peer.",
           f"Peak: {how}. KDE flops/pair = 5d + 5 (report.py).",
           ""]
    if not got:
        return out[:1] + ["(nothing measured)"] + not_run(missing)
    cols = ["sfdt", "torch-eager", "torch-compile", "torch-sdpa", "jax"]
    hdr = (f"{'workload':<8} {'prec':<4} {'units':<13}| " + " ".join(f"{c:>13}" for c in cols)
           + f" | {'/eager':>7} {'/compile':>8} {'/jax':>7} | target")
    out += [hdr, "-" * len(hdr)]
    keys = sorted(got, key=lambda k: (ORDER.index(k[0]) if k[0] in ORDER else 99, k[1]))
    for wl, prec in keys:
        c = got[(wl, prec)]
        v = {k: (c[k]["per_second"] if k in c else None) for k in cols}
        units = next(iter(c.values()))["units"]
        s = v["sfdt"]
        target = ""
        if wl in INTEGRATORS:
            e = s / v["torch-eager"] if s and v["torch-eager"] else None
            j = s / v["jax"] if s and v["jax"] else None
            target = (f"10x eager {mark(None if e is None else e >= 10)}, 3x jax {mark(None if j is None else j >= 3)}")
        elif wl == "mlp":
            best = max([x for x in (v["torch-eager"], v["torch-compile"]) if x] or [0]) or None
            target = f">= torch {mark(None if not (s and best) else s >= best)}"
        elif wl == "kde" and s:
            d = c["sfdt"].get("params", {}).get("d", 8)
            fl = s * kde_flops_per_pair(d)
            peak = p32 if prec == "f32" else p64
            frac = fl / peak if peak else None
            target = (f"{fl / 1e12:.2f} TFLOP/s = {100 * frac:.0f}% of {prec} peak" if frac is not None else f"{fl / 1e12:.2f} TFLOP/s")
            if prec == "f32" and frac is not None:
                target += f"; >= 60%: {mark(frac >= KDE_TARGET)}"
        out.append(f"{wl:<8} {prec:<4} {units:<13}| " + " ".join(f"{fmt(v[k]):>13}" for k in cols)
                   + f" | {ratio(s, v['torch-eager']):>7} {ratio(s, v['torch-compile']):>8} {ratio(s, v['jax']):>7} | {target}")
    out += not_run(missing)
    return out


def cpu_table(rows):
    got, missing = index(rows, "cpu")
    if not got and not missing:
        return []
    out = ["CPU: throughput in units/s (median of rounds); ratios = ScoreFDT / peer (same precision).",
           ""]
    if not got:
        return out[:1] + ["(nothing measured)"] + not_run(missing)
    hdr = (f"{'workload':<8} {'prec':<4} {'units':<13}| {'sfdt cpu':>10} {'sfdt java':>10} {'numpy':>10} {'torch-cpu':>10}"
           f" | {'/numpy':>7} {'/torch':>7} {'cpu/java':>8}")
    out += [hdr, "-" * len(hdr)]
    keys = sorted(got, key=lambda k: (ORDER.index(k[0]) if k[0] in ORDER else 99, k[1]))
    for wl, prec in keys:
        c = got[(wl, prec)]
        v = {k: (c[k]["per_second"] if k in c else None) for k in ("sfdt-cpu", "sfdt-java", "numpy", "torch-cpu")}
        best = v["sfdt-cpu"] or v["sfdt-java"]     # the engine's fastest CPU tier that ran it
        units = next(iter(c.values()))["units"]
        out.append(f"{wl:<8} {prec:<4} {units:<13}| {fmt(v['sfdt-cpu']):>10} {fmt(v['sfdt-java']):>10} {fmt(v['numpy']):>10}"
                   f" {fmt(v['torch-cpu']):>10} | {ratio(best, v['numpy']):>7} {ratio(best, v['torch-cpu']):>7}"
                   f" {ratio(v['sfdt-cpu'], v['sfdt-java']):>8}")
    out.append("")
    out.append("Ratios use the native cpu tier where it ran the workload, else the Java tier (lagged: Java only).")
    out += not_run(missing)
    return out


def not_run(missing):
    out = []
    seen = set()
    for r in missing:
        who = "ScoreFDT " + r.get("requested", r.get("backend", "")) if r.get("impl") == "scorefdt" else r.get("backend", r.get("impl"))
        why = r.get("error") and ("FAILED: " + r["error"]) or ("not available: " + str(r.get("reason")))
        key = (r.get("workload"), r.get("precision"), who, why)
        if key in seen:
            continue
        seen.add(key)
        out.append(f"  {r.get('workload')} {r.get('precision')} {who}: {why}")
    return ([""] + out) if out else []


def node_lines(rows):
    out = []
    for r in rows:
        if r.get("impl") == "node" and r.get("gpu_name"):
            out.append(f"Device: {r['gpu_name']}, max SM clock {r.get('max_sm_clock_mhz')} MHz, {r.get('memory_mib')} MiB, "
                       f"driver {r.get('driver')}, {r.get('cpus')} CPUs")
        elif r.get("impl") == "junit":
            ok = r["failures"] == 0 and r["errors"] == 0
            out.append(f"GPU tests (tag gpu): {r['tests']} run, {r['failures']} failed, {r['errors']} errors, "
                       f"{r['skipped']} skipped{'' if ok else ' — FAILED: ' + ', '.join(r.get('failed', []))}")
        elif r.get("impl") == "ou-job":
            if "error" in r:
                out.append(f"OU job --backend cuda: no report ({r['error']})")
            else:
                errs = ", ".join(f"{k} {v:.4f}" for k, v in (r.get("errors") or {}).items())
                out.append(f"OU job --backend cuda: ran on {r.get('backend')} ({r.get('precision')}), complete={r.get('complete')}, "
                           f"grid {r.get('grid')}; relative L2 errors: {errs}")
        elif r.get("impl") == "node" and r.get("stage"):
            out.append(f"stage {r['stage']}: " + (r.get("skipped") or f"exit code {r.get('exit_code')}"))
    return out


def main():
    if len(sys.argv) < 2 or sys.argv[1] in ("-h", "--help"):
        print(__doc__)
        sys.exit(0 if len(sys.argv) >= 2 else 2)
    rows = read(sys.argv[1:])
    if not rows:
        print("no result lines in " + ", ".join(sys.argv[1:]))
        sys.exit(1)
    parts = [node_lines(rows), gpu_table(rows), cpu_table(rows)]
    print("\n\n".join("\n".join(p) for p in parts if p))


if __name__ == "__main__":
    main()

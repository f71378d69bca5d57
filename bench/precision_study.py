#!/usr/bin/env python3
"""F32 against F64 on the same reproduce config and seed (docs/reproduction.md §3.5).

Reads two finished `reproduce` output directories (run with --precision f32 and f64) and writes one
JSON: per system and method, the mean L2 error against each reference in both precisions, the
largest |F32 - F64| over lags and pixels in units of the F64 estimate's standard error, and the phase
times. F32 is "accurate enough" for a method when its mean L2 error against every reference moves by
at most 5 % (relative). The largest |F32 - F64| in standard errors is reported beside it: below 1 the
precision changes less than the statistics already allow; above, rounding differences have grown
(chaos, or a trained network that took another path), which the error comparison then judges.

usage: precision_study.py F32_DIR F64_DIR CONFIG COMMAND OUT_JSON
"""
import datetime
import json
import os
import platform
import sys

import numpy as np

from record import snake_keys  # bench/record.py: manifests of older jars are camelCase

L2_BOUND = 0.05     # relative change of the mean L2 error
L2_FLOOR = 1e-4     # absolute slack: errors below it are rounding (the linear OU truth matches the exact response to 1e-14 in F64, 1e-5 in F32)



def load(run, system, name):
    d = os.path.join(run, system)
    return np.load(os.path.join(d, f"response_{name}.npy")), np.load(os.path.join(d, f"response_{name}_se.npy"))


def main(f32, f64, config, command, out):
    r32 = json.load(open(os.path.join(f32, "report.json")))["systems"]
    r64 = json.load(open(os.path.join(f64, "report.json")))["systems"]
    m32 = snake_keys(json.load(open(os.path.join(f32, "manifest.json"))))
    m64 = snake_keys(json.load(open(os.path.join(f64, "manifest.json"))))
    systems = {}
    for system, s64 in r64.items():
        s32 = r32[system]
        methods = {}
        for name, e64 in s64["methods"].items():
            e32 = s32["methods"][name]
            v32, _ = load(f32, system, name)
            v64, se64 = load(f64, system, name)
            # Entries with a resolvable standard error only (lag 0 of the truth is exactly 1 in F64: SE 0).
            ok = se64 > 1e-9 * np.maximum(np.abs(v64), 1e-300)
            z = np.abs(v32 - v64)[ok] / se64[ok]
            entry = {"max_abs_diff_over_f64_stderr": float(z.max()) if z.size else None,
                     "max_abs_diff": float(np.abs(v32 - v64).max())}
            verdicts = []
            for ref in [k for k in e64 if k.startswith("vs_")]:
                a, b = e32[ref]["mean_l2_error"], e64[ref]["mean_l2_error"]
                entry[ref] = {"mean_l2_error_f32": a, "mean_l2_error_f64": b, "relative_change": (a - b) / b if b else None}
                verdicts.append(abs(a - b) <= L2_BOUND * b + L2_FLOOR)
            entry["f32_accurate_enough"] = bool(all(verdicts))
            methods[name] = entry
        phases = sorted({k.split(": ", 1)[1] for k in m64["phase_seconds"] if k.startswith(system + ": ")})
        times = {p: {"f32_s": m32["phase_seconds"].get(f"{system}: {p}"), "f64_s": m64["phase_seconds"].get(f"{system}: {p}")}
                 for p in phases}
        systems[system] = {"methods": methods, "phase_seconds": times,
                           "verdict_f32": s32.get("verdict"), "verdict_f64": s64.get("verdict")}
    doc = {"what": "reproduce with --precision f32 against f64, same config and seed",
           "criterion": f"F32 accurate enough for a method when its mean L2 errors change by <= {L2_BOUND:.0%}",
           "config": config, "command": command,
           "machine": {"cpus": os.cpu_count(), "cpu": platform.processor() or platform.machine()},
           "date": datetime.date.today().isoformat(), "systems": systems}
    with open(out + ".tmp", "w") as f:
        json.dump(doc, f, indent=1)
    os.replace(out + ".tmp", out)


if __name__ == "__main__":
    main(*sys.argv[1:6])

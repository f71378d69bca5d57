#!/usr/bin/env python3
"""Merges bench/run-cnn.sh's JMH and torch runs into one JSON result and prints the table.

Usage: cnn_report.py OUT_DIR RESULT_JSON. Per (workload, grid, precision): the median over the
repetitions of each side's score (JMH: the trial's mean samples/s; torch: the median round), the
ratio ScoreFDT/torch, and every repetition's numbers.
"""
import glob
import json
import os
import statistics
import sys


def main(out, result):
    ours = {}
    for f in sorted(glob.glob(os.path.join(out, "jmh-*.json"))):
        for r in json.load(open(f)):
            p = r["params"]
            w = "forward" if r["benchmark"].endswith(".forward") else "train-step"
            key = (w, int(p["grid"]), p["precision"].lower())
            ours.setdefault(key, []).append(r["primaryMetric"]["score"])
    torch = {}
    version = None
    for line in open(os.path.join(out, "torch.jsonl")):
        r = json.loads(line)
        version = r["version"]
        torch.setdefault((r["workload"], r["grid"], r["precision"]), []).append(r["samples_per_second"])
    host = open(os.path.join(out, "host.txt")).read().strip().splitlines()
    rows = []
    for key in sorted(set(ours) | set(torch)):
        a, b = ours.get(key, []), torch.get(key, [])
        ma = statistics.median(a) if a else None
        mb = statistics.median(b) if b else None
        rows.append({"workload": key[0], "grid": key[1], "precision": key[2], "batch": 64, "channels": "2-16-16-16-1",
                     "scorefdt_native_samples_per_s": ma, "torch_cpu_samples_per_s": mb,
                     "ratio": (ma / mb) if ma and mb else None, "scorefdt_reps": a, "torch_reps": b})
    doc = {"what": "periodic CNN (3x3 circular, SiLU), native CPU tier vs PyTorch CPU; samples/s, medians over repetitions",
           "torch_version": version, "host": host, "rows": rows}
    with open(result, "w") as f:
        json.dump(doc, f, indent=1)
    print("%-10s %4s %4s %12s %12s %7s" % ("workload", "grid", "prec", "scorefdt/s", "torch/s", "ratio"))
    for r in rows:
        print("%-10s %4d %4s %12.0f %12.0f %7.2f" % (r["workload"], r["grid"], r["precision"],
              r["scorefdt_native_samples_per_s"] or 0, r["torch_cpu_samples_per_s"] or 0, r["ratio"] or 0))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])

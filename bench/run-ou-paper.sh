#!/usr/bin/env bash
# bench/run-ou-paper.sh — throughput of `scorefdt ou --preset paper` (issue 12): runs the jar once and
# files what its manifest.json says under one label in bench/results/ou-paper.json (other labels kept),
# so the before/after numbers quoted in prose can be rendered from that file. Usage:
#   bench/run-ou-paper.sh LABEL [--no-build]
# Environment: JAR (default target/scorefdt.jar), RESULTS (default bench/results/ou-paper.json),
#   OUT (run directory, default target/bench-ou-paper/LABEL; replaced), JAR_COMMIT (the commit JAR was
#   built from, when it is not the working tree's HEAD: the manifest's gitCommit is read at run time).
# Numbers per pass (phase): member-steps/s = members × (spin-up steps + recorded steps) / phase wall time.
# The accumulator share of a pass is the wall time spent in LaggedGridAccumulator.observe after the
# conjugate (transforms, lagged products and sums, marginals; manifest phaseParts "PHASE: NAME accumulator")
# over the phase's wall time. Jars older than the phaseParts field give no share. The machine is shared:
# the load average before and after and the run's CPU seconds (user + sys of the JVM) are filed with it.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
LABEL="${1:?usage: bench/run-ou-paper.sh LABEL [--no-build]}"
[[ "${2:-}" == "--no-build" ]] || mvn -o -q -DskipTests package
JAR="${JAR:-target/scorefdt.jar}"
RESULTS="${RESULTS:-bench/results/ou-paper.json}"
OUT="${OUT:-target/bench-ou-paper/$LABEL}"
rm -rf "$OUT"
mkdir -p "$(dirname "$OUT")"
python3 - "$LABEL" "$JAR" "$OUT" "$RESULTS" <<'PY'
import json, os, platform, re, resource, subprocess, sys, time, tomllib
label, jar, out, results = sys.argv[1:5]
cmd = ["java", "-jar", jar, "ou", "--preset", "paper", "-q", "-o", out]
load_before = os.getloadavg()
t0 = time.time()
subprocess.run(cmd, check=True)
wall = time.time() - t0
load_after = os.getloadavg()
ru = resource.getrusage(resource.RUSAGE_CHILDREN)
m = json.load(open(os.path.join(out, "manifest.json")))
m = {re.sub(r'(?<=[a-z0-9])([A-Z])', lambda g: '_' + g.group(1).lower(), k): v for k, v in m.items()}  # jars before snake_case keys
cfg = tomllib.loads(m["config_toml"])
dt, ens = cfg["integrator"]["dt"], cfg["ensemble"]
steps = round(ens["spinup"] / dt) + int(ens["duration"] / (dt * ens["save_every"]) + 1e-9) * ens["save_every"]
member_steps = ens["members"] * steps
phases, parts = m["phase_seconds"], m.get("phase_parts") or {}
passes = {}
for phase in ("simulate", "quasi-gaussian"):
    if phase not in phases:
        continue
    sec = phases[phase]
    p = {"seconds": round(sec, 3), "member_steps": member_steps, "member_steps_per_s": round(member_steps / sec)}
    mine = {k[len(phase) + 2:]: v for k, v in parts.items() if k.startswith(phase + ": ")}
    if mine:
        p["parts_seconds"] = {k: round(v, 3) for k, v in mine.items()}
        acc = sum(v for k, v in mine.items() if k.endswith(" accumulator"))
        observers = sum(v for k, v in mine.items() if not k.endswith((" accumulator", " conjugate")))
        p["accumulator_share"] = round(acc / sec, 3)
        p["integrator_and_driver_seconds"] = round(sec - observers, 3)
    passes[phase] = p
cpu = open("/proc/cpuinfo").read()
model = next((l.split(":", 1)[1].strip() for l in cpu.splitlines() if l.startswith("model name")), platform.processor())
entry = {
    "date": m["started_at"], "git_commit": os.environ.get("JAR_COMMIT", m["git_commit"]), "command": " ".join(cmd),
    "machine": f"{os.cpu_count()} cores, {model}; shared with other jobs",
    "load_average_before": [round(x, 2) for x in load_before], "load_average_after": [round(x, 2) for x in load_after],
    "backend": m["backend"], "precision": m["precision"], "java": m["java_version"],
    "env": {k: os.environ[k] for k in ("OMP_WAIT_POLICY", "GOMP_SPINCOUNT", "OMP_NUM_THREADS", "JAVA_TOOL_OPTIONS") if k in os.environ},
    "wall_seconds": round(wall, 2), "cpu_seconds": round(ru.ru_utime + ru.ru_stime, 2),
    "phase_seconds": {k: round(v, 3) for k, v in phases.items()}, "passes": passes,
}
doc = json.load(open(results)) if os.path.exists(results) else {}
doc.setdefault("what", "`scorefdt ou --preset paper` (OU SPDE, N = 32, 128 members, 1000 spin-up + 2000 saved steps "
               "per pass, 100 lags, 16 blocks) on the native CPU tier; written by bench/run-ou-paper.sh")
doc.setdefault("how", "member_steps_per_s = members x (spin-up + recorded steps) / phase wall seconds; accumulator_share "
               "= wall seconds in LaggedGridAccumulator.observe after the conjugate / phase wall seconds (manifest "
               "phaseParts); integrator_and_driver_seconds = phase minus its observers. Wall times on a shared 2-core "
               "VM depend on the other jobs: compare runs with their load averages")
doc.setdefault("runs", {})[label] = entry
with open(results, "w") as f:
    json.dump(doc, f, indent=1, ensure_ascii=False)
    f.write("\n")
print(json.dumps({label: {"load": entry["load_average_before"], "wall": entry["wall_seconds"], "cpu": entry["cpu_seconds"],
                          "passes": {k: (v["member_steps_per_s"], v.get("accumulator_share")) for k, v in passes.items()}}}))
PY

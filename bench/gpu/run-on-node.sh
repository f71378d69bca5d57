#!/usr/bin/env bash
# bench/gpu/run-on-node.sh — run ON the GPU node, from the repository root, with the bundle made by
# bench/gpu/pack.sh carried along (.gpu-bundle/). One command for the GPU proof: device facts, the
# JUnit tests tagged "gpu", the OU validation job on --backend cuda, the engine's throughput harness
# (scorefdt bench --backend cuda) and the PyTorch/JAX peers, then one table (bench/gpu/report.py).
#
# Everything it prints goes to $OUT/run.log as it goes; results to $OUT/results.jsonl (one JSON line
# per measurement, plus device and job lines); the table to $OUT/summary.txt; the per-stage logs,
# JUnit XML and the OU run directory to $OUT/logs.tar.gz. $OUT defaults to target/gpu-run.
#
# Environment (all optional):
#   STAGES      comma list of info,tests,ou,bench,peers,report or "all" (default all). A run of the
#               device tool is limited to 10 minutes: split e.g. STAGES=info,tests,ou,bench,report
#               and STAGES=info,peers,report, and merge: bench/gpu/report.py A/results.jsonl B/results.jsonl
#   SIZE        bench and peer size: tiny, small, full (default full)
#   PRECISIONS  e.g. "f32" or "f32 f64" (default f32, the precision of the issue's GPU targets)
#   TIMING      timing options for bench and peers (default "--repeats 3 --min-seconds 0.5")
#   PEERS       which peers: torch,jax (default both); TORCH_MODES (default eager,compile,sdpa)
#   BUDGET_S    stop starting stages once this many seconds have passed; each stage's timeout is
#               cut to what is left (default 560, inside the tool's 600 s)
#   OU_ARGS     extra options of the OU job (default none: the small default run; "--preset paper")
#   PYTHON      interpreter with torch and jax (default python3); GPU_BUNDLE (default .gpu-bundle)
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"

B="${GPU_BUNDLE:-.gpu-bundle}"
OUT="${OUT:-target/gpu-run}"
SIZE="${SIZE:-full}"
PRECISIONS="${PRECISIONS:-f32}"
TIMING="${TIMING:---repeats 3 --min-seconds 0.5}"
PEERS="${PEERS:-torch,jax}"
TORCH_MODES="${TORCH_MODES:-eager,compile,sdpa}"
BUDGET_S="${BUDGET_S:-560}"
OU_ARGS="${OU_ARGS:-}"
PY="${PYTHON:-python3}"
STAGES="${STAGES:-all}"
[[ "$STAGES" == all ]] && STAGES="info,tests,ou,bench,peers,report"

mkdir -p "$OUT"
OUT="$(cd "$OUT" && pwd)"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/scorefdt-node.XXXXXX")"
mkdir -p "$WORK/logs"
RESULTS="$OUT/results.jsonl"
: > "$RESULTS"
exec > >(tee -a "$OUT/run.log") 2>&1

# The presets' RUNPATH names a CUDA 13.1 folder the node does not have.
export LD_LIBRARY_PATH="/usr/local/cuda/lib64:/usr/local/cuda/targets/x86_64-linux/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
export SCOREFDT_JAVACPP_CACHE="$WORK/javacpp-cache"
export PYTHONUNBUFFERED=1
export XLA_PYTHON_CLIENT_PREALLOCATE=false      # JAX must not hold 75 % of the GPU between stages
START=$SECONDS

has() { [[ ",$STAGES," == *",$1,"* ]]; }
left() { echo $(( BUDGET_S - (SECONDS - START) )); }
# stage NAME TIMEOUT CMD...: runs CMD under a timeout cut to the time left, its stderr also into
# logs/NAME.err; with STAGE_OUT=file its standard output is appended to that file as well.
stage() {
  local name="$1" want="$2"; shift 2
  local t; t="$(left)"
  (( t > want )) && t="$want"
  if (( t < 15 )); then
    echo "== $name: skipped, $(left) s of the budget left"
    echo "{\"impl\": \"node\", \"stage\": \"$name\", \"skipped\": \"out of time budget\"}" >> "$RESULTS"
    return 0
  fi
  echo "== $name (timeout ${t}s, $(( SECONDS - START ))s elapsed): $*"
  local rc
  if [[ -n "${STAGE_OUT:-}" ]]; then
    timeout --kill-after=10 "$t" "$@" 2> >(tee -a "$WORK/logs/$name.err" >&2) | tee -a "$STAGE_OUT"
    rc=${PIPESTATUS[0]}
  else
    timeout --kill-after=10 "$t" "$@" 2> >(tee -a "$WORK/logs/$name.err" >&2)
    rc=$?
  fi
  (( rc == 124 )) && echo "== $name: TIMED OUT after ${t}s"
  (( rc != 0 )) && echo "{\"impl\": \"node\", \"stage\": \"$name\", \"exit_code\": $rc}" >> "$RESULTS"
  return 0
}

if [[ ! -x "$B/jre/bin/java" ]]; then
  echo "no bundle at $B (build it where Maven is: bench/gpu/pack.sh, then carry $B)"
  has peers || has report || exit 1
fi

if has info; then
  echo "== info"
  nvidia-smi 2>&1 | tee "$WORK/logs/nvidia-smi.txt"
  q="$(nvidia-smi --query-gpu=name,clocks.max.sm,memory.total,driver_version --format=csv,noheader,nounits 2>/dev/null | head -1)"
  "$PY" - "$q" "$(nproc)" >> "$RESULTS" <<'EOF'
import json, sys
f = [s.strip() for s in sys.argv[1].split(",")] if sys.argv[1] else []
print(json.dumps({"impl": "node", "gpu_name": f[0] if f else None,
                  "max_sm_clock_mhz": float(f[1]) if len(f) > 1 and f[1].replace(".", "").isdigit() else None,
                  "memory_mib": f[2] if len(f) > 2 else None, "driver": f[3] if len(f) > 3 else None,
                  "cpus": int(sys.argv[2])}))
EOF
  cat "$B/BUNDLE.txt" 2>/dev/null | head -4
  "$B/scorefdt" --version 2>&1 || true
  ls /usr/local/cuda/lib64/ 2>/dev/null | grep -E 'libcudart|libcublas|libcufft|libcurand|libnvrtc' | head -12
fi

if has tests; then
  stage tests 240 "$B/junit" --include-tag gpu --details=tree --details-theme=ascii --reports-dir "$WORK/junit"
  "$PY" - "$WORK/junit" >> "$RESULTS" <<'EOF'
import glob, json, sys, xml.etree.ElementTree as ET
c = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
failed = []
for f in glob.glob(sys.argv[1] + "/*.xml"):
    for s in ET.parse(f).getroot().iter("testsuite"):
        for k in c:
            c[k] += int(s.get(k, 0))
    for tc in ET.parse(f).getroot().iter("testcase"):
        if tc.find("failure") is not None or tc.find("error") is not None:
            failed.append(tc.get("classname", "") + "." + tc.get("name", ""))
print(json.dumps({"impl": "junit", "tag": "gpu", **c, "failed": failed[:50]}))
EOF
fi

if has ou; then
  # shellcheck disable=SC2086
  stage ou 180 "$B/scorefdt" ou --backend cuda -q -o "$WORK/ou-cuda" $OU_ARGS
  "$PY" - "$WORK/ou-cuda" "$WORK/logs/ou.err" >> "$RESULTS" <<'EOF'
import json, os, re, sys
d = sys.argv[1]
line = {"impl": "ou-job", "dir": os.path.basename(d)}
if not os.path.exists(os.path.join(d, "manifest.json")):
    err = [l.strip() for l in open(sys.argv[2]) if l.startswith("error:")] if os.path.exists(sys.argv[2]) else []
    line["error"] = "the OU job wrote no manifest" + (": " + err[-1] if err else " (see logs/ou.err)")
    print(json.dumps(line))
    sys.exit(0)
try:
    m = json.load(open(os.path.join(d, "manifest.json")))
    m = {re.sub(r"(?<=[a-z0-9])([A-Z])", lambda g: "_" + g.group(1).lower(), k): v for k, v in m.items()}  # older jars: camelCase
    line.update(backend=m.get("backend"), requested=m.get("backend_requested"), fallback=m.get("fallback_reason"),
                precision=m.get("precision"), phase_seconds=m.get("phase_seconds"))
    r = json.load(open(os.path.join(d, "report.json")))
    line.update(complete=r.get("complete"), grid=r.get("grid"),
                errors={f'{c["estimate"]} vs {c["reference"]}': c["relative_l2_error"] for c in r.get("comparisons", [])})
except Exception as e:  # noqa: BLE001
    line["error"] = f"{type(e).__name__}: {e}"
print(json.dumps(line))
EOF
fi

if has bench; then
  for p in $PRECISIONS; do
    # shellcheck disable=SC2086
    stage "bench-$p" 240 "$B/scorefdt" bench --backend cuda --size "$SIZE" --precision "$p" $TIMING -o "$RESULTS"
  done
fi

if has peers; then
  for p in $PRECISIONS; do
    if [[ ",$PEERS," == *",torch,"* ]]; then
      # shellcheck disable=SC2086
      STAGE_OUT="$RESULTS" stage "torch-$p" 300 "$PY" bench/peers/torch_gpu.py --device cuda --modes "$TORCH_MODES" \
        --size "$SIZE" --precision "$p" $TIMING
    fi
    if [[ ",$PEERS," == *",jax,"* ]]; then
      # shellcheck disable=SC2086
      STAGE_OUT="$RESULTS" stage "jax-$p" 240 "$PY" bench/peers/jax_gpu.py --size "$SIZE" --precision "$p" $TIMING
    fi
  done
fi
sleep 1   # let the tee of the last stage flush

if has report; then
  echo "== report"
  "$PY" bench/gpu/report.py "$RESULTS" | tee "$OUT/summary.txt"
fi

tar -czf "$OUT/logs.tar.gz" -C "$WORK" --exclude='javacpp-cache' --exclude='*.npy' . 2>/dev/null
rm -rf "$WORK"
echo "== done in $(( SECONDS - START ))s: $OUT/{run.log,results.jsonl,summary.txt,logs.tar.gz}"
sleep 1   # the tee behind run.log writes asynchronously: let it finish before $OUT is collected

#!/usr/bin/env bash
# bench/gpu/run-cpu.sh — the CPU half of the GPU harness: `scorefdt bench` on the native cpu and the
# Java tiers, the numpy peer and the torch peer on the CPU, the same workloads and timing, then the
# CPU table of bench/gpu/report.py. Run on a quiet machine for numbers worth quoting.
#
# Environment: SIZE (tiny|small|full, default small), PRECISION (f64|f32, default f64),
#   OUT (default target/bench-cpu), NICE (default 10), TIERS (default "cpu java"),
#   NUMPY_PY (default python3), TORCH_PY (default /usr/bin/python3: Debian's python3-torch),
#   SCOREFDT_JAR (default target/scorefdt.jar; build with mvn -o -q -DskipTests package).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
SIZE="${SIZE:-small}"
PRECISION="${PRECISION:-f64}"
OUT="${OUT:-target/bench-cpu}"
NICE="${NICE:-10}"
TIERS="${TIERS:-cpu java}"
NUMPY_PY="${NUMPY_PY:-python3}"
TORCH_PY="${TORCH_PY:-/usr/bin/python3}"
JAR="${SCOREFDT_JAR:-target/scorefdt.jar}"
[[ -f "$JAR" ]] || { echo "no $JAR: mvn -o -q -DskipTests package" >&2; exit 1; }
mkdir -p "$OUT"
R="$OUT/results.jsonl"
: > "$R"
echo "host: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'); load before: $(cut -d' ' -f1-3 /proc/loadavg)" | tee "$OUT/host.txt"
for t in $TIERS; do
  nice -n "$NICE" java -jar "$JAR" bench --backend "$t" --size "$SIZE" --precision "$PRECISION" -o "$R" > /dev/null || true
done
nice -n "$NICE" "$NUMPY_PY" bench/peers/numpy_throughput.py --size "$SIZE" --precision "$PRECISION" | tee -a "$R" > /dev/null
if command -v "$TORCH_PY" > /dev/null; then
  nice -n "$NICE" "$TORCH_PY" bench/peers/torch_gpu.py --device cpu --modes eager --size "$SIZE" --precision "$PRECISION" \
    | tee -a "$R" > /dev/null
fi
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$OUT/host.txt"
"$NUMPY_PY" bench/gpu/report.py "$R" | tee "$OUT/summary.txt"

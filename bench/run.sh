#!/usr/bin/env bash
# bench/run.sh — integrator throughput of ScoreFDT (native cpu and Java tiers, JMH) against numpy
# and PyTorch peers running the same workloads in the same run, plus the machine's limits.
# See bench/README.md. Usage:
#   bench/run.sh              build with -Pbench, then run everything (~8 minutes on 2 cores)
#   bench/run.sh --no-build   use the existing target/scorefdt.jar (must contain the benchmarks)
#   bench/run.sh --quick      shorter JMH and peer settings (smoke test, numbers are rough)
# Environment:
#   SCOREFDT_JAR   jar to use (default target/scorefdt.jar; implies --no-build if it exists)
#   BENCH_OUT      results folder (default target/bench)
#   THREADS        thread counts, comma-separated (default 1,2)
#   JMH_ARGS       JMH settings (default "-f 1 -wi 2 -i 5 -w 1s -r 2s")
#   NUMPY_PY       interpreter for the numpy peer (default python3)
#   TORCH_PY       interpreter for the torch peer (default /usr/bin/python3: Debian's python3-torch)
#   PEER_ARGS      settings of the peers (default "--seconds 1 --rounds 5")
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

BUILD=1
QUICK=0
for a in "$@"; do
  case "$a" in
    --no-build) BUILD=0 ;;
    --quick) QUICK=1 ;;
    -h|--help) sed -n '2,17p' "$0"; exit 0 ;;
    *) echo "unknown option $a" >&2; exit 2 ;;
  esac
done

JAR="${SCOREFDT_JAR:-target/scorefdt.jar}"
[[ -n "${SCOREFDT_JAR:-}" && -f "$JAR" ]] && BUILD=0
OUT="${BENCH_OUT:-target/bench}"
THREADS="${THREADS:-1,2}"
if [[ $QUICK == 1 ]]; then
  JMH_ARGS="${JMH_ARGS:--f 1 -wi 1 -i 2 -w 1s -r 1s}"
  PEER_ARGS="${PEER_ARGS:---seconds 0.5 --rounds 3}"
else
  JMH_ARGS="${JMH_ARGS:--f 1 -wi 2 -i 5 -w 1s -r 2s}"
  PEER_ARGS="${PEER_ARGS:---seconds 1 --rounds 5}"
fi
NUMPY_PY="${NUMPY_PY:-python3}"
TORCH_PY="${TORCH_PY:-/usr/bin/python3}"
mkdir -p "$OUT"
LOAD_BEFORE="$(cut -d' ' -f1-3 /proc/loadavg)"

log() { printf '\n== %s\n' "$*" >&2; }

# 1. Build (the bench profile adds bench/java and the JMH annotation processor).
if [[ $BUILD == 1 ]]; then
  log "building: mvn -Pbench -DskipTests package"
  if ! mvn -Pbench -o -q -DskipTests package; then
    echo "offline build failed (first use of the bench profile downloads build-helper-maven-plugin); retrying online" >&2
    mvn -Pbench -q -DskipTests package
  fi
fi
[[ -f "$JAR" ]] || { echo "no $JAR: build with mvn -Pbench -DskipTests package" >&2; exit 1; }
if ! unzip -Z1 "$JAR" META-INF/BenchmarkList >/dev/null 2>&1; then
  echo "$JAR has no META-INF/BenchmarkList: it was built without -Pbench (or the shade plugin dropped it)" >&2
  exit 1
fi

# 2. JMH: both tiers, all workloads, THREADS; -prof gc for allocation per member-step.
log "JMH IntegratorBenchmark ($JMH_ARGS, threads $THREADS)"
# shellcheck disable=SC2086
java -cp "$JAR" org.openjdk.jmh.Main 'org.scorefdt.bench.IntegratorBenchmark' \
  $JMH_ARGS -p threads="$THREADS" -prof gc -rf json -rff "$OUT/jmh.json" | tee "$OUT/jmh.txt" \
  | grep -E '^(Benchmark|IntegratorBenchmark\.[a-z0-9]+ |IntegratorBenchmark\.[a-z0-9]+:gc\.alloc\.rate\.norm)' >&2 || true

# 3. Exact allocation per call of the native tier (calling thread).
log "allocation check (native tier)"
: > "$OUT/alloc.jsonl"
for t in ${THREADS//,/ }; do
  java -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$JAR" org.scorefdt.bench.AllocationCheck cpu "$t" | tee -a "$OUT/alloc.jsonl" >&2
done

# 4. Peers, same sizes and thread counts.
log "numpy peer ($NUMPY_PY)"
# shellcheck disable=SC2086
"$NUMPY_PY" bench/peers/numpy_integrators.py --threads "$THREADS" $PEER_ARGS | tee "$OUT/numpy.jsonl" >&2
log "torch peer ($TORCH_PY)"
if command -v "$TORCH_PY" >/dev/null 2>&1; then
  # shellcheck disable=SC2086
  "$TORCH_PY" bench/peers/torch_integrators.py --threads "$THREADS" $PEER_ARGS | tee "$OUT/torch.jsonl" >&2
else
  echo "{\"peer\": \"torch\", \"skipped\": \"no interpreter $TORCH_PY\"}" | tee "$OUT/torch.jsonl" >&2
fi

# 5. Machine limits.
log "machine limits ($NUMPY_PY)"
"$NUMPY_PY" bench/peers/machine_limits.py --threads "$THREADS" | tee "$OUT/limits.jsonl" >&2

# 6. The table.
log "summary (also in $OUT/summary.txt)"
{
  echo "host: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'); java $(java -version 2>&1 | head -1)"
  echo "numpy peer: $("$NUMPY_PY" -c 'import sys, numpy; print(sys.executable, sys.version.split()[0], "numpy", numpy.__version__)' 2>/dev/null || echo unavailable)"
  echo "torch peer: $("$TORCH_PY" -c 'import sys, torch; print(sys.executable, sys.version.split()[0], "torch", torch.__version__)' 2>/dev/null || echo unavailable)"
  echo "JMH: $JMH_ARGS; peers: $PEER_ARGS"
  echo "load average before: $LOAD_BEFORE, after: $(cut -d' ' -f1-3 /proc/loadavg) (other work on the machine skews the 2-thread rows)"
  echo
  "$NUMPY_PY" bench/report.py "$OUT"
} | tee "$OUT/summary.txt"

#!/usr/bin/env bash
# bench/run-scores.sh — score-model throughput (issue 4): KDE pair interactions/s, MLP forward
# samples/s and one DSM training step, on the native cpu and Java tiers (JMH), against the numpy
# peers on the same work in the same run. Run on a quiet machine. Usage:
#   bench/run-scores.sh [--no-build]
# Environment: BENCH_OUT (default target/bench-scores), JMH_ARGS (default "-f 1 -wi 2 -i 4 -w 1s -r 2s"),
#   NUMPY_PY (default python3), PEER_ARGS (default "--seconds 1 --rounds 5").
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
[[ "${1:-}" == "--no-build" ]] || mvn -Pbench -o -q -DskipTests package
JAR=target/scorefdt.jar
OUT="${BENCH_OUT:-target/bench-scores}"
JMH_ARGS="${JMH_ARGS:--f 1 -wi 2 -i 4 -w 1s -r 2s}"
NUMPY_PY="${NUMPY_PY:-python3}"
PEER_ARGS="${PEER_ARGS:---seconds 1 --rounds 5}"
mkdir -p "$OUT"
echo "host: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'); load before: $(cut -d' ' -f1-3 /proc/loadavg)" | tee "$OUT/host.txt"
# shellcheck disable=SC2086
java -cp "$JAR" org.openjdk.jmh.Main 'org.scorefdt.bench.(KdeBenchmark|NativeMlpBenchmark|NetworkBenchmark)' \
  $JMH_ARGS -rf json -rff "$OUT/jmh.json" | tee "$OUT/jmh.txt" | grep -E '^(Benchmark|[A-Za-z]+Benchmark\.)' || true
# shellcheck disable=SC2086
"$NUMPY_PY" bench/peers/numpy_kde.py $PEER_ARGS | tee "$OUT/numpy_kde.jsonl"
# shellcheck disable=SC2086
"$NUMPY_PY" bench/peers/numpy_mlp.py $PEER_ARGS | tee "$OUT/numpy_mlp.jsonl"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$OUT/host.txt"

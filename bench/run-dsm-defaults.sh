#!/usr/bin/env bash
# bench/run-dsm-defaults.sh — the default DSM-MLP on stochastic Lorenz-96 (d = 40): truth-free
# diagnostics on fresh samples and the GFDT response against quasi-Gaussian and the perturbed-ensemble
# truth (issue 13; org.scorefdt.bench.DsmDefaultsCheck). Writes bench/results/dsm-lorenz96.json.
# Usage: bench/run-dsm-defaults.sh [--no-build] [seeds, comma-separated; default 7,8,9]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
if [[ "${1:-}" == "--no-build" ]]; then shift; else mvn -Pbench -o -q -DskipTests package; fi
mkdir -p bench/results
java -Dbench.commit="$(git rev-parse --short HEAD)" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp target/scorefdt.jar org.scorefdt.bench.DsmDefaultsCheck \
  bench/results/dsm-lorenz96.json "${1:-7,8,9}"

#!/usr/bin/env bash
# F32 against F64: runs `reproduce` on CONFIG twice (--precision f32, f64; same seed) and writes
# docs/reproduction/precision/study-NAME.json (bench/precision_study.py says what it holds).
# usage: bench/run-precision-study.sh CONFIG NAME   (from the repository root, after `mvn -DskipTests package`)
set -euo pipefail
CONFIG=${1:?config}; NAME=${2:?name}
JAR=${JAR:-target/scorefdt.jar}
WORK=${WORK:-runs/precision-$NAME}
for p in f32 f64; do
  java -jar "$JAR" reproduce -c "$CONFIG" --precision "$p" -o "$WORK/$p" --force -q
done
mkdir -p docs/reproduction/precision
python3 bench/precision_study.py "$WORK/f32" "$WORK/f64" "$CONFIG" \
  "java -jar target/scorefdt.jar reproduce -c $CONFIG --precision f32|f64" docs/reproduction/precision/study-"$NAME".json
echo "wrote docs/reproduction/precision/study-$NAME.json"

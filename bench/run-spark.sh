#!/usr/bin/env bash
# bench/run-spark.sh — the ou job on Spark against the plain CLI on the OU paper preset (issue 14), a
# benchmark, not a test. Times, REPEATS times in rotation (so a change in the machine's load touches
# every configuration alike):
#   cli-t1, cli-t2      java -jar target/scorefdt.jar ou --preset paper --threads 1|2
#   spark-local1/2      org.scorefdt.spark.SparkOuJob --master local[1]|local[2] --partitions PARTITIONS
#                       on a plain JVM with Spark's jars (the provided scope) on the class path
# checks that every run's report.json, errors.csv and .npy files equal the first CLI run's byte for
# byte, and writes bench/results/spark-ou.json: wall and CPU seconds and load averages per run, the
# median and fastest per configuration, speed-up = local[1] / local[2] (target >= 1.8) and overhead =
# local[2] / cli-t2 - 1 (target <= 0.10). The machine may be shared: compare numbers with the load
# averages beside them.
# Usage: bench/run-spark.sh [--no-build]
# Environment: REPEATS (default 2), PARTITIONS (default 16), OUT (default target/bench-spark; replaced),
#   RESULTS (default bench/results/spark-ou.json).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
[[ "${1:-}" == "--no-build" ]] || mvn -o -q -DskipTests package
REPEATS="${REPEATS:-2}"
PARTITIONS="${PARTITIONS:-16}"
OUT="${OUT:-target/bench-spark}"
RESULTS="${RESULTS:-bench/results/spark-ou.json}"
rm -rf "$OUT"
mkdir -p "$OUT"
# Spark and its dependencies as Maven resolved them for the build (what spark-submit would supply).
mvn -o -q dependency:build-classpath -Dmdep.includeScope=provided -Dmdep.outputFile="$OUT/spark.classpath" >/dev/null
# The JVM flags Spark's launcher passes on Java 17, as pom.xml gives surefire.
OPENS="$(sed -n 's:.*<spark.addOpens>\(.*\)</spark.addOpens>.*:\1:p' pom.xml)"
python3 - "$OUT" "$RESULTS" "$REPEATS" "$PARTITIONS" "$OPENS" <<'PY'
import json, os, platform, resource, statistics, subprocess, sys, time
out, results, repeats, partitions, opens = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4], sys.argv[5].split()
cp = "target/scorefdt.jar:" + open(os.path.join(out, "spark.classpath")).read().strip()
spark = ["java", *opens, "-Dspark.ui.enabled=false", "-cp", cp, "org.scorefdt.spark.SparkOuJob", "--preset", "paper", "-q",
         "--partitions", partitions]
configs = {
    "cli-t1": ["java", "-jar", "target/scorefdt.jar", "ou", "--preset", "paper", "-q", "--threads", "1"],
    "cli-t2": ["java", "-jar", "target/scorefdt.jar", "ou", "--preset", "paper", "-q", "--threads", "2"],
    "spark-local1": spark + ["--master", "local[1]"],
    "spark-local2": spark + ["--master", "local[2]"],
}
COMPARED = lambda d: sorted(n for n in os.listdir(d) if n.endswith(".npy") or n in ("report.json", "errors.csv"))

def same(a, b):
    names = COMPARED(a)
    return names == COMPARED(b) and all(open(os.path.join(a, n), "rb").read() == open(os.path.join(b, n), "rb").read() for n in names)

runs, reference = [], None
for rep in range(repeats):
    for name, cmd in configs.items():
        d = os.path.join(out, f"{name}-{rep}")
        load_before = os.getloadavg()
        ru0 = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.monotonic()
        subprocess.run(cmd + ["-o", d], check=True, stdout=subprocess.DEVNULL)
        wall = time.monotonic() - t0
        ru1 = resource.getrusage(resource.RUSAGE_CHILDREN)
        reference = reference or d
        run = {"config": name, "repeat": rep, "wall_seconds": round(wall, 2),
               "cpu_seconds": round(ru1.ru_utime + ru1.ru_stime - ru0.ru_utime - ru0.ru_stime, 2),
               "load_average_before": [round(x, 2) for x in load_before],
               "load_average_after": [round(x, 2) for x in os.getloadavg()],
               "outputs_equal_first_cli_run": same(reference, d)}
        runs.append(run)
        print(json.dumps(run), flush=True)
        if not run["outputs_equal_first_cli_run"]:
            sys.exit(f"{d}: outputs differ from {reference}")

def per(stat, key):
    return {c: round(stat([r[key] for r in runs if r["config"] == c]), 2) for c in configs}
median, fastest, cpu_median = per(statistics.median, "wall_seconds"), per(min, "wall_seconds"), per(statistics.median, "cpu_seconds")
cpu = open("/proc/cpuinfo").read()
model = next((l.split(":", 1)[1].strip() for l in cpu.splitlines() if l.startswith("model name")), platform.processor())
commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
doc = {
    "what": "`ou --preset paper` as the plain CLI (--threads 1, 2) and as the Spark job (org.scorefdt.spark.SparkOuJob, "
            f"{partitions} partitions) in local[1] and local[2] on a plain JVM; written by bench/run-spark.sh",
    "how": "wall and CPU (user + sys) seconds of the whole process (JVM and Spark start included), configurations in rotation, "
           "REPEATS times; speedup = local[1] / local[2] and overhead = local[2] / cli-t2 - 1, of the medians and of the fastest "
           "runs (other jobs' load only adds time, so the fastest run is the least disturbed); cpu_overhead = median CPU "
           "seconds of local[2] / those of cli-t2 - 1 (Spark's extra work, less sensitive to the load)",
    "date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    "git_commit": commit,
    "machine": f"{os.cpu_count()} cores, {model}; shared with other jobs",
    "java": subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.splitlines()[0],
    "partitions": int(partitions),
    "repeats": repeats,
    "runs": runs,
    "median_wall_seconds": median,
    "fastest_wall_seconds": fastest,
    "median_cpu_seconds": cpu_median,
    "speedup_local2_over_local1": {"median": round(median["spark-local1"] / median["spark-local2"], 3),
                                   "fastest": round(fastest["spark-local1"] / fastest["spark-local2"], 3)},
    "speedup_target": 1.8,
    "overhead_spark_local2_over_cli_t2": {"median": round(median["spark-local2"] / median["cli-t2"] - 1, 3),
                                          "fastest": round(fastest["spark-local2"] / fastest["cli-t2"] - 1, 3),
                                          "cpu_median": round(cpu_median["spark-local2"] / cpu_median["cli-t2"] - 1, 3)},
    "overhead_target": 0.10,
    "cli_speedup_t2_over_t1": {"median": round(median["cli-t1"] / median["cli-t2"], 3),
                               "fastest": round(fastest["cli-t1"] / fastest["cli-t2"], 3)},
}
os.makedirs(os.path.dirname(results), exist_ok=True)
with open(results, "w") as f:
    json.dump(doc, f, indent=1)
    f.write("\n")
print(json.dumps({k: doc[k] for k in ("median_wall_seconds", "fastest_wall_seconds", "speedup_local2_over_local1",
                                      "overhead_spark_local2_over_cli_t2")}))
PY

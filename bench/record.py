#!/usr/bin/env python3
"""Records a measurement quoted in README.md or docs/ as a small committed JSON.

  bench/record.py KIND...            run KIND's commands, then write its JSON
  bench/record.py --collect-only KIND...   rewrite the JSON from an earlier run's target/record/KIND/

From the repository root, with target/scorefdt.jar built (mvn -Pbench -o -q -DskipTests package: the
bench kinds need the JMH benchmarks in it). Each KIND runs the repository's own commands (a bench
script, or the CLI lines the README shows) in target/record/KIND/ and writes one JSON that the
documents render from (tests/java/org/scorefdt/RenderedRegions*.java; RenderedRegionsTest fails
when prose and JSON disagree):

  integrators          THREADS=1 bench/run.sh --no-build          bench/results/integrators-cpu.json
  throughput-cpu       bench/gpu/run-cpu.sh                        bench/results/throughput-cpu.json
  scores               bench/run-scores.sh --no-build, 1 thread    bench/results/scores-cpu.json
  ou-default           scorefdt ou (README, first section)         docs/recorded/ou-default.json
  double-well          README "Learned scores" block               docs/recorded/double-well.json
  lorenz96             README Lorenz-96 block                      docs/recorded/lorenz96.json
  lorenz96-ablation    score variants on a short protocol          docs/recorded/lorenz96-ablation.json
  navier-stokes-tiers  simulate navier-stokes, cpu and java tiers  docs/recorded/navier-stokes-tiers.json
  allen-cahn-mixing    bench AllenCahnMixing (docs/reproduction §3.1) docs/recorded/allen-cahn-mixing.json

Every JSON holds the exact commands, per-command wall and CPU seconds (user + sys of the command's
processes), the date, the git commit, the machine
(nproc, CPU model) and the one-minute load averages (/proc/loadavg, what `uptime` prints) at start and
end. On a machine shared with other work the load shows there, and the prose says so: ratios of rates
measured in the same run stay comparable, absolute rates and times do not. Only small extracts are
kept (the raw outputs stay in target/record/, git-ignored); the JSON must stay well under 200 KB.
"""
import glob
import json
import os
import platform
import re
import resource
import shlex
import subprocess
import sys
import time
from datetime import datetime, timezone

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
JAR = os.path.join(ROOT, "target", "scorefdt.jar")
MAX_BYTES = 200_000


# ---- machine and run metadata ----------------------------------------------------------------------

def load_average():
    with open("/proc/loadavg") as f:
        return [float(x) for x in f.read().split()[:3]]


def cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def git(*args):
    try:
        return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def java_version():
    try:
        p = subprocess.run(["java", "-version"], capture_output=True, text=True)
        return (p.stderr or p.stdout).splitlines()[0]
    except OSError:
        return "unknown"


def machine():
    return {"nproc": os.cpu_count(), "cpu_model": cpu_model(), "java": java_version()}


# ---- kinds -------------------------------------------------------------------------------------------

J = "java -jar target/scorefdt.jar"  # how the commands are written in the JSON; run with the absolute jar


class Kind:
    def __init__(self, name, output, what, commands, collect, env=None, cwd_is_out=True):
        self.name, self.output, self.what = name, output, what
        self.commands, self.collect, self.env, self.cwd_is_out = commands, collect, env or {}, cwd_is_out


def out_dir(kind):
    return os.path.join(ROOT, "target", "record", kind)


def run(kind):
    out = out_dir(kind.name)
    os.makedirs(out, exist_ok=True)
    meta = {"kind": kind.name, "date": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "git_commit": git("rev-parse", "HEAD"), "git_dirty": bool(git("status", "--porcelain", "--untracked-files=no")),
            "machine": machine(), "load_average_start": load_average(), "commands": []}
    for cmd in kind.commands:
        env = dict(os.environ, **{k: v.replace("{out}", out) for k, v in kind.env.items()})
        shell = cmd.replace("java -jar target/scorefdt.jar", "java -jar " + shlex.quote(JAR))
        cwd = out if kind.cwd_is_out else ROOT
        log = os.path.join(out, "log-%d.txt" % len(meta["commands"]))
        print(f"[{kind.name}] {cmd}", file=sys.stderr, flush=True)
        t0, r0 = time.monotonic(), resource.getrusage(resource.RUSAGE_CHILDREN)
        with open(log, "w") as fh:
            p = subprocess.run(["bash", "-c", shell], cwd=cwd, env=env, stdout=fh, stderr=subprocess.STDOUT)
        r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (r1.ru_utime + r1.ru_stime) - (r0.ru_utime + r0.ru_stime)
        meta["commands"].append({"command": cmd, "wall_seconds": round(time.monotonic() - t0, 2), "cpu_seconds": round(cpu, 2),
                                 "exit_code": p.returncode})
        if p.returncode != 0:
            print(f"[{kind.name}] exit code {p.returncode}; see {log}", file=sys.stderr)
    meta["load_average_end"] = load_average()
    meta["env"] = kind.env
    with open(os.path.join(out, "meta.json"), "w") as f:
        json.dump(meta, f, indent=1)


def write(kind):
    out = out_dir(kind.name)
    with open(os.path.join(out, "meta.json")) as f:
        meta = json.load(f)
    doc = {"what": kind.what, "recorded_by": "bench/record.py " + kind.name}
    doc.update({k: meta[k] for k in ("date", "git_commit", "git_dirty", "machine", "load_average_start", "load_average_end")})
    if meta.get("env"):
        doc["env"] = {k: v.replace(out, "target/record/" + kind.name) for k, v in meta["env"].items()}
    doc["working_directory"] = "target/record/" + kind.name if kind.cwd_is_out else "."
    doc["commands"] = meta["commands"]
    doc.update(kind.collect(out))
    text = json.dumps(doc, indent=1, ensure_ascii=False, allow_nan=False) + "\n"
    if len(text.encode()) > MAX_BYTES:
        raise SystemExit(f"{kind.output}: {len(text.encode())} bytes, over {MAX_BYTES}: keep less")
    path = os.path.join(ROOT, kind.output)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)
    print(f"[{kind.name}] wrote {kind.output} ({len(text.encode())} bytes)", file=sys.stderr)


def read_jsonl(path):
    rows = []
    if os.path.exists(path):
        with open(path) as f:
            for line in f:
                line = line.strip()
                if line.startswith("{"):
                    rows.append(json.loads(line))
    return rows


def read_json(path):
    with open(path) as f:
        return json.load(f)


def log_text(out, i):
    with open(os.path.join(out, "log-%d.txt" % i), errors="replace") as f:
        return f.read()


def rounded(x, digits=6):
    """Significant digits kept in the JSON (measurements are not better than that)."""
    if isinstance(x, float):
        return float(f"{x:.{digits}g}")
    if isinstance(x, dict):
        return {k: rounded(v, digits) for k, v in x.items()}
    if isinstance(x, list):
        return [rounded(v, digits) for v in x]
    return x


# ---- bench kinds -----------------------------------------------------------------------------------

def collect_integrators(out):
    res = os.path.join(out, "bench")
    summary = read_json(os.path.join(res, "summary.json"))
    with open(os.path.join(res, "summary.txt")) as f:
        header = [l.rstrip() for l in f.read().splitlines()[:5]]
    return rounded({
        "units": "member-steps/s; JMH ops/s for ScoreFDT (mean of iterations, cpu_error_pct = JMH 99.9% error), "
                 "median of rounds for the peers",
        "summary_header": header,
        "rows": summary["rows"],
        "limits": [{k: r[k] for k in ("limit", "threads", "value", "unit", "how")} for r in read_jsonl(os.path.join(res, "limits.jsonl"))],
        "allocation": read_jsonl(os.path.join(res, "alloc.jsonl")),
        "peers": {"numpy": sorted({r.get("numpy", "?") for r in read_jsonl(os.path.join(res, "numpy.jsonl"))}),
                  "torch": sorted({str(r.get("torch", r.get("skipped", "?"))) for r in read_jsonl(os.path.join(res, "torch.jsonl"))})},
    })


def collect_throughput_cpu(out):
    res = os.path.join(out, "bench-cpu")
    keep = ("impl", "workload", "backend", "units", "per_second", "precision", "size", "available", "reason", "error", "note",
            "threads", "device")
    rows = [{k: r[k] for k in keep if k in r} for r in read_jsonl(os.path.join(res, "results.jsonl")) if "workload" in r]
    versions = {}
    for r in read_jsonl(os.path.join(res, "results.jsonl")):
        for k in ("numpy", "torch", "python"):
            if k in r:
                versions.setdefault(r.get("impl", "?") + " " + k, r[k])
    with open(os.path.join(res, "host.txt")) as f:
        host = [l.rstrip() for l in f]
    return rounded({"units": "units per second, median of rounds (bench/gpu/report.py)", "host": host, "versions": versions, "rows": rows})


def collect_scores(out):
    res = os.path.join(out, "bench-scores")
    jmh = []
    for r in read_json(os.path.join(res, "jmh.json")):
        jmh.append({"benchmark": r["benchmark"].rsplit(".", 2)[-2] + "." + r["benchmark"].rsplit(".", 1)[-1],
                    "params": r.get("params", {}), "score": r["primaryMetric"]["score"],
                    "error": r["primaryMetric"].get("scoreError"), "unit": r["primaryMetric"]["scoreUnit"]})
    for j in jmh:
        if isinstance(j["error"], float) and j["error"] != j["error"]:
            j["error"] = None
    with open(os.path.join(res, "host.txt")) as f:
        host = [l.rstrip() for l in f]
    kde = [{k: r[k] for k in ("workload", "threads", "pairs_per_s", "pairs_per_s_best", "numpy") if k in r}
           for r in read_jsonl(os.path.join(res, "numpy_kde.jsonl"))]
    mlp = read_jsonl(os.path.join(res, "numpy_mlp.jsonl"))
    return rounded({"units": "JMH ops/s (pairs/s for KDE, samples/s otherwise); numpy: mean of rounds (KDE), best round (MLP)",
                    "host": host, "jmh": jmh, "numpy_kde": kde, "numpy_mlp": mlp})


# ---- run kinds -------------------------------------------------------------------------------------

def snake_keys(d):
    """Top-level keys in snake_case, as the engine writes them (manifests and reports of older jars are camelCase)."""
    return {re.sub(r"(?<=[a-z0-9])([A-Z])", lambda g: "_" + g.group(1).lower(), k): v for k, v in d.items()}


def manifest_summary(manifest):
    manifest = snake_keys(manifest)
    started = datetime.fromisoformat(manifest["started_at"].replace("Z", "+00:00"))
    finished = datetime.fromisoformat(manifest["finished_at"].replace("Z", "+00:00"))
    return {"wall_seconds": round((finished - started).total_seconds(), 2),
            "phase_seconds": manifest.get("phase_seconds"), "backend": manifest.get("backend"),
            "threads": manifest.get("threads"), "cpu_count": manifest.get("cpu_count"), "complete": manifest.get("complete")}


def collect_ou_default(out):
    run_dir = os.path.join(out, "runs", "ou-small")
    report = read_json(os.path.join(run_dir, "report.json"))
    return rounded({"manifest": manifest_summary(read_json(os.path.join(run_dir, "manifest.json"))),
                    "summary": report.get("summary")})


def respond_summary(run_dir, components=()):
    """What a respond run's report holds per estimator (mean and per-lag errors against the truth), the
    truth's noise floor per lag, its comparison, and the response of the given components per lag."""
    import numpy as np
    report = snake_keys(read_json(os.path.join(run_dir, "report.json")))
    out = {"summary": report.get("summary"), "manifest": manifest_summary(read_json(os.path.join(run_dir, "manifest.json"))),
           "lags": report.get("lags"), "times": report.get("times"), "noise_floor": report.get("noise_floor"),
           "estimators": {m: estimator_summary(snake_keys(r)) for m, r in report.get("estimators", {}).items()}}
    if components:
        resp = {}
        for f in sorted(glob.glob(os.path.join(run_dir, "response_*.npy"))):
            name = os.path.basename(f)[len("response_"):-len(".npy")]
            if name.endswith("_se"):
                continue
            r = np.load(f)
            resp[name] = {str(c): [float(v) for v in r[:, c % r.shape[1]]] for c in components}
        out["response"] = resp
    return out


def estimator_summary(r):
    """An estimator's errors against the truth and the scalars of its truth-free diagnostics (not the per-identity arrays)."""
    out = {k: v for k, v in r.items() if k in ("mean_l2", "relative_l2", "max_linf", "l2")}
    if isinstance(r.get("diagnostics"), dict):
        out["diagnostics"] = {k: v for k, v in r["diagnostics"].items() if not isinstance(v, list)}
    return out


def npy_stats(path):
    import numpy as np
    x = np.load(path)
    return {"shape": list(x.shape), "mean": float(x.mean()), "variance": float(x.var()),
            "mean_per_component_min": float(x.mean(axis=0).min()), "mean_per_component_max": float(x.mean(axis=0).max())}


def collect_double_well(out):
    sample_log = log_text(out, 4)
    return rounded({"data": npy_stats(os.path.join(out, "dw.npy")),
                    "samples_ula_kde": npy_stats(os.path.join(out, "s.npy")),
                    "sample_line": [l for l in sample_log.splitlines() if "mean" in l][-1:],
                    "respond_line": [l for l in log_text(out, 6).splitlines() if "closer" in l][-1:],
                    "respond": respond_summary(os.path.join(out, "runs", "dw-kde"))})


def respond_sizes(out, i):
    """Sizes the respond run at command i printed (its first line) and the truth's kicked windows."""
    meta = read_json(os.path.join(out, "meta.json"))
    line = next(l for l in log_text(out, i).splitlines() if l.startswith("respond:"))
    m = re.search(r"(\d+) members × (\d+) saves, truth (\d+) pairs × (\d+) saves", line)
    reset = int(re.search(r"--reset-every (\d+)", meta["commands"][i]["command"]).group(1))
    members, saves, pairs, truth_saves = (int(g) for g in m.groups())
    return {"gfdt_members": members, "gfdt_saves": saves, "truth_pairs": pairs, "truth_saves": truth_saves,
            "truth_reset_every": reset, "truth_windows": pairs * (truth_saves // reset)}


def collect_lorenz96(out):
    return rounded({"data": npy_stats(os.path.join(out, "l96.npy")),
                    "sizes": respond_sizes(out, 2),
                    "respond_line": [l for l in log_text(out, 2).splitlines() if "closer" in l][-1:],
                    "respond": respond_summary(os.path.join(out, "runs", "l96-poly"), (0, 1, -1))})


ABLATION = [  # name, train options
    ("degree 1", "--model local-polynomial --radius 2 --degree 1"),
    ("degree 2, r = 2", "--model local-polynomial --radius 2 --degree 2"),
    ("degree 3, r = 2", "--model local-polynomial --radius 2 --degree 3"),
    ("degree 3, r = 3", "--model local-polynomial --radius 3 --degree 3"),
    ("DSM-MLP 128-128", "--model dsm --hidden 128,128 --steps 3000 --batch 256"),
    ("DSM-MLP defaults", "--model dsm"),
]
ABLATION_RESPOND = ("--cyclic --members 32 --duration 100 --lags 20 --truth-pairs 256 --truth-duration 40 "
                    "--reset-every 20 --delta 0.1")


def ablation_commands():
    cmds = [f"{J} simulate --system lorenz96 --members 128 --duration 400 --snapshot-every 1 -o l96.npy"]
    for i, (_, opts) in enumerate(ABLATION):
        cmds.append(f"{J} train --data l96.npy {opts} -o m{i}.sfdt")
        cmds.append(f"{J} respond --system lorenz96 --model m{i}.sfdt {ABLATION_RESPOND} -o runs/m{i}")
    return cmds


def collect_lorenz96_ablation(out):
    meta = read_json(os.path.join(out, "meta.json"))
    variants = []
    for i, (name, opts) in enumerate(ABLATION):
        variants.append({"name": name, "train": opts, "train_seconds": meta["commands"][1 + 2 * i]["wall_seconds"],
                         "train_log": [l for l in log_text(out, 1 + 2 * i).splitlines() if l.strip()][-2:],
                         "respond": respond_summary(os.path.join(out, "runs", f"m{i}"), (0, 1, -1))})
    return rounded({"respond_options": ABLATION_RESPOND, "sizes": respond_sizes(out, 2), "variants": variants})


NS_RUNS = [("cpu", 8, 2), ("cpu", 8, 32), ("java", 8, 2), ("java", 8, 32)]  # tier, members, duration (dt = 1/128)


def ns_commands():
    return [f"{J} simulate --system navier-stokes --members {m} --duration {d} --spinup 0 --snapshot-every 2 "
            f"--backend {t} --threads 1 -o ns-{t}-{d}.npy --force" for t, m, d in NS_RUNS]


def collect_ns(out):
    """Per tier: the CPU time (user + sys of the whole process) and the simulate line's wall seconds of a short and a
    long run; their difference over the difference in member-steps is the cost of one member-step, JVM start-up
    and the JIT's warm-up cancelled, and CPU time moves less with the machine's load than wall time."""
    meta = read_json(os.path.join(out, "meta.json"))
    runs = []
    for i, (t, m, d) in enumerate(NS_RUNS):
        line = [l for l in log_text(out, i).splitlines() if "snapshots of dimension" in l][-1]
        runs.append({"tier": t, "members": m, "duration": d, "member_steps": m * d * 128, "line": line.strip(),
                     "seconds": float(re.search(r"([0-9.]+) s\)", line).group(1)), "cpu_seconds": meta["commands"][i]["cpu_seconds"]})
    tiers = {}
    for t in ("cpu", "java"):
        short, long_ = [r for r in runs if r["tier"] == t]
        steps = long_["member_steps"] - short["member_steps"]
        tiers[t] = {"cpu_microseconds_per_member_step": 1e6 * (long_["cpu_seconds"] - short["cpu_seconds"]) / steps,
                    "wall_microseconds_per_member_step": 1e6 * (long_["seconds"] - short["seconds"]) / steps}
    return rounded({"dt": 1 / 128, "grid": 32, "threads": 1, "runs": runs, "tiers": tiers,
                    "java_over_cpu_cpu_time": tiers["java"]["cpu_microseconds_per_member_step"] / tiers["cpu"]["cpu_microseconds_per_member_step"]})


def collect_allen_cahn(out):
    rows = [json.loads(l) for l in log_text(out, 0).splitlines() if l.startswith("{")]
    return rounded({"start": [r for r in rows if r["case"] == "start"], "mixing": [r for r in rows if r["case"] == "mixing"]})


KINDS = {k.name: k for k in [
    Kind("integrators", "bench/results/integrators-cpu.json",
         "bench/run.sh at one thread: member-steps/s of the native and Java tiers (JMH IntegratorBenchmark) and of the "
         "numpy and torch peers on the same workloads in the same run; allocation per call; machine limits",
         ["bench/run.sh --no-build"], collect_integrators,
         env={"THREADS": "1", "BENCH_OUT": "{out}/bench"}, cwd_is_out=False),
    Kind("throughput-cpu", "bench/results/throughput-cpu.json",
         "bench/gpu/run-cpu.sh: every workload of the GPU harness on the CPU (scorefdt bench on the cpu and java tiers, "
         "numpy and torch-CPU peers), size small, F64",
         ["bench/gpu/run-cpu.sh"], collect_throughput_cpu, env={"OUT": "{out}/bench-cpu"}, cwd_is_out=False),
    Kind("scores", "bench/results/scores-cpu.json",
         "bench/run-scores.sh at one thread: KDE pairs/s, MLP forward and DSM step samples/s (JMH), numpy peers, same run",
         ["bench/run-scores.sh --no-build"], collect_scores,
         env={"BENCH_OUT": "{out}/bench-scores", "JMH_ARGS": "-f 1 -wi 2 -i 4 -w 1s -r 2s -p threads=1",
              "PEER_ARGS": "--seconds 1 --rounds 5 --threads 1"}, cwd_is_out=False),
    Kind("ou-default", "docs/recorded/ou-default.json", "the README's main job: scorefdt ou on its small default",
         [f"{J} ou -o runs/ou-small --force"], collect_ou_default),
    Kind("double-well", "docs/recorded/double-well.json", "the README's Learned scores block, every line in order",
         [f"{J} simulate --system double-well --members 32 --duration 500 --snapshot-every 2 -o dw.npy --force",
          f"{J} train --data dw.npy --model kde --bandwidth scott -o dw-kde.sfdt --force",
          f"{J} train --data dw.npy --model dsm --hidden 32,32 --steps 3000 -o dw-dsm.sfdt --force",
          f"{J} train --data dw.npy --model kgmm --clusters 40 -o dw-kgmm.sfdt --force",
          f"{J} sample --model dw-kde.sfdt --sampler ula --chains 64 --steps 2000 --step-size 0.01 -o s.npy --force",
          f"{J} sample --model dw-dsm.sfdt --sampler reverse --chains 2000 --steps 200 -o s-rev.npy --force",
          f"{J} respond --system double-well --model dw-kde.sfdt -o runs/dw-kde --force"], collect_double_well),
    Kind("lorenz96", "docs/recorded/lorenz96.json", "the README's Lorenz-96 block: cubic local-polynomial score, cyclic GFDT, truth",
         [f"{J} simulate --system lorenz96 --members 128 --duration 400 --snapshot-every 1 -o l96.npy --force",
          f"{J} train --data l96.npy --model local-polynomial --radius 2 --degree 3 -o l96-poly.sfdt --force",
          f"{J} respond --system lorenz96 --model l96-poly.sfdt --cyclic --members 128 --duration 400 --lags 12 "
          f"--truth-pairs 2048 --truth-duration 440 --reset-every 22 --delta 0.1 -o runs/l96-poly --force"], collect_lorenz96),
    Kind("lorenz96-ablation", "docs/recorded/lorenz96-ablation.json",
         "Lorenz-96 score variants (local polynomial of degree 1-3, a DSM-MLP) fitted on the README's l96.npy, each "
         "through respond on one short protocol with the same truth", ablation_commands(), collect_lorenz96_ablation),
    Kind("allen-cahn-mixing", "docs/recorded/allen-cahn-mixing.json",
         "docs/reproduction.md §3.1: mixing of pixel (0, 0) of Allen-Cahn per grid size and noise scale, and the paper's "
         "initial field (bench/java/.../AllenCahnMixing.java)",
         ["java -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp target/scorefdt.jar org.scorefdt.bench.AllenCahnMixing"],
         collect_allen_cahn, cwd_is_out=False),
    Kind("navier-stokes-tiers", "docs/recorded/navier-stokes-tiers.json",
         "Navier-Stokes 32x32 RK4+EM on the native cpu and the Java tier, one thread each: CPU time per member-step, "
         "from a short and a long simulate per tier", ns_commands(), collect_ns),
]}


def main(argv):
    collect_only = "--collect-only" in argv
    names = [a for a in argv if not a.startswith("--")]
    if not names or any(n not in KINDS for n in names):
        print(__doc__, file=sys.stderr)
        print("kinds: " + ", ".join(KINDS), file=sys.stderr)
        return 2
    os.chdir(ROOT)
    if not collect_only and not os.path.exists(JAR):
        print(f"no {JAR}: mvn -Pbench -o -q -DskipTests package", file=sys.stderr)
        return 1
    for n in names:
        if not collect_only:
            run(KINDS[n])
        write(KINDS[n])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

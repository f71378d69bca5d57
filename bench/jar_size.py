#!/usr/bin/env python3
"""Sizes of the runnable CLI jar before and after a packaging change, as a small committed JSON.

  bench/jar_size.py --before OLD.jar [--bundle-before OLD-BUNDLE.txt] [-o bench/results/jar-size.json]

Run from the repository root after `mvn -B -q -o -DskipTests package` (and, for the GPU bundle,
`bench/gpu/pack.sh --no-build --no-verify`). OLD.jar is a copy of target/scorefdt.jar built before the
change, OLD-BUNDLE.txt a copy of .gpu-bundle/BUNDLE.txt from then; "after" is what target/ and
.gpu-bundle/ hold now. Records per jar its bytes, entries, native libraries (names and uncompressed
bytes) and which third-party packages sit at their own names, and which native libraries the change
dropped. Nothing here is timed, so the machine's load does not matter.
"""
import argparse
import glob
import json
import os
import re
import subprocess
import zipfile
from datetime import datetime, timezone

NATIVE = re.compile(r"\.so(\.\d+)*$")
CLASHING = {"jackson": "com/fasterxml/jackson/", "antlr": "org/antlr/", "commons-math3": "org/apache/commons/math3/"}


def jar_facts(path):
    with zipfile.ZipFile(path) as z:
        infos = z.infolist()
    natives = sorted((i for i in infos if NATIVE.search(i.filename)), key=lambda i: i.filename)
    return {
        "path": path,
        "bytes": os.path.getsize(path),
        "entries": len(infos),
        "classes": sum(1 for i in infos if i.filename.endswith(".class")),
        "native_libraries": [i.filename for i in natives],
        "native_bytes_uncompressed": sum(i.file_size for i in natives),
        "unrelocated_packages": sorted(k for k, p in CLASHING.items() if any(i.filename.startswith(p) for i in infos)),
    }


def bundle_facts(path):
    """The bundle's total and what travels to the node, in MiB, from pack.sh's BUNDLE.txt."""
    out = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            m = re.match(r"(bundle total|travels to the node)\s+([0-9.]+)", line)
            if m:
                out["bundle_mib" if m.group(1) == "bundle total" else "with_working_tree_mib"] = float(m.group(2))
            m = re.match(r"CUDA JNI kept: (.*)", line.split("; ")[-1].strip())
            if m:
                out["cuda_jni_kept"] = m.group(1).split()
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--before", required=True, help="a copy of target/scorefdt.jar from before the change")
    ap.add_argument("--bundle-before", help="a copy of .gpu-bundle/BUNDLE.txt from before the change")
    ap.add_argument("-o", "--output", default="bench/results/jar-size.json")
    a = ap.parse_args()
    thin = [p for p in glob.glob("target/scorefdt-*.jar") if not re.search(r"-(sources|javadoc|cli)\.jar$", p)]
    if not os.path.isfile("target/scorefdt.jar") or not thin:
        raise SystemExit("jar_size.py: no target/scorefdt.jar or thin jar: run mvn -B -q -o -DskipTests package first")
    before, after = jar_facts(a.before), jar_facts("target/scorefdt.jar")
    before["path"] = "target/scorefdt.jar (before)"
    kept = set(os.path.basename(n) for n in after["native_libraries"])
    doc = {
        "what": "target/scorefdt.jar (the shaded CLI jar) before and after relocating Jackson, ANTLR and Commons Math "
                "and dropping the native libraries and classes the code never loads; the thin library jar; the GPU bundle",
        "date": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "git_commit": subprocess.run(["git", "rev-parse", "HEAD"], capture_output=True, text=True).stdout.strip(),
        "commands": ["mvn -B -q -o -DskipTests package", "bench/gpu/pack.sh --no-build --no-verify",
                     "bench/jar_size.py --before OLD.jar --bundle-before OLD-BUNDLE.txt"],
        "cli_jar": {"before": before, "after": after,
                    "dropped_native_libraries": sorted(os.path.basename(n) for n in before["native_libraries"]
                                                       if os.path.basename(n) not in kept)},
        "thin_jar": {k: v for k, v in jar_facts(sorted(thin)[0]).items() if k != "unrelocated_packages"},
    }
    if os.path.isfile(".gpu-bundle/BUNDLE.txt"):
        doc["gpu_bundle"] = {"after": bundle_facts(".gpu-bundle/BUNDLE.txt")}
        if a.bundle_before:
            doc["gpu_bundle"]["before"] = bundle_facts(a.bundle_before)
    with open(a.output, "w", encoding="utf-8") as f:
        json.dump(doc, f, indent=1)
        f.write("\n")
    print(f"{a.output}: CLI jar {before['bytes']} -> {after['bytes']} bytes, "
          f"{len(doc['cli_jar']['dropped_native_libraries'])} native libraries dropped")


if __name__ == "__main__":
    main()

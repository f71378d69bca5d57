#!/usr/bin/env bash
# bench/gpu/pack.sh — build ScoreFDT and pack what the GPU node needs (it has no Java and no
# network) into the git-ignored folder .gpu-bundle/, within the 64 MiB that travels with the
# working tree. See bench/README.md ("GPU node").
#
#   bench/gpu/pack.sh              mvn -o -q -DskipTests package, then pack and verify
#   bench/gpu/pack.sh --no-build   pack the existing target/ (jar and test classes)
#   bench/gpu/pack.sh --no-verify  skip running the bundle here afterwards
#
# The bundle:
#   jre/                 jlink-ed JRE of this JDK 17: the modules jdeps finds in the app and its
#                        jars, plus java.base, java.logging, java.management, jdk.unsupported and
#                        jdk.zipfs (the console launcher scans the test jar);
#                        --strip-debug --no-header-files --no-man-pages --compress=2, libjvm stripped
#   lib/                 the thin app jar (classes, JNI glue, our .so files, CUDA fatbins) and the
#                        runtime jars; the CUDA presets' linux-x86_64 jar keeps only the JNI libraries
#                        of $CUDA_JNI; xchart's PDF/SVG/GIF export jars are left out (the PNG does not
#                        use them); the native CPU tier (OpenBLAS + FFTW natives) only if it fits
#   tests/               test classes (as a jar) and the JUnit Platform Console Standalone jar
#   scorefdt, junit      launchers (set the JavaCPP cache dir and headless AWT)
#   BUNDLE.txt           commit, modules, contents with sizes
# Environment: GPU_BUNDLE (folder, default .gpu-bundle), BUNDLE_LIMIT_MIB (default 64),
#   CUDA_JNI (default "cudart cublas cufft", the APIs the code calls), NATIVE_CPU (auto|yes|no, default auto).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"

BUILD=1
VERIFY=1
for a in "$@"; do
  case "$a" in
    --no-build) BUILD=0 ;;
    --no-verify) VERIFY=0 ;;
    -h|--help) sed -n '2,26p' "$0"; exit 0 ;;
    *) echo "pack.sh: unknown option $a" >&2; exit 2 ;;
  esac
done
BUNDLE="${GPU_BUNDLE:-.gpu-bundle}"
LIMIT_MIB="${BUNDLE_LIMIT_MIB:-64}"
CUDA_JNI="${CUDA_JNI:-cudart cublas cufft}"
NATIVE_CPU="${NATIVE_CPU:-auto}"
M2="${M2_REPO:-$HOME/.m2/repository}"
log() { printf 'pack: %s\n' "$*" >&2; }
die() { printf 'pack: error: %s\n' "$*" >&2; exit 1; }
mib() { awk -v b="$1" 'BEGIN { printf "%.2f", b / 1048576 }'; }
bytes() { du -sb "$@" 2>/dev/null | awk '{ s += $1 } END { print s + 0 }'; }

for tool in jlink jdeps jar unzip zip strip; do
  command -v "$tool" >/dev/null || die "$tool not found (needs a JDK 17 with jlink, unzip, zip, binutils)"
done
JV="$(jlink --version 2>&1 | head -1)"
[[ "$JV" == 17* ]] || die "jlink is version $JV; the bundle is a JRE 17 (put a JDK 17 first on PATH)"

# 1. Build (test classes are compiled by package even with -DskipTests).
if [[ $BUILD == 1 ]]; then
  log "building: mvn -o -q -DskipTests package"
  mvn -o -q -DskipTests package >&2
fi
APP="$(ls target/scorefdt-*.jar 2>/dev/null | grep -v -e sources -e javadoc -e -cli | head -1 || true)"
[[ -n "$APP" && -f "$APP" ]] || die "no thin jar target/scorefdt-<version>.jar: build first"
[[ -d target/test-classes ]] || die "no target/test-classes: build first"
# Count, not `grep -q`: under pipefail grep -q's early exit kills unzip with SIGPIPE and the
# pipeline reads as "no fatbin".
FATBINS="$(unzip -Z1 "$APP" | grep -c '\.fatbin$' || true)"
if [[ "$FATBINS" == 0 ]]; then
  log "WARNING: $APP holds no CUDA fatbin (nvcc missing at build time?): the CUDA tier will have no kernels"
fi

# 2. Runtime classpath from Maven (offline), minus test jars.
CPFILE="$(mktemp)"
trap 'rm -f "$CPFILE"' EXIT
mvn -o -q dependency:build-classpath -Dmdep.includeScope=runtime -Dmdep.outputFile="$CPFILE" >&2
# build-classpath's includeScope=runtime still lists provided jars here (Spark and its ~120 dependencies,
# which spark-submit supplies and the node never runs): drop every artifact Maven resolves as provided.
DEPFILE="$(mktemp)"
trap 'rm -f "$CPFILE" "$DEPFILE"' EXIT
mvn -o -q dependency:list -DoutputFile="$DEPFILE" -DappendOutput=false >&2
PROVIDED="$(sed -n 's/\x1b\[[0-9;]*m//g; s/^ *\([^ ]*\):provided.*/\1/p' "$DEPFILE" \
  | awk -F: '{ g = $1; gsub(/\./, "/", g); print "/" g "/" $2 "/" $NF "/" }')"
mapfile -t JARS < <(tr ':' '\n' < "$CPFILE" | grep -v -e '/org/junit/' -e '/opentest4j/' -e '/apiguardian/' \
  | { if [[ -n "$PROVIDED" ]]; then grep -v -F -f <(printf '%s\n' "$PROVIDED"); else cat; fi; } | sed '/^$/d')
[[ ${#JARS[@]} -gt 0 ]] || die "empty runtime classpath from mvn dependency:build-classpath"

rm -rf "$BUNDLE"
mkdir -p "$BUNDLE/lib" "$BUNDLE/tests" "$BUNDLE/.native-cpu"
cp "$APP" "$BUNDLE/lib/scorefdt.jar"
SKIPPED=()
for j in "${JARS[@]}"; do
  b="$(basename "$j")"
  case "$b" in
    pdfbox-*|fontbox-*|graphics2d-*|VectorGraphics2D-*|animated-gif-lib-*|commons-logging-*)
      SKIPPED+=("$b (xchart PDF/SVG/GIF export, unused)") ;;
    checker-qual-*)
      SKIPPED+=("$b (type-checker annotations: a JVM ignores absent annotation classes)") ;;
    openblas-*-linux-x86_64.jar|fftw-*-linux-x86_64.jar)
      cp "$j" "$BUNDLE/.native-cpu/" ;;
    cuda-*-linux-x86_64.jar)
      # Keep the JNI libraries of the CUDA APIs the backend uses; drop NPP, cuSOLVER, cuDNN, ...
      tmp="$(mktemp -d)"
      (cd "$tmp" && unzip -q "$j")
      keep=""
      for lib in $CUDA_JNI; do keep="$keep -e /libjni${lib}\.so\$"; done
      # shellcheck disable=SC2086
      find "$tmp" -name 'libjni*.so' | grep -v $keep | xargs -r rm -f
      rm -rf "$tmp/META-INF/native-image" # GraalVM native-image configs, unused on a JVM
      for lib in $CUDA_JNI; do
        [[ -n "$(find "$tmp" -name "libjni${lib}.so")" ]] || die "the CUDA presets jar $b has no libjni${lib}.so"
      done
      (cd "$tmp" && zip -q -r -9 "$ROOT/$BUNDLE/lib/$b" .)
      rm -rf "$tmp" ;;
    cuda-[0-9]*[0-9].jar)
      # The presets' classes of the kept APIs only (as the CLI jar's shade filter keeps them); the other
      # libraries' classes (NVML, CUPTI, nvCOMP, NPP, cuDNN, ...) are never loaded.
      tmp="$(mktemp -d)"
      inc=('META-INF/*')
      for lib in $CUDA_JNI; do
        inc+=("org/bytedeco/cuda/$lib/*" "org/bytedeco/cuda/global/$lib.class" "org/bytedeco/cuda/presets/$lib.class")
      done
      (cd "$tmp" && unzip -q "$j" "${inc[@]}" 2>/dev/null; [[ -f org/bytedeco/cuda/presets/cudart.class ]]) \
        || die "the CUDA presets jar $b has no org/bytedeco/cuda/presets/cudart.class"
      (cd "$tmp" && zip -q -r -9 "$ROOT/$BUNDLE/lib/$b" .)
      rm -rf "$tmp" ;;
    commons-math3-*.jar)
      # JTransforms and JLargeArrays use only org.apache.commons.math3.util.FastMath (checked below by
      # loading it): keep util/ and exception/ (FastMath's own dependencies), 1.9 MiB -> a fraction.
      tmp="$(mktemp -d)"
      (cd "$tmp" && unzip -q "$j" 'org/apache/commons/math3/util/*' 'org/apache/commons/math3/exception/*' 'META-INF/*')
      (cd "$tmp" && zip -q -r -9 "$ROOT/$BUNDLE/lib/$b" .)
      rm -rf "$tmp"
      printf 'public class FastMathCheck { public static void main(String[] a) { double x = org.apache.commons.math3.util.FastMath.sin(0.3)\n'\
'  + org.apache.commons.math3.util.FastMath.exp(0.2) + org.apache.commons.math3.util.FastMath.log(2.0) + org.apache.commons.math3.util.FastMath.pow(2.0, 0.5)\n'\
'  + org.apache.commons.math3.util.FastMath.floor(1.5) + org.apache.commons.math3.util.FastMath.sqrt(2.0); if (!(x > 0)) System.exit(1); } }\n' > "$tmp.java"
      java -cp "$BUNDLE/lib/$b" "$tmp.java" || die "the trimmed $b cannot load FastMath"
      rm -f "$tmp.java" ;;
    *) cp "$j" "$BUNDLE/lib/" ;;
  esac
done

# 3. Tests: the test classes and resources as one jar, and the JUnit console launcher matching the
#    JUnit version of the pom (Jupiter 5.x.y <-> Platform 1.x.y).
jar --create --file "$BUNDLE/tests/scorefdt-tests.jar" -C target/test-classes .
JUPITER="$(sed -n 's:.*<junit.version>\(.*\)</junit.version>.*:\1:p' pom.xml | head -1)"
PLATFORM="1.${JUPITER#5.}"
CONSOLE="$M2/org/junit/platform/junit-platform-console-standalone/$PLATFORM/junit-platform-console-standalone-$PLATFORM.jar"
if [[ ! -f "$CONSOLE" ]]; then
  log "fetching junit-platform-console-standalone $PLATFORM"
  mvn -q dependency:get -Dartifact="org.junit.platform:junit-platform-console-standalone:$PLATFORM" >&2 \
    || die "junit-platform-console-standalone $PLATFORM is not in $M2 and could not be fetched"
fi
cp "$CONSOLE" "$BUNDLE/tests/junit-platform-console-standalone.jar"

# 4. The JRE: modules from jdeps over the app, the kept jars and the tests, plus the README's base set.
CP_ALL="$(ls "$BUNDLE"/lib/*.jar "$BUNDLE"/.native-cpu/*.jar | paste -sd:)"
MODS="$( { jdeps --multi-release 17 --ignore-missing-deps --print-module-deps --class-path "$CP_ALL" \
            "$BUNDLE/lib/scorefdt.jar" "$BUNDLE/tests/scorefdt-tests.jar" 2>/dev/null || true; \
          echo "java.base,java.logging,java.management,jdk.unsupported,jdk.zipfs"; } | tr ',' '\n' | sed '/^$/d' | sort -u | paste -sd,)"
log "jlink modules: $MODS"
jlink --add-modules "$MODS" --strip-debug --no-header-files --no-man-pages --compress=2 \
  --exclude-files='**/libjsound.so,**/libsplashscreen.so,**/libawt_xawt.so' --output "$BUNDLE/jre" >&2
strip --strip-unneeded "$BUNDLE/jre/lib/server/libjvm.so"

# 5. Launchers: headless AWT (the OU job's PNG), the JavaCPP cache outside the bundle.
cat > "$BUNDLE/scorefdt" <<'EOF'
#!/bin/sh
# ScoreFDT CLI from the bundle: .gpu-bundle/scorefdt --help
D="$(cd "$(dirname "$0")" && pwd)"
exec "$D/jre/bin/java" -Djava.awt.headless=true \
  -Dorg.bytedeco.javacpp.cachedir="${SCOREFDT_JAVACPP_CACHE:-${TMPDIR:-/tmp}/scorefdt-javacpp}" \
  $SCOREFDT_JAVA_OPTS -cp "$D/lib/*" org.scorefdt.cli.Main "$@"
EOF
cat > "$BUNDLE/junit" <<'EOF'
#!/bin/sh
# JUnit console launcher over the bundle's test classes: .gpu-bundle/junit --include-tag gpu
D="$(cd "$(dirname "$0")" && pwd)"
exec "$D/jre/bin/java" -Djava.awt.headless=true \
  -Dorg.bytedeco.javacpp.cachedir="${SCOREFDT_JAVACPP_CACHE:-${TMPDIR:-/tmp}/scorefdt-javacpp}" \
  -Dorg.slf4j.simpleLogger.defaultLogLevel=warn $SCOREFDT_JAVA_OPTS \
  -jar "$D/tests/junit-platform-console-standalone.jar" execute \
  --class-path "$D/tests/scorefdt-tests.jar:$(ls "$D"/lib/*.jar | paste -sd:)" \
  --scan-class-path "$D/tests/scorefdt-tests.jar" --disable-banner "$@"
EOF
chmod +x "$BUNDLE/scorefdt" "$BUNDLE/junit"

# 6. Sizes: the bundle and the working tree travel together and must fit the limit.
TREE="$(git ls-files -co --exclude-standard -z | xargs -0 -r du -cb 2>/dev/null | awk 'END { print $1 + 0 }')"
LIMIT=$((LIMIT_MIB * 1048576))
NCPU="$(bytes "$BUNDLE/.native-cpu")"
BASE=$(( $(bytes "$BUNDLE") - NCPU + TREE ))
case "$NATIVE_CPU" in
  yes) take=1 ;;
  no) take=0 ;;
  *) take=$(( BASE + NCPU <= LIMIT ? 1 : 0 )) ;;
esac
if [[ $take == 1 ]]; then
  mv "$BUNDLE"/.native-cpu/*.jar "$BUNDLE/lib/"
  NATIVE_NOTE="native CPU tier included (OpenBLAS + FFTW natives, $(mib "$NCPU") MiB)"
else
  NATIVE_NOTE="native CPU tier left out: OpenBLAS + FFTW natives are $(mib "$NCPU") MiB and would bring the total to $(mib $((BASE + NCPU))) MiB > $LIMIT_MIB MiB (on the node, cpu falls back to java)"
fi
rm -rf "$BUNDLE/.native-cpu"

{
  echo "ScoreFDT GPU bundle — $(date -u +%Y-%m-%dT%H:%M:%SZ), commit $(git rev-parse --short HEAD 2>/dev/null || echo '?')$(git diff --quiet 2>/dev/null || echo ' (+ uncommitted changes)')"
  echo "JRE: $JV, modules $MODS"
  echo "CUDA fatbins in the app jar: $FATBINS; CUDA JNI kept: $CUDA_JNI"
  echo "$NATIVE_NOTE"
  for s in "${SKIPPED[@]}"; do echo "left out: $s"; done
  echo
  printf '%-52s %9s\n' "part" "MiB"
  printf '%-52s %9s\n' "jre/ (jlink, libjvm stripped)" "$(mib "$(bytes "$BUNDLE/jre")")"
  for f in "$BUNDLE"/lib/*.jar "$BUNDLE"/tests/*.jar; do printf '%-52s %9s\n' "${f#"$BUNDLE"/}" "$(mib "$(bytes "$f")")"; done
  TOTAL_B="$(bytes "$BUNDLE")"
  printf '%-52s %9s\n' "bundle total" "$(mib "$TOTAL_B")"
  printf '%-52s %9s\n' "working tree (tracked + untracked, not ignored)" "$(mib "$TREE")"
  printf '%-52s %9s   (limit %s MiB)\n' "travels to the node" "$(mib $((TOTAL_B + TREE)))" "$LIMIT_MIB"
} > "$BUNDLE/BUNDLE.txt"
cat "$BUNDLE/BUNDLE.txt"
TOTAL=$(( $(bytes "$BUNDLE") + TREE ))
if (( TOTAL > LIMIT )); then
  die "bundle + working tree = $(mib "$TOTAL") MiB > $LIMIT_MIB MiB (sizes above); drop parts (CUDA_JNI, NATIVE_CPU=no) or trim the tree"
fi

# 7. Verify here (no GPU): the bundled java runs the CLI and the console launcher finds the tagged tests.
if [[ $VERIFY == 1 ]]; then
  log "verify: $BUNDLE/scorefdt --version"
  "$BUNDLE/scorefdt" --version
  "$BUNDLE/scorefdt" --help | head -3
  log "verify: bench --size tiny --workload l96 --backend java"
  "$BUNDLE/scorefdt" bench --size tiny --workload l96 --backend java
  log "verify: junit --include-tag gpu (skips without a GPU)"
  "$BUNDLE/junit" --include-tag gpu --details=summary --details-theme=ascii
fi
log "done: $BUNDLE ($(mib "$TOTAL") MiB with the working tree); on the node: bench/gpu/run-on-node.sh"

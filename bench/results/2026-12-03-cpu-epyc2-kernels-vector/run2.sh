#!/usr/bin/env bash
# Run 2 (run 1 forgot that -jvmArgsAppend replaces the benchmarks' own @Fork arguments, so its forks ran without
# jdk.incubator.vector, i.e. scalar in both arms: run1-module-missing/). One jar (main with the vectorised NTTs),
# Temurin 25, one thread, the module loaded: NttBenchmark with the vector NTT and with -Dolafhe.math.vector=false,
# interleaved; then the evaluator operations with the vector NTT only (time).
# Usage (repository root): JAR=... flock /work/heavy.lock <this>
set -euo pipefail
out="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$out/../../.." && pwd)"
jar="${JAR:?JAR: bench/target/benchmarks.jar of main}"
java="$("$root/tools/newest-jdk.sh")/bin/java"
mkdir -p "$out/raw"
{
  echo "date_utc: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "cpu_model: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
  echo "cpus_online: $(nproc)"
  echo "memory: $(free -g | awk '/Mem:/ {print $2 " GiB total, " $7 " GiB available"}')"
  echo "jdk: $($java -version 2>&1 | tail -1)"
  echo "git_commit: $(git -C "$root" rev-parse --short HEAD)"
} > "$out/machine.txt"
: > "$out/load.txt"
run1() { # name vector(true|false) regex opts...
  local name="$1" vector="$2" regex="$3"; shift 3
  echo "$(date -u +%H:%M:%S) $name $regex start load $(cut -d' ' -f1-3 /proc/loadavg)" >> "$out/load.txt"
  "$java" -jar "$jar" "$regex" "$@" -jvm "$java" -jvmArgsAppend \
      "-Xmx10g -Xms2g -Dolafhe.cpu.threads=1 -Dolafhe.math.vector=$vector --add-modules jdk.incubator.vector" \
      -rf json -rff "$out/raw/$name-$(echo "$regex" | tr -c 'A-Za-z0-9' '_').json" >> "$out/raw/$name.log" 2>&1
  echo "$(date -u +%H:%M:%S) $name $regex end   load $(cut -d' ' -f1-3 /proc/loadavg)" >> "$out/load.txt"
}
run1 main true NttBenchmark -f 2 -wi 3 -i 5 -w 2s -r 2s
run1 scalar false NttBenchmark -f 2 -wi 3 -i 5 -w 2s -r 2s
for regex in 'EvaluatorBenchmark.multiplyRelinearize' 'EvaluatorBenchmark.rescale' 'EvaluatorBenchmark.rotate$' \
             'EvaluatorBenchmark.rotateHoisted8'; do
  run1 main true "$regex" -f 1 -wi 2 -i 5 -w 4s -r 4s
done
for name in main scalar; do
  mkdir -p "$out/$name"
  python3 - "$out/raw" "$name" "$out/$name/jmh.json" <<'PY'
import glob, json, sys
raw, name, dest = sys.argv[1:]
rows = []
for f in sorted(glob.glob(f"{raw}/{name}-*.json")):
    rows += json.load(open(f))
json.dump(rows, open(dest, "w"), indent=2)
PY
done
rm -f "$out"/raw/*.json

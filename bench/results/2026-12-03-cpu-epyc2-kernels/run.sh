#!/usr/bin/env bash
# Before/after JMH of the CPU kernels (issue 16), single thread (-Dolafhe.cpu.threads=1), logN 16, 27 Q limbs,
# 4 P limbs (dnum 7). Three configurations, interleaved per benchmark so that load drifts hit all three alike:
#   before-jdk17: main 5200242 on JDK 17;  after-jdk17 / after-jdk25: this branch on JDK 17 / Temurin 25.
# Usage (from the repository root, jars built first):
#   BEFORE_JAR=/path/to/5200242/bench/target/benchmarks.jar [AFTER_JAR=...] flock /work/heavy.lock \
#       bench/results/2026-12-03-cpu-epyc2-kernels/run.sh
set -euo pipefail
out="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$out/../../.." && pwd)"
before_jar="${BEFORE_JAR:?BEFORE_JAR: benchmarks.jar built at 5200242}"
after_jar="${AFTER_JAR:-$root/bench/target/benchmarks.jar}"
jdk17=/usr/lib/jvm/java-17-openjdk-amd64/bin/java
jdk25="$("$root/tools/newest-jdk.sh")/bin/java"
mkdir -p "$out/raw"
ntt_opts=(-f 1 -wi 2 -i 4 -w 2s -r 2s)
ev_opts=(-f 1 -wi 1 -i 3 -w 4s -r 4s)
{
  echo "date_utc: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "cpu_model: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
  echo "cpus_online: $(nproc)"
  echo "memory: $(free -g | awk '/Mem:/ {print $2 " GiB total, " $7 " GiB available"}')"
  echo "jdk: $($jdk17 -version 2>&1 | tail -1) / $($jdk25 -version 2>&1 | tail -1)"
  echo "git_commit: $(git -C "$root" rev-parse --short HEAD)"
  echo "before_commit: 5200242"
} > "$out/machine.txt"
: > "$out/load.txt"
run() { # name jar java regex opts...
  local name="$1" jar="$2" java="$3" regex="$4"
  shift 4
  echo "$(date -u +%H:%M:%S) $name $regex start load $(cut -d' ' -f1-3 /proc/loadavg)" >> "$out/load.txt"
  "$java" -jar "$jar" "$regex" "$@" -jvm "$java" -jvmArgsAppend "-Xmx10g -Xms2g -Dolafhe.cpu.threads=1" \
      -rf json -rff "$out/raw/$name-$(echo "$regex" | tr -c 'A-Za-z0-9' '_').json" >> "$out/raw/$name.log" 2>&1
  echo "$(date -u +%H:%M:%S) $name $regex end   load $(cut -d' ' -f1-3 /proc/loadavg)" >> "$out/load.txt"
}
for regex in 'NttBenchmark' 'EvaluatorBenchmark.multiplyRelinearize' 'EvaluatorBenchmark.rescale' \
             'EvaluatorBenchmark.rotate$' 'EvaluatorBenchmark.rotateHoisted8'; do
  opts=("${ev_opts[@]}")
  [ "$regex" = NttBenchmark ] && opts=("${ntt_opts[@]}")
  run before-jdk17 "$before_jar" "$jdk17" "$regex" "${opts[@]}"
  run after-jdk17 "$after_jar" "$jdk17" "$regex" "${opts[@]}"
  run after-jdk25 "$after_jar" "$jdk25" "$regex" "${opts[@]}"
done
# one JMH JSON per configuration (the per-benchmark arrays concatenated)
for name in before-jdk17 after-jdk17 after-jdk25; do
  python3 - "$out/raw" "$name" "$out/$name.json" <<'PY'
import glob, json, sys
raw, name, dest = sys.argv[1:]
rows = []
for f in sorted(glob.glob(f"{raw}/{name}-*.json")):
    rows += json.load(open(f))
json.dump(rows, open(dest, "w"), indent=2)
PY
done
rm -f "$out"/raw/*.json

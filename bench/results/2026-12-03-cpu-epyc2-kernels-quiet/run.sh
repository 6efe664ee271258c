#!/usr/bin/env bash
# Issue 16's operation list, single thread (-Dolafhe.cpu.threads=1), logN 16, 27 Q limbs (60 + 26 x 45 bits),
# 4 P limbs (dnum 7), on main with Temurin 25, on the quietest machine this session could arrange (helpers' processes
# reniced to autogroup nice 19). Compared with the OpenFHE 1.5.1 figures of issue 16 (quiet machine, one thread).
# With OLD_JAR set, each benchmark also runs on that jar right after (the bench jar of 1f5f8ab, before issue 14's
# whole operations and PolyPool: is any operation slower since?).
# Usage (repository root, jars built first): JAR=/path/benchmarks.jar [OLD_JAR=...] flock /work/heavy.lock <this>
set -euo pipefail
out="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$out/../../.." && pwd)"
jar="${JAR:-$root/bench/target/benchmarks.jar}"
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
run1() { # name jar regex opts...
  local name="$1" jar="$2" regex="$3"; shift 3
  echo "$(date -u +%H:%M:%S) $name $regex start load $(cut -d' ' -f1-3 /proc/loadavg)" >> "$out/load.txt"
  "$java" -jar "$jar" "$regex" "$@" -jvm "$java" -jvmArgsAppend "-Xmx10g -Xms2g -Dolafhe.cpu.threads=1" \
      -rf json -rff "$out/raw/$name-$(echo "$regex" | tr -c 'A-Za-z0-9' '_').json" >> "$out/raw/$name.log" 2>&1
  echo "$(date -u +%H:%M:%S) $name $regex end   load $(cut -d' ' -f1-3 /proc/loadavg)" >> "$out/load.txt"
}
run() { # regex opts...
  run1 main "$jar" "$@"
  if [ -n "${OLD_JAR:-}" ]; then run1 old-1f5f8ab "$OLD_JAR" "$@"; fi
}
run 'NttBenchmark' -f 2 -wi 3 -i 5 -w 2s -r 2s
for regex in 'EvaluatorBenchmark.multiplyRelinearize' 'EvaluatorBenchmark.rescale' 'EvaluatorBenchmark.rotate$' \
             'EvaluatorBenchmark.rotateHoisted8'; do
  run "$regex" -f 1 -wi 2 -i 5 -w 4s -r 4s
done
for name in main old-1f5f8ab; do
  ls "$out"/raw/$name-*.json >/dev/null 2>&1 || continue
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

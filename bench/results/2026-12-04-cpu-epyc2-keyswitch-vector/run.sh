#!/usr/bin/env bash
# The key switch's vector kernels (inner product, basis conversion) against the scalar path, one jar, Temurin 25,
# one thread, jdk.incubator.vector loaded in both arms: EvaluatorBenchmark's multiplyRelinearize, rescale, rotate and
# rotateHoisted8 at logN 16, forks alternating between -Dolafhe.math.vector=true and =false (the order flipped every
# round), ROUNDS rounds of one fork per arm. Note: -jvmArgsAppend replaces the benchmarks' own @Fork arguments, so it
# names the module itself.
# Usage (repository root): JAR=bench/target/benchmarks.jar ROUNDS=3 flock /work/heavy.lock <this>
set -euo pipefail
out="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$out/../../.." && pwd)"
jar="${JAR:?JAR: bench/target/benchmarks.jar}"
rounds="${ROUNDS:-3}"
jdk="$("$root/tools/newest-jdk.sh")"
java="$jdk/bin/java"
mkdir -p "$out/raw"
"$root/tools/machine-info.sh" "$java" "$root" > "$out/machine.txt"
run1() { # arm regex opts...
  local arm="$1" regex="$2"; shift 2
  local vector; vector=$([ "$arm" = vector ] && echo true || echo false)
  echo "$(date -u +%H:%M:%S) $arm $regex start load $(cut -d' ' -f1-3 /proc/loadavg)" >> "$out/load.txt"
  "$java" -Xmx1g -jar "$jar" "$regex" "$@" -jvm "$java" -jvmArgsAppend \
      "-Xmx6g -Xms2g -Dolafhe.cpu.threads=1 -Dolafhe.math.vector=$vector --add-modules jdk.incubator.vector" \
      -rf json -rff "$out/raw/$arm-$(echo "$regex" | tr -c 'A-Za-z0-9' '_')-$round.json" >> "$out/raw/$arm.log" 2>&1
  echo "$(date -u +%H:%M:%S) $arm $regex end   load $(cut -d' ' -f1-3 /proc/loadavg)" >> "$out/load.txt"
}
for regex in 'EvaluatorBenchmark.multiplyRelinearize' 'EvaluatorBenchmark.rotateHoisted8' 'EvaluatorBenchmark.rotate$' \
             'EvaluatorBenchmark.rescale'; do
  for round in $(seq "$rounds"); do
    if [ $((round % 2)) = 1 ]; then arms="vector scalar"; else arms="scalar vector"; fi
    for arm in $arms; do
      run1 "$arm" "$regex" -f 1 -wi 2 -i 4 -w 4s -r 4s
    done
  done
done
for arm in vector scalar; do
  mkdir -p "$out/$arm"
  python3 - "$out/raw" "$arm" "$out/$arm/jmh.json" <<'PY'
import glob, json, sys
raw, arm, dest = sys.argv[1:]
rows = []
for f in sorted(glob.glob(f"{raw}/{arm}-*.json")):
    rows += json.load(open(f))
json.dump(rows, open(dest, "w"), indent=2)
PY
done
rm -f "$out"/raw/*.json

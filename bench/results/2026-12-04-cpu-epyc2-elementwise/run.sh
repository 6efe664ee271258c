#!/usr/bin/env bash
# ElementWiseProbe A/B runs, Temurin 25, one thread, jdk.incubator.vector loaded in every arm, ROUNDS alternating
# rounds (order flipped every round), one JVM per arm and round:
#   1. 27 limbs of 45 bits: the vector element-wise kernels (JAR), the scalar path of this branch
#      (-Dolafhe.math.vector=false) and the scalar path with the old Modulus.mul (OLD_JAR, built at 38c17e9:
#      two-product Barrett quotient, branching corrections; main's scalar element-wise code);
#   2. the scalar path on 27 limbs of 60 bits, Modulus.mul of this branch (JAR) against the old one (OLD_JAR).
# Usage (repository root): JAR=bench/target/benchmarks.jar OLD_JAR=/tmp/vew-head-38c17e9.jar ROUNDS=3 \
#   flock /work/heavy.lock <this>
set -euo pipefail
out="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$out/../../.." && pwd)"
jar="${JAR:?JAR: bench/target/benchmarks.jar}"
old_jar="${OLD_JAR:?OLD_JAR: benchmarks.jar built at 38c17e9}"
rounds="${ROUNDS:-3}"
probe_rounds="${PROBE_ROUNDS:-40}"
java="$("$root/tools/newest-jdk.sh")/bin/java"
mkdir -p "$out/raw"
"$root/tools/machine-info.sh" "$java" "$root" > "$out/machine.txt"
: > "$out/load.txt"
probe() { # name jar vector limbs bits
  local name="$1" jar="$2" vector="$3" limbs="$4" bits="$5"
  echo "$(date -u +%H:%M:%S) $name round $round start load $(cut -d' ' -f1-3 /proc/loadavg)" >> "$out/load.txt"
  { echo "== $name round $round"; "$java" -Xmx3g --add-modules jdk.incubator.vector -Dolafhe.math.vector="$vector" \
      -cp "$jar" dev.olafhe.bench.ElementWiseProbe "$probe_rounds" "$limbs" "$bits" 2>&1 | grep -v '^WARNING'; } \
      >> "$out/raw/$name.log"
}
rm -f "$out"/raw/*.log
for round in $(seq "$rounds"); do
  if [ $((round % 2)) = 1 ]; then order="vector scalar old"; else order="old scalar vector"; fi
  for arm in $order; do
    case "$arm" in
      vector) probe vector-45 "$jar" true 27 45 ;;
      scalar) probe scalar-45 "$jar" false 27 45 ;;
      old) probe scalar-45-modulus-old "$old_jar" false 27 45 ;;
    esac
  done
  for arm in $([ $((round % 2)) = 1 ] && echo "new old" || echo "old new"); do
    probe "scalar-60-modulus-$arm" "$([ "$arm" = new ] && echo "$jar" || echo "$old_jar")" false 27 60
  done
done
python3 "$out/summarize.py" "$out/raw" > "$out/table.md"

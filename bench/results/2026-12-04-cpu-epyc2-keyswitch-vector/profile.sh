#!/usr/bin/env bash
# JFR profiles (JMH's jfr profiler: the measurement iterations only) of EvaluatorBenchmark.multiplyRelinearize and
# rotateHoisted8 at logN 16, one thread, Temurin 25, jdk.incubator.vector loaded; ARM=vector (the key switch's vector
# kernels) or ARM=scalar (-Dolafhe.math.vector=false). Summaries by profile_summary.py into profile-$ARM.md.
# Usage (repository root): JAR=bench/target/benchmarks.jar ARM=scalar flock /work/heavy.lock <this>
set -euo pipefail
out="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$out/../../.." && pwd)"
jar="${JAR:?JAR: bench/target/benchmarks.jar}"
arm="${ARM:?ARM: vector or scalar}"
vector=$([ "$arm" = vector ] && echo true || echo false)
jdk="$("$root/tools/newest-jdk.sh")"
mkdir -p "$out/raw"
: > "$out/profile-$arm.md"
for bench in multiplyRelinearize rotateHoisted8; do
  dir="/tmp/olafhe-jfr-$arm-$bench"
  rm -rf "$dir"
  echo "$(date -u +%H:%M:%S) profile $arm $bench start load $(cut -d' ' -f1-3 /proc/loadavg)" >> "$out/load.txt"
  "$jdk/bin/java" -Xmx1g -jar "$jar" "EvaluatorBenchmark.$bench\$" -f 1 -wi 1 -i 3 -w 4s -r 4s -jvm "$jdk/bin/java" \
      -jvmArgsAppend "-Xmx6g -Xms2g -Dolafhe.cpu.threads=1 -Dolafhe.math.vector=$vector --add-modules jdk.incubator.vector" \
      -prof "jfr:dir=$dir;configName=profile" >> "$out/raw/profile-$arm.log" 2>&1
  echo "$(date -u +%H:%M:%S) profile $arm $bench end   load $(cut -d' ' -f1-3 /proc/loadavg)" >> "$out/load.txt"
  { echo "## $bench, $arm"; echo; python3 "$out/profile_summary.py" "$(find "$dir" -name '*.jfr' | head -1)" "$jdk/bin/jfr"; echo; } \
      >> "$out/profile-$arm.md"
done

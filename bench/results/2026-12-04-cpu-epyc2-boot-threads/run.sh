#!/bin/bash
# logN-16 bootstraps on main with every vector kernel (NTT, key switch, element-wise), one JVM per arm, compact DFT
# factors, 2^15 slots, uniform input, Temurin 25, -Xmx20g: n16-h192:3,2 (10 levels) on TWO threads, then n16-h192
# {3,3} (9 levels) on ONE thread. Stage times from BootstrapStageListener.
# Usage: JAR=/path/benchmarks.jar flock /work/heavy.lock <this>
out="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
java=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
i=0
for arm in "3,2:2" "3,3:1"; do
  i=$((i+1)); budget=${arm%%:*}; threads=${arm##*:}
  { echo "start $i budget $budget threads $threads $(date -u +%FT%TZ) jar $JAR"; uptime; } >> "$out/load.txt"
  "$java" -Xmx20g -Xlog:gc:file="$out/gc-$i.log" --add-modules jdk.incubator.vector -cp "$JAR" \
    dev.olafhe.bench.BootstrapPrecision n16-h192 --level-budget "$budget" --threads "$threads" --compact --no-stages \
    --inputs uniform 2>&1 | grep -v '^WARNING' > "$out/boot-$i-budget${budget/,/}-threads$threads.log"
  { echo "end $i $(date -u +%FT%TZ)"; uptime; } >> "$out/load.txt"
done

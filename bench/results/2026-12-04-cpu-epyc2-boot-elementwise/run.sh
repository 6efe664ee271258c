#!/bin/bash
# One logN-16 bootstrap per JVM on ONE thread, n16-h192 with level budget {3,2} (10 levels left), 2^15 slots, DFT
# factors compact (re-encoded at each use; resident ones need 18.8 GiB with {3,2}: oom-resident/), Temurin 25, -Xmx20g: first the jar BEFORE the vector element-wise kernels (uniform
# input only), then the jar AFTER them (uniform, then the adversarial inputs). Stage times from BootstrapStageListener.
# Usage: BEFORE=/path/before.jar AFTER=/path/after.jar flock /work/heavy.lock <this>
out="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
java=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
i=0
for arm in before:uniform after:uniform,ones,alternating,single,boundary; do
  i=$((i+1)); name=${arm%%:*}; inputs=${arm##*:}
  jar=$([ "$name" = before ] && echo "$BEFORE" || echo "$AFTER")
  { echo "start $i $name $(date -u +%FT%TZ) jar $jar"; uptime; } >> "$out/load.txt"
  "$java" -Xmx20g -Xlog:gc:file="$out/gc-$i-$name.log" --add-modules jdk.incubator.vector -cp "$jar" \
    dev.olafhe.bench.BootstrapPrecision n16-h192 --level-budget 3,2 --threads 1 --compact --no-stages --inputs "$inputs" \
    2>&1 | grep -v '^WARNING' > "$out/boot-$i-$name.log"
  { echo "end $i $name $(date -u +%FT%TZ)"; uptime; } >> "$out/load.txt"
done

#!/bin/bash
# One logN-16 bootstrap per JVM on ONE thread, the same jar (main with the vectorised NTTs) with the vector NTT on and
# off (-Dolafhe.math.vector=false), n16-resnet (16 levels left), vector then scalar; then n16-h192
# (9 levels) with the vector NTT. Temurin 25, -Xmx16g, compact DFT factors, 2^15 slots, uniform input.
# Usage: JAR=/path/benchmarks.jar flock /work/heavy.lock <this>
out="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
java=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
i=0
for arm in n16-resnet:vector n16-resnet:scalar n16-h192:vector; do
  i=$((i+1)); preset=${arm%%:*}; mode=${arm##*:}
  extra=$([ $mode = scalar ] && echo -Dolafhe.math.vector=false || true)
  { echo "start $i $arm $(date -u +%FT%TZ) jar $JAR $extra"; uptime; } >> "$out/load.txt"
  "$java" -Xmx16g $extra -Xlog:gc:file="$out/gc-$i-$preset-$mode.log" --add-modules jdk.incubator.vector -cp "$JAR" \
    dev.olafhe.bench.BootstrapPrecision "$preset" --threads 1 --compact --no-stages --inputs uniform \
    > "$out/boot-$i-$preset-$mode.log" 2>&1
  { echo "end $i $arm $(date -u +%FT%TZ)"; uptime; } >> "$out/load.txt"
done

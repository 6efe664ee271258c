#!/usr/bin/env bash
# Is logN-16 bootstrapping slower after issue 14's whole operations and PolyPool views? n16-resnet, 2^15 slots,
# 2 threads (as `ola bench` runs), compact DFT factors, two uniform-input bootstraps per JVM, first the jar of 1f5f8ab
# (the commit of the 1374 s ResNet-20 run) then the jar of 572db0c (main after both merges), back to back on a quiet
# machine. OLD_JAR / NEW_JAR: copies of bench/target/benchmarks.jar built at those commits.
# One heavy JVM at a time: flock /work/heavy.lock bash <this>
set -uo pipefail
cd "$(dirname "$0")/../../.."
out=bench/results/2026-12-03-cpu-epyc2-boot-ab
java=${JAVA_BIN:-java}
for tag in old new; do
  jar=$([ $tag = old ] && echo "$OLD_JAR" || echo "$NEW_JAR")
  { echo "start $tag $(date -u +%FT%TZ) jar $jar"; uptime; } >> "$out/load.txt"
  "$java" -Xmx16g --add-modules jdk.incubator.vector -cp "$jar" dev.olafhe.bench.BootstrapPrecision n16-resnet \
    --threads 2 --compact --no-stages --inputs uniform,uniform > "$out/boot-$tag.log" 2>&1
  { echo "end $tag $(date -u +%FT%TZ)"; uptime; } >> "$out/load.txt"
done

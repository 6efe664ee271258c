#!/bin/bash
# Third A/B (session 2026-12-03 #5): three arms in ABC-CBA order, GC logged per JVM.
#   old    = bench jar of 1f5f8ab (before issue 14's whole operations and PolyPool)
#   new    = bench jar of main after 6a30425 (+ the olafhe.pool.bytes property only)
#   nopool = the same jar with -Dolafhe.pool.bytes=0 (pool off)
cd /work/main
out=bench/results/2026-12-03-cpu-epyc2-boot-ab/run3
mkdir -p "$out"
java=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
i=0
for arm in new nopool old old nopool new; do
  i=$((i+1))
  jar=$([ $arm = old ] && echo /work/jars/benchmarks-1f5f8ab.jar || echo /work/jars/benchmarks-poolprop.jar)
  extra=$([ $arm = nopool ] && echo -Dolafhe.pool.bytes=0 || true)
  { echo "start $i $arm $(date -u +%FT%TZ) jar $jar $extra"; uptime; } >> "$out/load.txt"
  "$java" -Xmx16g $extra -Xlog:gc:file="$out/gc-$i-$arm.log" --add-modules jdk.incubator.vector -cp "$jar" \
    dev.olafhe.bench.BootstrapPrecision n16-resnet \
    --threads 2 --compact --no-stages --inputs uniform,uniform > "$out/boot-$i-$arm.log" 2>&1
  { echo "end $i $arm $(date -u +%FT%TZ)"; uptime; } >> "$out/load.txt"
done

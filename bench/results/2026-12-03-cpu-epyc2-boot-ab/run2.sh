cd /work/main
out=bench/results/2026-12-03-cpu-epyc2-boot-ab
java=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
for tag in new old; do
  jar=$([ $tag = old ] && echo /work/jars/benchmarks-1f5f8ab.jar || echo /work/jars/benchmarks-merged.jar)
  { echo "run2 start $tag $(date -u +%FT%TZ) jar $jar"; uptime; } >> "$out/load.txt"
  "$java" -Xmx16g --add-modules jdk.incubator.vector -cp "$jar" dev.olafhe.bench.BootstrapPrecision n16-resnet \
    --threads 2 --compact --no-stages --inputs uniform,uniform > "$out/run2-boot-$tag.log" 2>&1
  { echo "run2 end $tag $(date -u +%FT%TZ)"; uptime; } >> "$out/load.txt"
done

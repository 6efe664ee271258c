#!/usr/bin/env bash
# ResNet-20 encrypted, OLA plan only, one test image, at a commit after the PolyPool and the whole backend operations
# (issue 14, merged 2247994): does the pool's memory fit the -Xmx16g run (GC log), and the time against the same
# plan's 1374 s at 1f5f8ab (../2026-12-03-cpu-epyc2-e2e-shared/, same machine, other load). Prices from that folder's
# calibration. OLA_JAR: a copy of java/target/ola.jar. One heavy JVM at a time: flock /work/heavy.lock bash <this>
set -uo pipefail
cd "$(dirname "$0")/../../.."
out=bench/results/2026-12-03-cpu-epyc2-e2e-pool
jar=${OLA_JAR:-java/target/ola.jar}
java=${JAVA_BIN:-java}
{ echo "start $(date -u +%FT%TZ) commit $(git rev-parse --short HEAD) jar $jar"; uptime; } >> "$out/load.txt"
"$java" -Xmx16g -Xlog:gc:file=$out/bench-gc.log --add-modules jdk.incubator.vector -jar "$jar" bench \
    --model models/resnet20.onnx --plan models/resnet20.plan.json --bootstrapping n16-resnet --configs ola --images 1 \
    --accuracy-images 0 --level-costs bench/results/2026-12-03-cpu-epyc2-e2e-shared/n16-resnet-costs.json \
    --out "$out" > "$out/bench-resnet20.log" 2>&1
echo "bench exit $? $(date -u +%FT%TZ)" >> "$out/load.txt"; uptime >> "$out/load.txt"

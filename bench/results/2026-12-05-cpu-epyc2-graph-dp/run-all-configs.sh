#!/usr/bin/env bash
# After run.sh and recalibrate.sh: the procedure the prediction check asks for, calibration and benchmark in one
# session: a fresh ola calibrate of n16-resnet, then `ola bench` of ResNet-20 with the committed plan (the one run.sh
# made), the composite alpha = 13 baseline and uniform 31, one image each, predicted from that calibration.
# One heavy JVM at a time: flock /work/heavy.lock bash <this>
set -uo pipefail
cd "$(dirname "$0")/../../.."
jar=${OLA_JAR:?copy of java/target/ola.jar}
java=${JAVA_BIN:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
out=bench/results/2026-12-05-cpu-epyc2-graph-dp/resnet20-all
mkdir -p "$out"
run() { "$java" --add-modules jdk.incubator.vector "$@"; }
stamp() { { echo "$1 $(date -u +%FT%TZ)"; uptime; } >> "$out/load.txt"; }
stamp "start commit $(git rev-parse --short HEAD) jar $jar java $("$java" -version 2>&1 | head -1)"
run -Xmx16g -jar "$jar" calibrate --bootstrapping n16-resnet --compact --log-slots 14 --level-step 3 --repeats 3 \
    --out "$out/n16-resnet-costs.json" > "$out/calibrate.log" 2>&1
stamp "calibrate exit $?"
run -Xmx18g -Xlog:gc:file="$out/gc.log" -jar "$jar" bench --model models/resnet20.onnx \
    --plan models/resnet20.plan.json --bootstrapping n16-resnet --configs ola,composite,uniform --images 1 \
    --accuracy-images 0 --level-costs "$out/n16-resnet-costs.json" --out "$out" > "$out/bench.log" 2>&1
stamp "resnet20 bench exit $?"

#!/usr/bin/env bash
# Issue 13's measured result on this build: calibrate the n16-resnet per-level costs (compact keys, 2^14 slots, every
# 3rd level), then `ola bench` ResNet-20 (3 test images per configuration) and ResNet-32 (1 image per configuration)
# with the committed OLA plans, the composite alpha = 13 baseline and the lowest uniform degree each plan records within
# budget; same keys, parameters and images per model; bootstraps placed and times predicted from the calibration.
# Runs a copy of the jar (OLA_JAR) so that rebuilding the working tree cannot replace the classes under it.
# Build: mvn -B -q -Dolafhe.cuda=OFF -pl java -am package -DskipTests; cp java/target/ola.jar /work/jars/ola-<commit>.jar
# One heavy JVM at a time: flock /work/heavy.lock bash <this>
set -uo pipefail
cd "$(dirname "$0")/../../.."
jar=${OLA_JAR:?copy of java/target/ola.jar}
java=${JAVA_BIN:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
out=bench/results/2026-12-05-cpu-epyc2-e2e
run() { "$java" --add-modules jdk.incubator.vector "$@"; }
stamp() { { echo "$1 $(date -u +%FT%TZ)"; uptime; } >> "$out/load.txt"; }
stamp "start commit $(git rev-parse --short HEAD) jar $jar java $("$java" -version 2>&1 | head -1)"
[ -f "$out/n16-resnet-costs.json" ] || run -Xmx16g -jar "$jar" calibrate --bootstrapping n16-resnet --compact \
    --log-slots 14 --level-step 3 --repeats 3 --out "$out/n16-resnet-costs.json" > "$out/calibrate.log" 2>&1
stamp "calibrate exit $?"
mkdir -p "$out/resnet20" "$out/resnet32"
run -Xmx18g -Xlog:gc:file="$out/resnet20/gc.log" -jar "$jar" bench --model models/resnet20.onnx \
    --plan models/resnet20.plan.json --bootstrapping n16-resnet --configs ola,composite,uniform --images 3 \
    --accuracy-images 0 --level-costs "$out/n16-resnet-costs.json" --out "$out/resnet20" > "$out/resnet20/bench.log" 2>&1
stamp "resnet20 bench exit $?"
run -Xmx18g -Xlog:gc:file="$out/resnet32/gc.log" -jar "$jar" bench --model models/resnet32.onnx \
    --plan models/resnet32.plan.json --bootstrapping n16-resnet --configs ola,composite,uniform --images 1 \
    --accuracy-images 0 --level-costs "$out/n16-resnet-costs.json" --out "$out/resnet32" > "$out/resnet32/bench.log" 2>&1
stamp "resnet32 bench exit $?"

#!/usr/bin/env bash
# Regenerates the ResNet-32 plan (models/resnet32.plan.{json,md,png}) with the held-out-accuracy planner and the
# level-priced DP (every step priced at the level it runs at, from the n16-resnet calibration measured on this machine
# in ../2026-12-03-cpu-epyc2-e2e-shared/). Runs a copy of the jar (OLA_JAR) so that rebuilding the working tree during
# the run cannot replace the classes under it. One heavy JVM at a time: flock /work/heavy.lock bash <this>
set -euo pipefail
cd "$(dirname "$0")/../../.."
jar=${OLA_JAR:-java/target/ola.jar}
java=${JAVA_BIN:-java}
out=bench/results/2026-12-03-cpu-epyc2-resnet32-plan
{ echo "start $(date -u +%FT%TZ) commit $(git rev-parse HEAD) jar $jar java $("$java" -version 2>&1 | head -1)"; uptime; } > "$out/load.txt"
"$java" -Xmx8g --add-modules jdk.incubator.vector -jar "$jar" plan --model models/resnet32.onnx --test 10000 \
  --level-costs bench/results/2026-12-03-cpu-epyc2-e2e-shared/n16-resnet-costs.json \
  --out models/resnet32.plan.json > "$out/plan.log" 2>&1
{ echo "end $(date -u +%FT%TZ)"; uptime; } >> "$out/load.txt"

#!/usr/bin/env bash
# Regenerates the committed ResNet-20 plan (models/resnet20.plan.{json,md,png}) with the held-out-accuracy planner
# (5,000 validation images, acceptance with a 95% one-sided margin, tail-widened intervals, 10,000 test images
# reported). Equivalent to `OLA_JAVA_OPTS=-Xmx6g ./ola plan --model models/resnet20.onnx --test 10000`; it runs a
# copy of the jar so that rebuilding the working tree during the run cannot replace the classes under it.
set -euo pipefail
cd "$(dirname "$0")/../../.."
jar=${OLA_JAR:-java/target/ola.jar}
out=bench/results/2026-12-03-cpu-epyc2-heldout
{ echo "start $(date -u +%FT%TZ) commit $(git rev-parse HEAD)"; uptime; } > "$out/resnet20-load.txt"
java -Xmx6g --add-modules jdk.incubator.vector -jar "$jar" plan --model models/resnet20.onnx --test 10000 \
  > "$out/resnet20-plan.log" 2>&1
{ echo "end $(date -u +%FT%TZ)"; uptime; } >> "$out/resnet20-load.txt"

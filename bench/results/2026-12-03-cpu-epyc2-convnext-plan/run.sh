#!/usr/bin/env bash
# Regenerates the ConvNeXt plan (models/convnext_tiny32.plan.{json,md,png}) with the held-out-accuracy planner
# (5,000 validation images, acceptance with a 95% one-sided margin, tail-widened intervals, 10,000 test images
# reported; analytic cost model: no calibration exists for this model's chain). Runs a copy of the jar (OLA_JAR).
# One heavy JVM at a time: flock /work/heavy.lock bash <this>
set -euo pipefail
cd "$(dirname "$0")/../../.."
jar=${OLA_JAR:-java/target/ola.jar}
java=${JAVA_BIN:-java}
out=bench/results/2026-12-03-cpu-epyc2-convnext-plan
{ echo "start $(date -u +%FT%TZ) commit $(git rev-parse HEAD) jar $jar java $("$java" -version 2>&1 | head -1)"; uptime; } > "$out/load.txt"
"$java" -Xmx8g --add-modules jdk.incubator.vector -jar "$jar" plan --model models/convnext_tiny32.onnx --test 10000 \
  --out models/convnext_tiny32.plan.json > "$out/plan.log" 2>&1
{ echo "end $(date -u +%FT%TZ)"; uptime; } >> "$out/load.txt"

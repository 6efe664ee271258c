#!/usr/bin/env bash
# ResNet-20 encrypted benchmark of 2026-12-03: calibrate the n16-resnet per-level costs on this machine (compact keys,
# 2^14 slots: what the ResNet-20 run uses on a 24 GB machine), then `ola bench` the OLA plan and the composite
# alpha = 13 baseline on one test image each, with bootstraps placed and times predicted from those costs.
# Build first: mvn -B -q -pl java -am package -DskipTests. One heavy JVM at a time: flock /work/heavy.lock bash <this>
set -uo pipefail
cd "$(dirname "$0")/../../.."
out=bench/results/2026-12-03-cpu-epyc2-e2e
{ echo "start $(date -u +%FT%TZ) commit $(git rev-parse --short HEAD)"; uptime; } >> "$out/load.txt"
[ -f "$out/n16-resnet-costs.json" ] || OLA_JAVA_OPTS=-Xmx16g ./ola calibrate --bootstrapping n16-resnet --compact --log-slots 14 --level-step 3 \
    --repeats 3 --out "$out/n16-resnet-costs.json" > "$out/calibrate.log" 2>&1
echo "calibrate exit $? $(date -u +%FT%TZ)" >> "$out/load.txt"; uptime >> "$out/load.txt"
# -Xmx20g: with 16 GiB the first bootstrap ran out of heap (bench-resnet20-oom-16g.log); nothing else may run beside it
OLA_JAVA_OPTS=-Xmx20g ./ola bench --model models/resnet20.onnx --plan models/resnet20.plan.json \
    --bootstrapping n16-resnet --configs ola,composite --images 1 --accuracy-images 0 \
    --level-costs "$out/n16-resnet-costs.json" --out "$out" > "$out/bench-resnet20.log" 2>&1
echo "bench exit $? $(date -u +%FT%TZ)" >> "$out/load.txt"; uptime >> "$out/load.txt"

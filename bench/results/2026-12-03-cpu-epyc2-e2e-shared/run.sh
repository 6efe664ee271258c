#!/usr/bin/env bash
# ResNet-20 encrypted benchmark after compact diagonals stopped holding their own integer coefficients (they reference
# the compiled program's float64 diagonals): calibrate n16-resnet per-level costs (compact keys, 2^14 slots), then
# `ola bench` the OLA plan, the composite alpha = 13 baseline and the lowest uniform degree within budget, one test
# image each, bootstraps placed and times predicted from those costs; the GC log shows the heap pressure.
# Build first: mvn -B -q -pl java -am package -DskipTests. One heavy JVM at a time: flock /work/heavy.lock bash <this>
set -uo pipefail
cd "$(dirname "$0")/../../.."
out=bench/results/2026-12-03-cpu-epyc2-e2e-shared
{ echo "start $(date -u +%FT%TZ) commit $(git rev-parse --short HEAD)"; uptime; } >> "$out/load.txt"
[ -f "$out/n16-resnet-costs.json" ] || OLA_JAVA_OPTS=-Xmx16g ./ola calibrate --bootstrapping n16-resnet --compact --log-slots 14 --level-step 3 \
    --repeats 3 --out "$out/n16-resnet-costs.json" > "$out/calibrate.log" 2>&1
echo "calibrate exit $? $(date -u +%FT%TZ)" >> "$out/load.txt"; uptime >> "$out/load.txt"
OLA_JAVA_OPTS="-Xmx16g -Xlog:gc:file=$out/bench-gc.log" ./ola bench --model models/resnet20.onnx \
    --plan models/resnet20.plan.json --bootstrapping n16-resnet --configs ola,composite,uniform --images 1 \
    --accuracy-images 0 --level-costs "$out/n16-resnet-costs.json" --out "$out" > "$out/bench-resnet20.log" 2>&1
echo "bench exit $? $(date -u +%FT%TZ)" >> "$out/load.txt"; uptime >> "$out/load.txt"

#!/usr/bin/env bash
# Run 2026-12-03 session #4 (output in replan-priced/): re-plan ResNet-20 with the level-priced DP (`ola plan --level-costs`), every step
# priced at the level it runs at from this folder's n16-resnet calibration, into a separate folder (the committed
# models/resnet20.plan.* stay as they are until the new plan is benchmarked). About 12-40 minutes on 2 vCPUs.
# One heavy JVM at a time: flock /work/heavy.lock bash <this>
set -euo pipefail
cd "$(dirname "$0")/../../.."
here=bench/results/2026-12-03-cpu-epyc2-e2e-shared
out=$here/replan-priced
mkdir -p "$out"
{ echo "start $(date -u +%FT%TZ) commit $(git rev-parse HEAD)"; uptime; } > "$out/load.txt"
OLA_JAVA_OPTS=-Xmx8g ./ola plan --model models/resnet20.onnx --test 10000 --level-costs "$here/n16-resnet-costs.json" \
    --out "$out/resnet20.plan.json" > "$out/plan.log" 2>&1
{ echo "end $(date -u +%FT%TZ)"; uptime; } >> "$out/load.txt"

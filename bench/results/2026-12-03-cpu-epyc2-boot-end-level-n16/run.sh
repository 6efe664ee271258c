#!/usr/bin/env bash
# logN-16 bootstrap to each end level (issue 13): `ola calibrate` (cost file v2) on n16-resnet, compact, 2^14 slots
# (ResNet-20's program), primitives at the top and level 1 only (--level-step 16, one repeat: this run is for the
# bootstrap), the bootstrap timed ending at level 1 and at the top. OLA_JAR: a copy of java/target/ola.jar.
# One heavy JVM at a time: flock /work/heavy.lock bash <this>
set -uo pipefail
cd "$(dirname "$0")/../../.."
out=bench/results/2026-12-03-cpu-epyc2-boot-end-level-n16
jar=${OLA_JAR:-java/target/ola.jar}
java=${JAVA_BIN:-java}
{ echo "start $(date -u +%FT%TZ) commit $(git rev-parse --short HEAD) jar $jar"; uptime; } >> "$out/load.txt"
"$java" -Xmx16g --add-modules jdk.incubator.vector -jar "$jar" calibrate --bootstrapping n16-resnet --compact \
    --log-slots 14 --level-step 16 --repeats 1 --backend cpu --out "$out/n16-resnet-v2-costs.json" > "$out/calibrate.log" 2>&1
echo "calibrate exit $? $(date -u +%FT%TZ)" >> "$out/load.txt"; uptime >> "$out/load.txt"

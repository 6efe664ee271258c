#!/usr/bin/env bash
# After run.sh: a second ola calibrate of n16-resnet on the same machine and build, with the settings of the one the
# benchmarks were predicted from (bench/results/2026-12-05-cpu-epyc2-e2e/run.sh), to see how much of the prediction
# error is the machine's speed moving between a calibration and a run. Repredict.java then prices the measured
# configurations' programs (placed as their runs placed them) by both files:
#   java -cp "$OLA_JAR" bench/results/2026-12-05-cpu-epyc2-graph-dp/Repredict.java MODEL PLAN PLACING_COSTS COSTS...
# One heavy JVM at a time: flock /work/heavy.lock bash <this>
set -uo pipefail
cd "$(dirname "$0")/../../.."
jar=${OLA_JAR:?copy of java/target/ola.jar}
java=${JAVA_BIN:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
out=bench/results/2026-12-05-cpu-epyc2-graph-dp
{ echo "recalibrate start $(date -u +%FT%TZ)"; uptime; } >> "$out/load.txt"
"$java" --add-modules jdk.incubator.vector -Xmx16g -jar "$jar" calibrate --bootstrapping n16-resnet --compact \
    --log-slots 14 --level-step 3 --repeats 3 --out "$out/n16-resnet-costs.json" > "$out/calibrate.log" 2>&1
{ echo "recalibrate exit $? $(date -u +%FT%TZ)"; uptime; } >> "$out/load.txt"

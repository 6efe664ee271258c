#!/usr/bin/env bash
# Issue 13 after the planner's DP became the runtime's (infer/LevelPlanner over the compiled program): re-plan
# ResNet-20 and ResNet-32 with the 2026-12-05 n16-resnet calibration of this machine, then `ola bench` the new plans
# (ResNet-20: OLA and the lowest uniform degree within budget, 2 images each, interleaved by configuration as ola bench
# runs them; ResNet-32: OLA, 1 image), predicted from the same calibration.
# Runs a copy of the jar (OLA_JAR) so that rebuilding the working tree cannot replace the classes under it.
# Build: mvn -B -q -Dolafhe.cuda=OFF -pl java -am package -DskipTests; cp java/target/ola.jar /work/jars/ola-<commit>.jar
# One heavy JVM at a time: flock /work/heavy.lock bash <this>
set -uo pipefail
cd "$(dirname "$0")/../../.."
jar=${OLA_JAR:?copy of java/target/ola.jar}
java=${JAVA_BIN:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
out=bench/results/2026-12-05-cpu-epyc2-graph-dp
costs=bench/results/2026-12-05-cpu-epyc2-e2e/n16-resnet-costs.json
run() { "$java" --add-modules jdk.incubator.vector "$@"; }
stamp() { { echo "$1 $(date -u +%FT%TZ)"; uptime; } >> "$out/load.txt"; }
stamp "start commit $(git rev-parse --short HEAD) jar $jar java $("$java" -version 2>&1 | head -1)"
for m in resnet20 resnet32; do
  mkdir -p "$out/$m"
  [ -f "$out/$m/$m.plan.json" ] || run -Xmx8g -jar "$jar" plan --model "models/$m.onnx" --test 10000 \
      --level-costs "$costs" --out "$out/$m/$m.plan.json" > "$out/$m/plan.log" 2>&1
  stamp "$m plan exit $?"
done
run -Xmx18g -Xlog:gc:file="$out/resnet20/gc.log" -jar "$jar" bench --model models/resnet20.onnx \
    --plan "$out/resnet20/resnet20.plan.json" --bootstrapping n16-resnet --configs ola,uniform --images 2 \
    --accuracy-images 0 --level-costs "$costs" --out "$out/resnet20" > "$out/resnet20/bench.log" 2>&1
stamp "resnet20 bench exit $?"
run -Xmx18g -Xlog:gc:file="$out/resnet32/gc.log" -jar "$jar" bench --model models/resnet32.onnx \
    --plan "$out/resnet32/resnet32.plan.json" --bootstrapping n16-resnet --configs ola --images 1 \
    --accuracy-images 0 --level-costs "$costs" --out "$out/resnet32" > "$out/resnet32/bench.log" 2>&1
stamp "resnet32 bench exit $?"

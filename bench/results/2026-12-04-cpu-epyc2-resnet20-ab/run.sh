#!/usr/bin/env bash
# Issue 14's CPU before/after: ResNet-20, the committed OLA plan (models/resnet20.plan.json), one test image, n16-resnet
# bootstrapping, CPU backend with 2 threads, run by the issue's base commit (280b628) and by main, back to back in one
# script, on the same JVM (Temurin 25), heap (-Xmx20g) and machine. Each commit places the bootstraps its own way
# (280b628: as late as possible; main: the level-managed placement).
# Jars: mvn -B -q -Dolafhe.cuda=OFF -pl java -am package -DskipTests in a worktree at each commit, java/target/ola.jar
# copied to /work/jars/ola-<commit>.jar. One heavy JVM at a time: flock /work/heavy.lock bash <this> <commit>...
set -uo pipefail
cd "$(dirname "$0")/../../.."
out=bench/results/2026-12-04-cpu-epyc2-resnet20-ab${AB_RUN:+/$AB_RUN}  # AB_RUN=run2: a later run in its own folder
mkdir -p "$out"
java="$(tools/newest-jdk.sh)/bin/java"
vmstat -n -t 30 >> "$out/vmstat.txt" & sampler=$!
trap 'kill $sampler' EXIT
for commit in "$@"; do
  dir="$out/$commit"; mkdir -p "$dir"
  { echo "start $commit $(date -u +%FT%TZ)"; uptime; } >> "$out/load.txt"
  "$java" -Xmx20g "-Xlog:gc:file=$dir/gc.log" --add-modules jdk.incubator.vector -jar "/work/jars/ola-$commit.jar" \
      bench --model models/resnet20.onnx --plan models/resnet20.plan.json --bootstrapping n16-resnet --configs ola \
      --images 1 --accuracy-images 0 --out "$dir" > "$dir/bench.log" 2>&1
  { echo "end $commit exit $? $(date -u +%FT%TZ)"; uptime; } >> "$out/load.txt"
done

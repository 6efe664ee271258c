#!/usr/bin/env bash
# logN-16 bootstrapping per level budget of n16-h192 (2^15 slots, CPU backend, ONE thread, compact DFT factors):
# key generation, then three bootstraps (uniform, all ones, uniform), each timed and its precision measured
# (dev.olafhe.bench.BootstrapPrecision). The {3,3} run also records a JFR profile (summarised in hot-methods-3-3.txt).
# One heavy JVM at a time: flock /work/heavy.lock bash <this>   (BENCH_JAR: a copy of bench/target/benchmarks.jar)
set -euo pipefail
cd "$(dirname "$0")/../../.."
out=bench/results/2026-12-03-cpu-epyc2-level-budget-n16
jar=${BENCH_JAR:-bench/target/benchmarks.jar}
java=${JAVA_BIN:-java}
for budget in ${BUDGETS:-3,3 4,4 5,5}; do
  tag=${budget/,/-}
  jfr=()
  if [ "$budget" = "3,3" ]; then jfr=(-XX:StartFlightRecording=filename=/tmp/boot-$tag.jfr,settings=profile); fi
  { echo "start $budget $(date -u +%FT%TZ) commit $(git rev-parse HEAD) $("$java" -version 2>&1 | head -1)"; uptime; } >> "$out/load.txt"
  "$java" -Xmx16g ${jfr[@]+"${jfr[@]}"} --add-modules jdk.incubator.vector -cp "$jar" dev.olafhe.bench.BootstrapPrecision \
    n16-h192 --level-budget "$budget" --threads 1 --compact --no-stages --inputs uniform,ones,uniform \
    > "$out/budget-$tag.log" 2>&1
  { echo "end $budget $(date -u +%FT%TZ)"; uptime; } >> "$out/load.txt"
  if [ ${#jfr[@]} -gt 0 ]; then
    "$(dirname "$java")/jfr" view --width 160 hot-methods /tmp/boot-$tag.jfr > "$out/hot-methods-$tag.txt" 2>&1 || true
  fi
done

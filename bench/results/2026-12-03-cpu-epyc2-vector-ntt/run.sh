#!/usr/bin/env bash
# Forward/inverse NTT of 27 Q limbs at logN 16 (NttBenchmark, CPU backend, one thread), the Vector API forward NTT
# (VectorNtt / VectorInverseNtt, branch vec-ntt) against the scalar ones in the SAME jar (-Dolafhe.math.vector=false),
# arms interleaved scalar, vector, vector, scalar; Temurin 25; short runs (1 fork, 2 x 2 s warm-up, 5 x 2 s). Then
# VectorNttProbe (one 45-bit limb, thread CPU time, alternating in one JVM) on Temurin 25 and JDK 17.
# RUN names the output folder: run1-forward (only the forward NTT was vectorised then: its inverse is the control of
# the two arms), run2 (both).
# Usage (repository root, after mvn -B -Dolafhe.cuda=OFF -pl java,bench package -DskipTests):
#   flock /work/heavy.lock bench/results/2026-12-03-cpu-epyc2-vector-ntt/run.sh
set -euo pipefail
out="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$out/../../.." && pwd)"
jar="$root/bench/target/benchmarks.jar"
java=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
java17=/usr/lib/jvm/java-17-openjdk-amd64/bin/java
out="$out/${RUN:-run2}"
mkdir -p "$out/raw"
{
  echo "date_utc: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "cpu_model: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
  echo "cpus_online: $(nproc)"
  echo "avx512: $(grep -m1 -o 'avx512[a-z]*' /proc/cpuinfo | sort -u | tr '\n' ' ')"
  echo "memory: $(free -g | awk '/Mem:/ {print $2 " GiB total, " $7 " GiB available"}')"
  echo "jdk: $($java -version 2>&1 | tail -1)"
  echo "git_commit: $(git -C "$root" rev-parse --short HEAD)"
} > "$out/machine.txt"
: > "$out/load.txt"
arm() { # name vector(true|false) index
  local name="$1" vector="$2" i="$3"
  echo "$(date -u +%H:%M:%S) $name-$i start load $(cut -d' ' -f1-3 /proc/loadavg)" >> "$out/load.txt"
  "$java" -jar "$jar" 'NttBenchmark' -f 1 -wi 2 -w 2s -i 5 -r 2s -jvm "$java" \
      -jvmArgsPrepend "-Dolafhe.cpu.threads=1 -Dolafhe.math.vector=$vector" \
      -rf json -rff "$out/$name-$i.json" > "$out/raw/$name-$i.log" 2>&1
  echo "$(date -u +%H:%M:%S) $name-$i end   load $(cut -d' ' -f1-3 /proc/loadavg)" >> "$out/load.txt"
}
arm scalar false 1
arm vector true 1
arm vector true 2
arm scalar false 2
cp="$root/java/target/classes:$root/bench/target/classes"
for j in "$java" "$java17"; do
  echo "$(date -u +%H:%M:%S) probe $j start load $(cut -d' ' -f1-3 /proc/loadavg)" >> "$out/load.txt"
  "$j" -Xmx1g --add-modules jdk.incubator.vector -cp "$cp" dev.olafhe.bench.VectorNttProbe 400 45 2>&1 \
      | grep -v '^WARNING' >> "$out/raw/probe.log"
  echo "$(date -u +%H:%M:%S) probe $j end   load $(cut -d' ' -f1-3 /proc/loadavg)" >> "$out/load.txt"
done
grep -h "NttBenchmark" "$out"/raw/*.log | grep -E "avgt" || true
cat "$out/raw/probe.log"

#!/usr/bin/env bash
# Second, shorter pass over the two surprising results of the first (forward NTT, rotate), in reversed order
# (after-25, after-17, before-17); text logs only (no JSON, so no new records). Same jars and options as run.sh.
set -uo pipefail
out="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
jdk17=/usr/lib/jvm/java-17-openjdk-amd64/bin/java
jdk25=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
for regex in 'NttBenchmark.forwardNtt' 'EvaluatorBenchmark.rotate$'; do
  opts=(-f 1 -wi 1 -i 3 -w 4s -r 4s)
  [ "$regex" = NttBenchmark.forwardNtt ] && opts=(-f 1 -wi 2 -i 4 -w 2s -r 2s)
  for cfg in "after-jdk25 $AFTER_JAR $jdk25" "after-jdk17 $AFTER_JAR $jdk17" "before-jdk17 $BEFORE_JAR $jdk17"; do
    set -- $cfg
    echo "$(date -u +%H:%M:%S) $1 $regex start load $(cut -d' ' -f1-3 /proc/loadavg)" >> "$out/load.txt"
    "$3" -jar "$2" "$regex" "${opts[@]}" -jvm "$3" -jvmArgsAppend "-Xmx10g -Xms2g -Dolafhe.cpu.threads=1" \
        2>&1 | grep -E "^(Benchmark|NttBenchmark|EvaluatorBenchmark)" | sed "s/^/$1 /" >> "$out/results.txt"
  done
done
echo "$(date -u +%H:%M:%S) end load $(cut -d' ' -f1-3 /proc/loadavg)" >> "$out/load.txt"

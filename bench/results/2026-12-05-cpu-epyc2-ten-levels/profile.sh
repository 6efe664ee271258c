#!/bin/bash
# JFR profile of n16-h192 bootstraps (10 levels, all DFT factors resident), one thread, attributed to the stages by
# bench/scripts/jfr_stages.py (BootstrapPrecision prints each stage's end time on stderr).
# Usage: JAR=/path/benchmarks.jar TAG=... flock /work/heavy.lock ./profile.sh
out="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
java=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
tag=${TAG:-profile}

"$java" -Xmx16g --add-modules jdk.incubator.vector -XX:StartFlightRecording=settings=profile,filename="/tmp/$tag.jfr" \
  -cp "$JAR" dev.olafhe.bench.BootstrapPrecision n16-h192 --level-budget 3,3 --threads 1 ${EXTRA:-} --no-stages \
  --inputs ${INPUTS:-uniform,uniform} 2>&1 | grep -v '^WARNING' > "$out/$tag.log"
python3 "$out/../../scripts/jfr_stages.py" "/tmp/$tag.jfr" "$out/$tag.log" | grep -v 'Lambda\|lambda' > "$out/$tag.txt"

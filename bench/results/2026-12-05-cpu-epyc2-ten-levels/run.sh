#!/bin/bash
# One logN-16 bootstrap arm per JVM: BootstrapPrecision n16-h192 --level-budget $BUDGET --threads $THREADS $EXTRA
# --no-stages --inputs $INPUTS, Temurin 25, -Xmx$XMX, GC log beside the output. Arms as run: see README.
# Usage: JAR=/path/benchmarks.jar TAG=... flock /work/heavy.lock ./run.sh
out="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
java=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
budget=${BUDGET:-3,3}; tag=${TAG:-res}; xmx=${XMX:-16g}; extra=${EXTRA:-}
uptime > "$out/load-$tag.txt"
"$java" -Xmx$xmx ${JAVA_OPTS:-} -Xlog:gc:file="$out/gc-$tag.log" --add-modules jdk.incubator.vector \
  -cp "$JAR" dev.olafhe.bench.BootstrapPrecision n16-h192 --level-budget "$budget" --threads ${THREADS:-1} $extra \
  --no-stages --inputs ${INPUTS:-uniform} 2>&1 | grep -v '^WARNING' > "$out/$tag.log"
uptime >> "$out/load-$tag.txt"

#!/bin/bash
# One logN-16 bootstrap arm per JVM: BootstrapPrecision n16-h192 --level-budget $BUDGET --threads $THREADS $EXTRA
# --no-stages --inputs $INPUTS, Temurin 25, -Xmx$XMX, GC log beside the output. Arms as run (README):
#   JAR=<jar> TAG=p-base-compact  BUDGET=3,3 XMX=16g EXTRA=--compact                     (main a4aa6d9)
#   JAR=<jar> TAG=p-lazy-compact  BUDGET=3,3 XMX=16g EXTRA=--compact                     (lazy giant steps)
#   JAR=<jar> TAG=p-partial16     BUDGET=3,3 XMX=16g EXTRA=--compact-slots-to-coeffs     (and CoeffToSlot resident)
#   JAR=<jar> TAG=p-partial16-warm  ... INPUTS=uniform,uniform,uniform; TAG=p-partial16-t2 ... THREADS=2
#   JAR=<jar> TAG=p32-base-compact / p32-compact BUDGET=3,2 XMX=16g EXTRA=--compact; p32-partial20 XMX=20g
# Usage: JAR=/path/benchmarks.jar TAG=... flock /work/heavy.lock ./run.sh
out="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
java=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
budget=${BUDGET:-3,3}; tag=${TAG:-res}; xmx=${XMX:-16g}; extra=${EXTRA:-}
uptime > "$out/load-$tag.txt"
"$java" -Xmx$xmx -Xlog:gc:file="$out/gc-$tag.log" --add-modules jdk.incubator.vector \
  -cp "$JAR" dev.olafhe.bench.BootstrapPrecision n16-h192 --level-budget "$budget" --threads ${THREADS:-1} $extra \
  --no-stages --inputs ${INPUTS:-uniform} 2>&1 | grep -v '^WARNING' > "$out/$tag.log"
uptime >> "$out/load-$tag.txt"

#!/bin/bash
# Chain and EvalMod variants of n16-h192 on the logN 13 analogue (INSECURE ring, the same primes and EvalMod), one
# thread, Temurin 25, 2^12 slots, uniform and all-ones inputs, no stage budget. One JVM per variant.
# Usage: JAR=bench/target/benchmarks.jar <this>   (from the repository root)
out="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
java=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
i=0
while IFS='|' read -r name opts; do
  i=$((i+1))
  { echo "start $i $name $(date -u +%FT%TZ)"; uptime; } >> "$out/load.txt"
  # shellcheck disable=SC2086
  "$java" -Xmx6g --add-modules jdk.incubator.vector -cp "$JAR" dev.olafhe.bench.BootstrapPrecision n16-h192 \
    --logN 13 --threads 1 --inputs uniform,ones --no-stages $opts 2>&1 | grep -v '^WARNING' > "$out/$i-$name.log"
done <<'VARIANTS'
preset|
evalmod49|--evalmod-bits 49
cts49|--coeffs-to-slots 49x3
p49x4|--p 49x4
all49|--evalmod-bits 49 --coeffs-to-slots 49x3 --p 49x4
cos31|--cosine-degree 31
k12-cos31-l10|--k 12 --cosine-degree 31 --residual 49,40x10 --p 49x4
k12-cos31-r2-l10|--k 12 --cosine-degree 31 --double-angles 2 --residual 49,40x10 --p 49x4
budget32|--level-budget 3,2
budget42|--level-budget 4,2
VARIANTS

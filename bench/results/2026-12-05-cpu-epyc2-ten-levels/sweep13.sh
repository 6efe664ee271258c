#!/bin/bash
# EvalMod variants of n16-h192 on the logN 13 analogue (INSECURE ring, same primes and stages, 2^12 slots), one
# thread, Temurin 25, three uniform inputs per JVM (the first carries the JIT warm-up). Old preset: cosine 39 with
# 3 double angles (--residual 49,40x9 restores its 9 levels); the rest: 2 double angles, 10 levels.
# Usage: JAR=/path/benchmarks.jar ./sweep13.sh
out="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
java=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
while IFS='|' read -r name opts; do
  # shellcheck disable=SC2086
  "$java" -Xmx6g --add-modules jdk.incubator.vector -cp "$JAR" dev.olafhe.bench.BootstrapPrecision n16-h192 \
    --logN 13 --threads 1 --inputs uniform,uniform,uniform --no-stages $opts 2>&1 | grep -v '^WARNING' \
    > "$out/logn13-$name.log"
done <<'VARIANTS'
cos39-r3|--cosine-degree 39 --double-angles 3 --residual 49,40x9
cos63-r2|--cosine-degree 63
cos59-r2|--cosine-degree 59
cos55-r2|
cos51-r2|--cosine-degree 51
cos47-r2|--cosine-degree 47
VARIANTS

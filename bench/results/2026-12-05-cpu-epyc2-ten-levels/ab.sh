#!/bin/bash
# Interleaved A/B/C of n16-h192 (10 levels, all DFT factors resident, 16 GiB heap, one thread, three bootstraps per
# JVM): nested = 32725f2 (Horner giant steps, 10-level preset), const = 59fda55 (+ Shoup constants once per modulus),
# c0skip = working tree after 59fda55 (+ the nested giant steps' c_0 rotated over Q ∪ P without ModDown).
cd "$(dirname "${BASH_SOURCE[0]}")"
for round in 1 2; do
  for arm in nested:bench-nested 59fda55:bench-59fda55 c0skip:bench-c0skip; do
    JAR=/work/jars/${arm#*:}.jar TAG=ab-${arm%%:*}-$round INPUTS=uniform,uniform,uniform flock /work/heavy.lock ./run.sh
  done
done

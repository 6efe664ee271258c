#!/bin/bash
# Interleaved A/B of the 10-level {3,3} chain, compact, one thread, two bootstraps per JVM:
# conv = 208141c (VectorShoupNtt + VectorShoupConversion), dot = 0460ce9 (and VectorWideDotProducts).
cd "$(dirname "${BASH_SOURCE[0]}")"
C10="--residual 49,40x10 --evalmod-bits 58 --coeffs-to-slots 52x3 --p 60x3 --dnum 10 --compact"
for round in 1 2; do
  JAR=/work/jars/bench-208141c.jar TAG=c10-conv-b$round EXTRA="$C10" INPUTS=uniform,uniform flock /work/heavy.lock ./run.sh
  JAR=/work/jars/bench-0460ce9.jar TAG=c10-dot-$round EXTRA="$C10" INPUTS=uniform,uniform flock /work/heavy.lock ./run.sh
done

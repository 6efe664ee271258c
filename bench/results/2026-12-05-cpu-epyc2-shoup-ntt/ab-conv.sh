#!/bin/bash
# Interleaved A/B of the 10-level {3,3} chain, compact, one thread, two bootstraps per JVM:
# ntt = a4e899d (VectorShoupNtt), conv = 208141c (and VectorShoupConversion).
cd "$(dirname "${BASH_SOURCE[0]}")"
C10="--residual 49,40x10 --evalmod-bits 58 --coeffs-to-slots 52x3 --p 60x3 --dnum 10 --compact"
for round in 1 2; do
  JAR=/work/jars/bench-a4e899d.jar TAG=c10-ntt-$round EXTRA="$C10" INPUTS=uniform,uniform flock /work/heavy.lock ./run.sh
  JAR=/work/jars/bench-208141c.jar TAG=c10-conv-$round EXTRA="$C10" INPUTS=uniform,uniform flock /work/heavy.lock ./run.sh
done

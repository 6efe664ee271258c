#!/bin/bash
# After ab.sh: interleaved A/B of 32725f2 (nested giant steps, 10-level preset) against 103b87d (+ Shoup constants
# once per modulus, + fold in one call per step with c_0 rotated over Q ∪ P), then 103b87d on every input (precision)
# and on two threads. All: n16-h192, all DFT factors resident, 16 GiB heap.
cd "$(dirname "${BASH_SOURCE[0]}")"
for round in 1 2; do
  JAR=/work/jars/bench-nested.jar TAG=final-nested-$round INPUTS=uniform,uniform,uniform flock /work/heavy.lock ./run.sh
  JAR=/work/jars/bench-103b87d.jar TAG=final-103b87d-$round INPUTS=uniform,uniform,uniform flock /work/heavy.lock ./run.sh
done
JAR=/work/jars/bench-103b87d.jar TAG=inputs-103b87d INPUTS=uniform,ones,alternating,single,boundary,uniform flock /work/heavy.lock ./run.sh
JAR=/work/jars/bench-103b87d.jar TAG=t2-103b87d THREADS=2 INPUTS=uniform,uniform,uniform flock /work/heavy.lock ./run.sh

#!/bin/bash
# After final.sh, 103b87d: n16-h192 with 2^14 slots, and the {5,5} budget (OpenFHE's shape), one thread, 16 GiB.
cd "$(dirname "${BASH_SOURCE[0]}")"
JAR=/work/jars/bench-103b87d.jar TAG=slots14-103b87d EXTRA="--log-slots 14" INPUTS=uniform,ones,uniform flock /work/heavy.lock ./run.sh
JAR=/work/jars/bench-103b87d.jar TAG=b55-103b87d BUDGET=5,5 INPUTS=uniform,uniform,uniform flock /work/heavy.lock ./run.sh

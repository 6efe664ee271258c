#!/usr/bin/env bash
# The counts of OperationCounts --resnet20 with other PolyPool budgets (system property olafhe.pool.bytes; the default
# is CkksContext.scratchBudgetBytes = 755,048,448 B at n16-resnet). The shape backend holds no memory, so a budget costs
# nothing here; on a real backend it is memory kept for freed polys. ~2.5 min each, -Xmx6g.
set -euo pipefail
cd "$(dirname "$0")/../../../.."
mkdir -p /tmp/pool
out=bench/results/2026-12-03-cpu-epyc2-counts-resnet20/pool-budget
for b in 0 1073741824 2147483648 4294967296 68719476736; do
    java -Xmx6g -Dolafhe.pool.bytes=$b -cp bench/target/benchmarks.jar dev.olafhe.bench.OperationCounts \
        --out /tmp/pool/$b --resnet20 > /tmp/pool/$b.log 2>&1
    cp /tmp/pool/$b/counts.md $out/pool-$b.md
done

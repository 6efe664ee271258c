package dev.olafhe.bench;

import dev.olafhe.ckks.CkksParameters;
import dev.olafhe.ckks.KeyMemoryReport;

/**
 * Prints the key-memory report of the benchmark parameter set (logN 16, L = 26): the keys the
 * benchmarks generate (all at the top level), and the same key kinds generated only for the levels a
 * circuit uses them at (here: the bottom half of the chain), to show what level-limited keys save, and
 * those kept compact in memory.
 * Run: {@code java -cp bench/target/benchmarks.jar dev.olafhe.bench.KeyMemory}.
 */
public final class KeyMemory {
    private KeyMemory() {
    }

    public static void main(String[] args) {
        CkksParameters params = CkksParameters.of(BenchParameters.logN16());
        int top = params.maxLevel();
        int rotations = EvaluatorBenchmark.HOISTED_ROTATIONS;
        System.out.println(params);
        System.out.println();
        System.out.println("keys of the benchmarks (top level):");
        System.out.print(KeyMemoryReport.plan(params).publicKey().relinearization(top).rotations(rotations, top)
                .build());
        System.out.println();
        System.out.println("the same keys generated for levels <= " + top / 2 + " only:");
        System.out.print(KeyMemoryReport.plan(params).publicKey().relinearization(top / 2)
                .rotations(rotations, top / 2).build());
        System.out.println();
        System.out.println("the same, kept compact in memory (uniform halves expanded from the seed at each use):");
        System.out.print(KeyMemoryReport.plan(params, true).publicKey().relinearization(top / 2)
                .rotations(rotations, top / 2).build());
    }
}

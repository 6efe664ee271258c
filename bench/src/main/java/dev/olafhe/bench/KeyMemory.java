package dev.olafhe.bench;

import dev.olafhe.backend.Backend;
import dev.olafhe.backend.Backends;
import dev.olafhe.ckks.CkksContext;
import dev.olafhe.ckks.CkksParameters;
import dev.olafhe.ckks.CkksSerializer;
import dev.olafhe.ckks.KeyGenerator;
import dev.olafhe.ckks.KeyMemoryReport;
import dev.olafhe.ckks.RandomSources;
import dev.olafhe.ckks.RelinearizationKey;
import dev.olafhe.ckks.SecretKey;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Prints the key-memory report of the benchmark parameter set (logN 16, L = 26): the keys the
 * benchmarks generate (all at the top level), the same key kinds generated only for the levels a circuit
 * uses them at (here: the bottom half of the chain), and those kept compact in memory. With
 * {@code --measure [backend]} it also generates one relinearization key, saves it (seeded) and loads it
 * back, printing the file size against the report and the times.
 * Run: {@code java -cp bench/target/benchmarks.jar dev.olafhe.bench.KeyMemory [--measure [cpu]]}.
 */
public final class KeyMemory {
    private KeyMemory() {
    }

    public static void main(String[] args) throws IOException {
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
        if (args.length > 0 && args[0].equals("--measure")) {
            measure(params, args.length > 1 ? args[1] : "cpu");
        }
    }

    private static void measure(CkksParameters params, String backendName) throws IOException {
        Path file = Files.createTempFile("olafhe-relin-key", ".olafhe");
        try (Backend backend = Backends.decide(backendName).chosen().create();
             CkksContext context = new CkksContext(params, backend)) {
            KeyGenerator keygen = new KeyGenerator(context, RandomSources.deterministic(1));
            CkksSerializer serializer = new CkksSerializer(context);
            long t0 = System.nanoTime();
            try (SecretKey sk = keygen.genSecretKey(); RelinearizationKey key = keygen.genRelinearizationKey(sk)) {
                long t1 = System.nanoTime();
                serializer.save(key, file);
                long t2 = System.nanoTime();
                try (RelinearizationKey loaded = serializer.load(file, RelinearizationKey.class)) {
                    long t3 = System.nanoTime();
                    long planned = KeyMemoryReport.plan(params).relinearization(params.maxLevel()).build().totalStored();
                    System.out.println();
                    System.out.printf(Locale.ROOT, "measured on %s: one relinearization key at level %d%n",
                            backend.description(), key.key().level());
                    System.out.printf(Locale.ROOT, "  in memory %.1f MiB, file %.1f MiB (report: %.1f MiB of residues)%n",
                            key.key().bytesInMemory() / 1048576.0, Files.size(file) / 1048576.0, planned / 1048576.0);
                    System.out.printf(Locale.ROOT, "  secret + key generation %.2f s, save %.2f s, load (with seed expansion) %.2f s%n",
                            (t1 - t0) / 1e9, (t2 - t1) / 1e9, (t3 - t2) / 1e9);
                    System.out.println("  loaded key compact: " + loaded.key().isCompact());
                }
            }
        } finally {
            Files.deleteIfExists(file);
        }
    }
}

package dev.olafhe.bench;

import dev.olafhe.ckks.Ciphertext;

import java.util.Locale;

/**
 * Is a GPU backend bound by the host (JNI, launch overhead, constant preparation) or by the device? For each
 * operation at logN 16 it queues {@code reps} operations and times how long the host took to queue them against
 * how long until the device finished them (after {@code synchronize()}). A queued fraction near 1 means the device
 * kept up with the host, i.e. the host is the bottleneck and fewer launches per operation would pay; a small
 * fraction means the device is the bottleneck. A synchronisation hidden inside an operation also gives 1, so
 * read it with the device times of {@code ola doctor --check}. On a synchronous backend (cpu) it is 1 by
 * construction.
 * Run: {@code java -cp bench/target/benchmarks.jar dev.olafhe.bench.HostBoundProbe [backend=cuda] [reps=20]}.
 */
public final class HostBoundProbe {
    private HostBoundProbe() {
    }

    public static void main(String[] args) {
        String backend = args.length > 0 ? args[0] : "cuda";
        int reps = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        try (CkksFixture f = new CkksFixture(backend, true, new int[] {1});
             Ciphertext product = Ciphertext.empty();
             Ciphertext rotated = Ciphertext.empty();
             Ciphertext rescaled = Ciphertext.empty()) {
            System.out.println("backend: " + f.backend.name() + " — " + f.backend.description());
            System.out.println(f.params);
            System.out.printf(Locale.ROOT, "%-22s %6s %14s %14s %10s%n", "operation", "reps", "queued (ms/op)",
                    "done (ms/op)", "queued/done");
            probe(f, "multiplyRelinearize", reps, () -> f.evaluator.multiplyRelin(f.a, f.b, product));
            probe(f, "rotate (1 key switch)", reps, () -> f.evaluator.rotate(f.a, 1, rotated));
            probe(f, "rescale", reps, () -> f.evaluator.rescale(f.a, rescaled));
        }
    }

    private static void probe(CkksFixture f, String name, int reps, Runnable op) {
        for (int i = 0; i < 3; i++) { // warm-up: JIT, pooled device memory, cached constants
            op.run();
        }
        f.backend.synchronize();
        long start = System.nanoTime();
        for (int i = 0; i < reps; i++) {
            op.run();
        }
        long queued = System.nanoTime();
        f.backend.synchronize();
        long done = System.nanoTime();
        double queuedMs = (queued - start) / 1e6 / reps;
        double doneMs = (done - start) / 1e6 / reps;
        System.out.printf(Locale.ROOT, "%-22s %6d %14.3f %14.3f %10.2f%n", name, reps, queuedMs, doneMs,
                queuedMs / doneMs);
    }
}

package dev.olafhe.bench;

import dev.olafhe.backend.CountingBackend;
import dev.olafhe.backend.cpu.CpuBackend;
import dev.olafhe.ckks.Ciphertext;
import dev.olafhe.ckks.CkksContext;
import dev.olafhe.ckks.Encoder;
import dev.olafhe.ckks.Encryptor;
import dev.olafhe.ckks.Evaluator;
import dev.olafhe.ckks.KeyGenerator;
import dev.olafhe.ckks.Plaintext;
import dev.olafhe.ckks.RandomSources;
import dev.olafhe.ckks.SecretKey;
import dev.olafhe.ckks.boot.Bootstrapper;
import dev.olafhe.ckks.boot.BootstrappingKeys;
import dev.olafhe.ckks.boot.BootstrappingParameters;
import dev.olafhe.ckks.boot.BootstrappingPresets;
import dev.olafhe.util.ProgressListener;

import java.util.Arrays;
import java.util.Locale;
import java.util.Random;

/**
 * Bootstrapping to each end level on the logn11-insecure chain (INSECURE, test-only parameters): real output, full
 * slots, input at level 0, as the runtime bootstraps. Per end level: SlotToCoeff's limb-operations (its factors'
 * diagonals plus rotations times the limbs they run at, {@link Bootstrapper#slotsToCoeffsFactorOperations}), the
 * counting backend's calls and allocated bytes for one bootstrap (deterministic), and the wall time of the whole
 * bootstrap (median of {@code repeats}, timed round robin over the end levels after a warm-up; everything before
 * SlotToCoeff is the same at every end level, so the differences are SlotToCoeff's). Run:
 * {@code java -cp bench/target/benchmarks.jar dev.olafhe.bench.BootEndLevel [repeats]} from the repository root.
 */
public final class BootEndLevel {
    private BootEndLevel() {
    }

    public static void main(String[] args) {
        int repeats = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        BootstrappingParameters bp = BootstrappingParameters.of(BootstrappingPresets.logN11Insecure());
        int logSlots = bp.ckks().logMaxSlots();
        int top = bp.levelsAfterBootstrapping();
        int[] factorOps = Bootstrapper.slotsToCoeffsFactorOperations(bp, logSlots);
        System.out.printf(Locale.ROOT, "logn11-insecure (INSECURE test chain), 2^%d slots, real output, input at level 0;"
                + " SlotToCoeff factors' diagonals+rotations %s, %d wall-time repeats%n", logSlots,
                Arrays.toString(factorOps), repeats);
        System.out.println();
        System.out.println("| end level | SlotToCoeff limb-ops | backend calls | allocated MiB | bootstrap median s"
                + " | spread s |");
        System.out.println("|---:|---:|---:|---:|---:|---:|");
        try (CpuBackend cpu = new CpuBackend()) {
            CountingBackend counter = new CountingBackend(cpu);
            try (CkksContext context = new CkksContext(bp.ckks(), counter.backend())) {
                Encoder encoder = new Encoder(context);
                KeyGenerator keygen = new KeyGenerator(context, RandomSources.deterministic(1));
                try (SecretKey sk = keygen.genSecretKey();
                     Bootstrapper b = new Bootstrapper(context, encoder, bp, logSlots);
                     BootstrappingKeys keys = BootstrappingKeys.generate(keygen, sk, b, ProgressListener.NONE);
                     Ciphertext input = encrypt(context, encoder, sk, logSlots)) {
                    Evaluator ev = new Evaluator(context, keys.evaluationKeys());
                    CountingBackend.Counts[] counts = new CountingBackend.Counts[top + 1];
                    for (int end = top; end >= 0; end--) { // one warm-up each, then one counted
                        b.bootstrapReal(ev, keys, input, end).close();
                        counter.start();
                        b.bootstrapReal(ev, keys, input, end).close();
                        counts[end] = counter.stop();
                    }
                    // round robin over the end levels, so that a load that drifts (a shared machine) hits all alike
                    double[][] times = new double[top + 1][repeats];
                    for (int r = 0; r < repeats; r++) {
                        for (int end = top; end >= 0; end--) {
                            long t0 = System.nanoTime();
                            b.bootstrapReal(ev, keys, input, end).close();
                            times[end][r] = (System.nanoTime() - t0) / 1e9;
                        }
                    }
                    for (int end = top; end >= 0; end--) {
                        CountingBackend.Counts c = counts[end];
                        double[] t = times[end];
                        Arrays.sort(t);
                        long limbOps = 0;
                        int start = end + factorOps.length;
                        for (int k = 0; k < factorOps.length; k++) {
                            limbOps += (long) factorOps[k] * (start - k + 1);
                        }
                        System.out.printf(Locale.ROOT, "| %d | %d | %d | %.1f | %.3f | %.3f |%n", end, limbOps,
                                c.totalCalls(), c.allocatedBytes() / 1048576.0, t[repeats / 2], t[repeats - 1] - t[0]);
                    }
                }
            }
        }
    }

    private static Ciphertext encrypt(CkksContext context, Encoder encoder, SecretKey sk, int logSlots) {
        Random random = new Random(5);
        double[] v = new double[1 << logSlots];
        Arrays.setAll(v, i -> 2 * random.nextDouble() - 1);
        try (Plaintext pt = encoder.encodeNew(v, 0, context.params().defaultScale())) {
            return Encryptor.withSecretKey(context, sk, RandomSources.deterministic(6)).encryptNew(pt);
        }
    }
}

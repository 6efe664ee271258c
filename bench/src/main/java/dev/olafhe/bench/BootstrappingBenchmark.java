package dev.olafhe.bench;

import dev.olafhe.backend.Backend;
import dev.olafhe.backend.Backends;
import dev.olafhe.ckks.Ciphertext;
import dev.olafhe.ckks.CkksContext;
import dev.olafhe.ckks.ComplexVector;
import dev.olafhe.ckks.Decryptor;
import dev.olafhe.ckks.Encoder;
import dev.olafhe.ckks.Encryptor;
import dev.olafhe.ckks.Evaluator;
import dev.olafhe.ckks.KeyGenerator;
import dev.olafhe.ckks.Plaintext;
import dev.olafhe.ckks.PrecisionStats;
import dev.olafhe.ckks.RandomSources;
import dev.olafhe.ckks.SecretKey;
import dev.olafhe.ckks.boot.Bootstrapper;
import dev.olafhe.ckks.boot.BootstrappingKeys;
import dev.olafhe.ckks.boot.BootstrappingParameters;
import dev.olafhe.ckks.boot.BootstrappingParametersLiteral;
import dev.olafhe.ckks.boot.BootstrappingPresets;
import dev.olafhe.cli.ConsoleProgress;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * One bootstrapping (input at level 0, uniform complex slots in [−1, 1]) per slot count on the N16_RESNET
 * chain. At logN 16 it needs about 11 GiB of keys plus ~5 GiB of encoded DFT diagonals per slot count
 * (run with a large heap, -jvmArgsAppend -Xmx28g, on a machine that has it). {@code -p logN=13} runs the same
 * chain on a smaller ring (INSECURE, test-only) where memory is short; slot counts are then given as
 * log2(max slots) − offset via {@code slotsBelowMax}. Precision (mean and worst slot, vs float64) is
 * measured once per trial and printed as a "PRECISION" line; key generation is outside the measurement.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx28g", "-Xms1g"})
public class BootstrappingBenchmark {

    @State(Scope.Benchmark)
    public static class Fixture {
        @Param({"cpu"})
        public String backend;
        @Param({"16"})
        public int logN;
        /** 0: full slots (2^15 at logN 16), 1..3: sparse 2^14..2^12. */
        @Param({"0", "1", "2", "3"})
        public int slotsBelowMax;

        Backend device;
        CkksContext context;
        SecretKey secretKey;
        Bootstrapper bootstrapper;
        BootstrappingKeys keys;
        Evaluator evaluator;
        Ciphertext input;

        @Setup(Level.Trial)
        public void setUp() {
            BootstrappingParametersLiteral preset = BootstrappingPresets.n16ResNet();
            BootstrappingParametersLiteral literal = logN == preset.logN() ? preset : new BootstrappingParametersLiteral(
                    logN, preset.residualLogQ(), preset.logP(), preset.logDefaultScale(), preset.secret(), preset.dnum(),
                    preset.slotsToCoeffsLogQ(), preset.evalModLogQ(), preset.coeffsToSlotsLogQ(), preset.k(),
                    preset.cosineDegree(), preset.doubleAngles(), preset.arcsinDegree(),
                    preset.ephemeralHammingWeight(), true);
            BootstrappingParameters bp = BootstrappingParameters.of(literal);
            int logSlots = bp.ckks().logMaxSlots() - slotsBelowMax;
            device = Backends.decide(backend).chosen().create();
            context = new CkksContext(bp.ckks(), device);
            Encoder encoder = new Encoder(context);
            KeyGenerator keygen = new KeyGenerator(context, RandomSources.deterministic(1));
            secretKey = keygen.genSecretKey();
            long start = System.nanoTime();
            bootstrapper = new Bootstrapper(context, encoder, bp, logSlots);
            double encodeSeconds = (System.nanoTime() - start) / 1e9;
            start = System.nanoTime();
            // the CLI's stderr bar, as before
            keys = BootstrappingKeys.generate(keygen, secretKey, bootstrapper, new ConsoleProgress());
            double keySeconds = (System.nanoTime() - start) / 1e9;
            evaluator = new Evaluator(context, keys.evaluationKeys());
            Random random = new Random(3);
            int slots = 1 << logSlots;
            double[] re = new double[slots];
            double[] im = new double[slots];
            for (int j = 0; j < slots; j++) {
                re[j] = 2 * random.nextDouble() - 1;
                im[j] = 2 * random.nextDouble() - 1;
            }
            ComplexVector z = new ComplexVector(re, im);
            try (Plaintext pt = encoder.encodeNew(z, 0, bp.ckks().defaultScale())) {
                input = Encryptor.withSecretKey(context, secretKey, RandomSources.deterministic(2)).encryptNew(pt);
            }
            ComplexVector have;
            try (Ciphertext out = bootstrapper.bootstrap(evaluator, keys, input);
                 Plaintext pt = new Decryptor(context, secretKey).decryptNew(out)) {
                have = encoder.decode(pt);
            }
            PrecisionStats stats = PrecisionStats.compute(z, have);
            System.out.printf(Locale.ROOT, "PRECISION {\"benchmark\":\"BootstrappingBenchmark\",\"logN\":%d,\"slots\":%d,"
                            + "\"meanBits\":%.2f,\"minBits\":%.2f,\"realMeanBits\":%.2f,\"imagMeanBits\":%.2f,"
                            + "\"levelsLeft\":%d,\"rotationKeys\":%d,\"keyGiB\":%.2f,\"keygenSeconds\":%.1f,"
                            + "\"encodeDftSeconds\":%.1f,\"testOnly\":%b}%n", logN, slots, stats.meanBits(), stats.minBits(),
                    stats.real().mean(), stats.imag().mean(), bp.levelsAfterBootstrapping(),
                    bootstrapper.keyPlan().rotationKeyCount(), bootstrapper.keyPlan().bytes() / (double) (1L << 30),
                    keySeconds, encodeSeconds, bp.ckks().isTestOnly());
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            input.close();
            keys.close();
            bootstrapper.close();
            secretKey.close();
            context.close();
            device.close();
        }
    }

    @Benchmark
    public Ciphertext bootstrap(Fixture f) {
        Ciphertext out = f.bootstrapper.bootstrap(f.evaluator, f.keys, f.input);
        f.device.synchronize(); // before JMH reads its clock (GPU work is queued)
        out.close();
        return out;
    }
}

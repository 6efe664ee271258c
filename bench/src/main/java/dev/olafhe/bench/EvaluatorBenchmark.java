package dev.olafhe.bench;

import dev.olafhe.ckks.Ciphertext;
import dev.olafhe.ckks.HoistedDecomposition;
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

import java.util.concurrent.TimeUnit;

/**
 * Ciphertext operations at logN 16 / 27 levels (see {@link BenchParameters#logN16()}), top level.
 * Each state generates only the keys its benchmarks use; key generation is outside the measured region.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx12g", "-Xms2g", "--add-modules", "jdk.incubator.vector"})
public class EvaluatorBenchmark {
    static final int HOISTED_ROTATIONS = 8;

    /** No evaluation keys: rescale only. */
    @State(Scope.Benchmark)
    public static class NoKeys {
        @Param({"cpu"})
        public String backend;
        CkksFixture fixture;
        final Ciphertext out = Ciphertext.empty();

        @Setup(Level.Trial)
        public void setUp() {
            fixture = new CkksFixture(backend, false, new int[0]);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            out.close();
            fixture.close();
        }
    }

    /** The relinearization key (one switching key, ≈ 227 MB). */
    @State(Scope.Benchmark)
    public static class RelinKey {
        @Param({"cpu"})
        public String backend;
        CkksFixture fixture;
        final Ciphertext out = Ciphertext.empty();

        @Setup(Level.Trial)
        public void setUp() {
            fixture = new CkksFixture(backend, true, new int[0]);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            out.close();
            fixture.close();
        }
    }

    /** Rotation keys for steps 1..8 (≈ 1.8 GB). */
    @State(Scope.Benchmark)
    public static class RotationKeys {
        @Param({"cpu"})
        public String backend;
        CkksFixture fixture;
        final int[] steps = new int[HOISTED_ROTATIONS];
        final Ciphertext[] outs = new Ciphertext[HOISTED_ROTATIONS];

        @Setup(Level.Trial)
        public void setUp() {
            for (int i = 0; i < HOISTED_ROTATIONS; i++) {
                steps[i] = i + 1;
                outs[i] = Ciphertext.empty();
            }
            fixture = new CkksFixture(backend, false, steps);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            for (Ciphertext c : outs) {
                c.close();
            }
            fixture.close();
        }
    }

    /** One rotation key (step 1) kept compact: its uniform halves are expanded from the seed at each use. */
    @State(Scope.Benchmark)
    public static class CompactRotationKey {
        @Param({"cpu"})
        public String backend;
        CkksFixture fixture;
        final Ciphertext out = Ciphertext.empty();

        @Setup(Level.Trial)
        public void setUp() {
            fixture = new CkksFixture(backend, false, new int[] {1});
            fixture.keys.dropUniformHalves();
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            out.close();
            fixture.close();
        }
    }

    @Benchmark
    public Ciphertext rescale(NoKeys s) {
        s.fixture.evaluator.rescale(s.fixture.a, s.out);
        return synced(s.fixture, s.out);
    }

    @Benchmark
    public Ciphertext multiplyRelinearize(RelinKey s) {
        s.fixture.evaluator.multiplyRelin(s.fixture.a, s.fixture.b, s.out);
        return synced(s.fixture, s.out);
    }

    @Benchmark
    public Ciphertext rotate(RotationKeys s) {
        s.fixture.evaluator.rotate(s.fixture.a, 1, s.outs[0]);
        return synced(s.fixture, s.outs[0]);
    }

    /** {@link #rotate} with a compact key: the time half the key memory costs. */
    @Benchmark
    public Ciphertext rotateCompactKey(CompactRotationKey s) {
        s.fixture.evaluator.rotate(s.fixture.a, 1, s.out);
        return synced(s.fixture, s.out);
    }

    /** 8 rotations (steps 1..8) sharing one decomposition + ModUp. */
    @Benchmark
    public Ciphertext[] rotateHoisted8(RotationKeys s) {
        try (HoistedDecomposition dec = s.fixture.evaluator.decompose(s.fixture.a)) {
            for (int i = 0; i < HOISTED_ROTATIONS; i++) {
                s.fixture.evaluator.rotateHoisted(s.fixture.a, dec, s.steps[i], s.outs[i]);
            }
        }
        return synced(s.fixture, s.outs);
    }

    /** The same 8 rotations without hoisting, for comparison. */
    @Benchmark
    public Ciphertext[] rotatePlain8(RotationKeys s) {
        for (int i = 0; i < HOISTED_ROTATIONS; i++) {
            s.fixture.evaluator.rotate(s.fixture.a, s.steps[i], s.outs[i]);
        }
        return synced(s.fixture, s.outs);
    }

    /** Waits for the backend before JMH reads its clock (a GPU backend queues work asynchronously). */
    private static <T> T synced(CkksFixture fixture, T result) {
        fixture.backend.synchronize();
        return result;
    }
}

package dev.olafhe.bench;

import dev.olafhe.backend.Backend;
import dev.olafhe.backend.Backends;
import dev.olafhe.backend.DevicePoly;
import dev.olafhe.backend.DeviceRing;
import dev.olafhe.ckks.CkksParameters;
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

import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * Forward and inverse NTT of one ciphertext-sized polynomial: all 27 Q limbs at logN 16. The fork resolves
 * {@code jdk.incubator.vector}, so the forward NTT of the 45-bit limbs runs on {@code VectorNtt}
 * ({@code -jvmArgsPrepend -Dolafhe.math.vector=false} measures the scalar one; -jvmArgsAppend would replace these).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g", "--add-modules", "jdk.incubator.vector"})
public class NttBenchmark {
    @Param({"cpu"})
    public String backend;

    private Backend device;
    private DeviceRing ring;
    private DevicePoly poly;

    @Setup(Level.Trial)
    public void setUp() {
        CkksParameters params = CkksParameters.of(BenchParameters.logN16());
        device = Backends.decide(backend).chosen().create();
        ring = device.createRing(params.logN(), params.qModuli(), params.pModuli());
        long[] q = params.qModuli();
        long[][] limbs = new long[q.length][params.n()];
        Random random = new Random(1);
        for (int l = 0; l < q.length; l++) {
            for (int i = 0; i < params.n(); i++) {
                limbs[l][i] = random.nextLong(q[l]);
            }
        }
        poly = device.allocate(ring, q.length, 0);
        device.upload(limbs, poly);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        poly.close();
        ring.close();
        device.close();
    }

    @Benchmark
    public void forwardNtt() {
        device.ntt(poly, poly); // in place: values stay valid residues, so repetition is well defined
        device.synchronize(); // a GPU backend queues work: wait before JMH reads its clock
    }

    @Benchmark
    public void inverseNtt() {
        device.intt(poly, poly);
        device.synchronize();
    }
}

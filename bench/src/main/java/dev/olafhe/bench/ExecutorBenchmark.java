package dev.olafhe.bench;

import dev.olafhe.nn.Executor;
import dev.olafhe.nn.Network;
import dev.olafhe.nn.Tensor;
import dev.olafhe.nn.data.FashionMnist;
import dev.olafhe.nn.onnx.OnnxImporter;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Plaintext executor throughput: exact forward pass of a committed model over a batch of Fashion-MNIST test images.
 * The score is images per second ({@link OperationsPerInvocation} = batch). Run from the repository root (or pass
 * {@code -Dolafhe.models=DIR}); e.g. {@code java --add-modules jdk.incubator.vector -jar bench/target/benchmarks.jar
 * ExecutorBenchmark -p threads=2}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g", "--add-modules", "jdk.incubator.vector"})
public class ExecutorBenchmark {
    static final int BATCH = 250;

    @Param({"resnet20"})
    public String model;

    @Param({"1", "2"})
    public int threads;

    private Executor executor;
    private Tensor images;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        Network net = OnnxImporter.load(modelsDir().resolve(model + ".onnx"));
        executor = new Executor(net, threads);
        images = FashionMnist.test().batch(0, BATCH);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        executor.close();
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public Tensor forward() {
        return executor.forward(images);
    }

    /** The committed model zoo: -Dolafhe.models, else models/ in the working directory or above it. */
    static Path modelsDir() {
        String p = System.getProperty("olafhe.models");
        if (p != null) {
            return Path.of(p);
        }
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            if (Files.exists(d.resolve("models/train.py"))) {
                return d.resolve("models");
            }
        }
        throw new IllegalStateException("models/ not found above " + Path.of("").toAbsolutePath()
                + "; run from the repository root or pass -Dolafhe.models=DIR");
    }
}

package dev.olafhe.bench;

import dev.olafhe.approx.ChebyshevSeries;
import dev.olafhe.backend.Backend;
import dev.olafhe.backend.Backends;
import dev.olafhe.ckks.Ciphertext;
import dev.olafhe.ckks.CkksContext;
import dev.olafhe.ckks.CkksParameters;
import dev.olafhe.ckks.ComplexVector;
import dev.olafhe.ckks.Decryptor;
import dev.olafhe.ckks.Encoder;
import dev.olafhe.ckks.Encryptor;
import dev.olafhe.ckks.EvaluationKeySet;
import dev.olafhe.ckks.Evaluator;
import dev.olafhe.ckks.KeyGenerator;
import dev.olafhe.ckks.Plaintext;
import dev.olafhe.ckks.PrecisionStats;
import dev.olafhe.ckks.RandomSources;
import dev.olafhe.ckks.SecretKey;
import dev.olafhe.ckks.boot.BootstrappingParameters;
import dev.olafhe.ckks.boot.BootstrappingPresets;
import dev.olafhe.ckks.poly.PolynomialCost;
import dev.olafhe.ckks.poly.PolynomialEvaluator;
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

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleUnaryOperator;

/**
 * Chebyshev polynomial evaluation on the N16_RESNET chain (logN 16, 2^15 slots) from the top residual level
 * (16, what a bootstrapped ciphertext has): generic degrees d ∈ {3, 7, 15, 31, 63} (interpolants of a
 * sigmoid, all coefficients present) and the composite ReLU x·(1 + p3(p2(p1(x))))/2 with odd p1, p2, p3 of
 * degrees 15, 15, 27 (sign-like tanh interpolants standing in for the minimax ones: the cost depends only on
 * the degrees and parity). Precision vs float64 of the same polynomials is measured once per trial and
 * printed as a "PRECISION" line; the operation counts come from {@link PolynomialCost}.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx8g", "-Xms1g"})
public class PolynomialBenchmark {

    @State(Scope.Benchmark)
    public static class Fixture {
        @Param({"cpu"})
        public String backend;
        @Param({"3", "7", "15", "31", "63", "relu-15-15-27"})
        public String polynomial;

        Backend device;
        CkksContext context;
        SecretKey secretKey;
        EvaluationKeySet keys;
        Evaluator evaluator;
        PolynomialEvaluator polys;
        Ciphertext input;
        List<ChebyshevSeries> stages;
        double[] x;

        @Setup(Level.Trial)
        public void setUp() {
            BootstrappingParameters bp = BootstrappingParameters.of(BootstrappingPresets.n16ResNet());
            CkksParameters params = bp.ckks();
            device = Backends.decide(backend).chosen().create();
            context = new CkksContext(params, device);
            KeyGenerator keygen = new KeyGenerator(context, RandomSources.deterministic(1));
            secretKey = keygen.genSecretKey();
            int level = bp.levelsAfterBootstrapping();
            keys = new EvaluationKeySet(keygen.genRelinearizationKey(secretKey, level), List.of());
            evaluator = new Evaluator(context, keys);
            polys = new PolynomialEvaluator(evaluator);
            Random random = new Random(3);
            x = new double[params.maxSlots()];
            for (int j = 0; j < x.length; j++) {
                x[j] = 2 * random.nextDouble() - 1;
            }
            Encoder encoder = new Encoder(context);
            try (Plaintext pt = encoder.encodeNew(x, level, params.defaultScale())) {
                input = Encryptor.withSecretKey(context, secretKey, RandomSources.deterministic(2)).encryptNew(pt);
            }
            stages = polynomial.startsWith("relu") ? compositeSign() : List.of(interpolate(
                    v -> 1 / (1 + Math.exp(-4 * v)), Integer.parseInt(polynomial), false));
            reportPrecision(encoder, new Decryptor(context, secretKey), params);
        }

        private void reportPrecision(Encoder encoder, Decryptor decryptor, CkksParameters params) {
            double[] want = new double[x.length];
            for (int j = 0; j < x.length; j++) {
                want[j] = reference(x[j]);
            }
            ComplexVector have;
            try (Ciphertext out = evaluate(); Plaintext pt = decryptor.decryptNew(out)) {
                have = encoder.decode(pt);
            }
            PrecisionStats stats = PrecisionStats.compute(ComplexVector.real(want), have);
            StringBuilder costs = new StringBuilder();
            for (ChebyshevSeries s : stages) {
                PolynomialCost c = PolynomialCost.of(s);
                costs.append(String.format(Locale.ROOT, "{\"degree\":%d,\"depth\":%d,\"nonScalar\":%d,\"scalar\":%d}",
                        c.degree(), c.totalDepth(), c.nonScalarMultiplications(), c.scalarMultiplications()));
                costs.append(',');
            }
            costs.setLength(costs.length() - 1);
            System.out.printf(Locale.ROOT, "PRECISION {\"benchmark\":\"PolynomialBenchmark\",\"polynomial\":\"%s\","
                            + "\"logN\":%d,\"slots\":%d,\"meanBits\":%.2f,\"minBits\":%.2f,\"costs\":[%s]}%n", polynomial,
                    params.logN(), x.length, stats.real().mean(), stats.real().min(), costs);
        }

        double reference(double v) {
            if (stages.size() == 1) {
                return stages.get(0).evaluate(v);
            }
            double s = v;
            for (ChebyshevSeries p : stages) {
                s = p.evaluate(s);
            }
            return v * s; // the last stage already holds (1 + sign)/2
        }

        Ciphertext evaluate() {
            if (stages.size() == 1) {
                return polys.evaluate(input, stages.get(0));
            }
            Ciphertext s = null;
            for (ChebyshevSeries p : stages) {
                Ciphertext next = polys.evaluate(s == null ? input : s, p);
                if (s != null) {
                    s.close();
                }
                s = next;
            }
            try (Ciphertext sign = s; Ciphertext xLow = evaluator.dropLevelNew(input, input.level() - sign.level())) {
                Ciphertext product = evaluator.multiplyRelinNew(xLow, sign);
                evaluator.rescale(product, product);
                return product;
            }
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            input.close();
            keys.close();
            secretKey.close();
            context.close();
            device.close();
        }
    }

    /** Chebyshev interpolant on [−1, 1]; odd keeps only the odd coefficients. */
    static ChebyshevSeries interpolate(DoubleUnaryOperator f, int degree, boolean odd) {
        int n = degree + 1;
        double[] c = new double[n];
        for (int k = 0; k < n; k++) {
            double sum = 0;
            for (int j = 0; j < n; j++) {
                double theta = Math.PI * (j + 0.5) / n;
                sum += f.applyAsDouble(Math.cos(theta)) * Math.cos(k * theta);
            }
            c[k] = odd && k % 2 == 0 ? 0 : (k == 0 ? 1.0 : 2.0) * sum / n;
        }
        return new ChebyshevSeries(-1, 1, c);
    }

    /** p1, p2 (degree 15) and p3 (degree 27, folded with (1 + ·)/2) sharpening towards sign(x). */
    static List<ChebyshevSeries> compositeSign() {
        List<ChebyshevSeries> out = new ArrayList<>();
        out.add(interpolate(v -> 0.95 * Math.tanh(4 * v), 15, true));
        out.add(interpolate(v -> 0.95 * Math.tanh(4 * v), 15, true));
        ChebyshevSeries p3 = interpolate(v -> Math.tanh(6 * v), 27, true);
        double[] c = p3.coefficients();
        for (int k = 0; k < c.length; k++) {
            c[k] *= 0.5;
        }
        c[0] = 0.5; // (1 + p3)/2, still an odd p3 plus a constant: no extra level
        out.add(new ChebyshevSeries(-1, 1, c));
        return out;
    }

    @Benchmark
    public Ciphertext evaluate(Fixture f) {
        Ciphertext out = f.evaluate();
        f.device.synchronize(); // before JMH reads its clock (GPU work is queued)
        out.close();
        return out;
    }
}

package dev.olafhe.bench;

import dev.olafhe.approx.ChebyshevSeries;
import dev.olafhe.backend.Backend;
import dev.olafhe.backend.DevicePoly;
import dev.olafhe.ckks.Ciphertext;
import dev.olafhe.ckks.CkksContext;
import dev.olafhe.ckks.CkksParameters;
import dev.olafhe.ckks.CkksParametersLiteral;
import dev.olafhe.ckks.ComplexVector;
import dev.olafhe.ckks.Decryptor;
import dev.olafhe.ckks.Encoder;
import dev.olafhe.ckks.Encryptor;
import dev.olafhe.ckks.EvaluationKeySet;
import dev.olafhe.ckks.Evaluator;
import dev.olafhe.ckks.HoistedDecomposition;
import dev.olafhe.ckks.KeyGenerator;
import dev.olafhe.ckks.Plaintext;
import dev.olafhe.ckks.PrecisionStats;
import dev.olafhe.ckks.RandomSources;
import dev.olafhe.ckks.SecretDistribution;
import dev.olafhe.ckks.SecretKey;
import dev.olafhe.ckks.poly.PolynomialEvaluator;
import dev.olafhe.perf.Better;
import dev.olafhe.perf.MetricCollector;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static dev.olafhe.ckks.CkksParametersLiteral.concat;
import static dev.olafhe.ckks.CkksParametersLiteral.repeat;

/**
 * The quick suite's CKKS state, built once and outside every timing: small INSECURE parameters (logN 12 or 13,
 * 7 levels of 45 bits, 2 special primes), keys for relinearization and rotations 1..8 and a public key, all from
 * fixed seeds, and the inputs and reusable outputs of each operation. The precision metrics are computed from
 * ciphertexts encrypted with fixed seeds before anything else runs, so they are the same on every run of the same
 * code (and on every backend: the arithmetic is exact).
 */
final class QuickFixture implements AutoCloseable {
    static final int HOISTED = 8;
    /** sigmoid(4x) on [-1, 1]: a degree-15 Chebyshev interpolant, depth 4. */
    static final int POLYNOMIAL_DEGREE = 15;

    final CkksParameters params;
    private final CkksContext context;
    private final Backend backend;
    private final SecretKey secretKey;
    private final EvaluationKeySet keys;
    private final Evaluator evaluator;
    private final PolynomialEvaluator polys;
    private final Encoder encoder;
    private final Encryptor encryptor;
    private final Decryptor decryptor;
    private final ComplexVector x;
    private final ComplexVector y;
    private final double[] real;
    private final ChebyshevSeries sigmoid;
    private final Ciphertext a;
    private final Ciphertext b;
    private final Ciphertext r;
    private final Plaintext plaintext;
    private final DevicePoly poly;
    private final DevicePoly polyOut;
    private final Ciphertext out = Ciphertext.empty();
    private final Ciphertext[] outs = new Ciphertext[HOISTED];
    private final int[] steps = new int[HOISTED];

    QuickFixture(CkksParametersLiteral literal, Backend backend) {
        this.params = CkksParameters.of(literal);
        this.backend = backend;
        context = new CkksContext(params, backend);
        KeyGenerator keygen = new KeyGenerator(context, RandomSources.deterministic(1));
        secretKey = keygen.genSecretKey();
        for (int i = 0; i < HOISTED; i++) {
            steps[i] = i + 1;
            outs[i] = Ciphertext.empty();
        }
        keys = keygen.genEvaluationKeySet(secretKey, true, steps, false);
        evaluator = new Evaluator(context, keys);
        polys = new PolynomialEvaluator(evaluator);
        encoder = new Encoder(context);
        decryptor = new Decryptor(context, secretKey);
        Random random = new Random(3);
        x = randomVector(random, true);
        y = randomVector(random, true);
        real = randomVector(random, false).re();
        sigmoid = PolynomialBenchmark.interpolate(v -> 1 / (1 + Math.exp(-4 * v)), POLYNOMIAL_DEGREE, false);
        Encryptor seeded = Encryptor.withSecretKey(context, secretKey, RandomSources.deterministic(2));
        plaintext = encoder.encodeNew(x, params.maxLevel(), params.defaultScale());
        a = seeded.encryptNew(plaintext);
        try (Plaintext py = encoder.encodeNew(y, params.maxLevel(), params.defaultScale());
             Plaintext pr = encoder.encodeNew(ComplexVector.real(real), params.maxLevel(), params.defaultScale())) {
            b = seeded.encryptNew(py);
            r = seeded.encryptNew(pr);
        }
        encryptor = Encryptor.withPublicKey(context, keygen.genPublicKey(secretKey), RandomSources.deterministic(4));
        poly = context.allocateQ(params.maxLevel());
        polyOut = context.allocateQ(params.maxLevel());
        backend.copy(a.part(1), poly);
    }

    /** logN 12 or 13; Q = 55 + 7 x 45 bits, P = 2 x 61 bits, scale 2^45, ternary secret: test-only sizes. */
    static CkksParametersLiteral literal(int logN) {
        if (logN < 12 || logN > 13) {
            throw new IllegalArgumentException("the quick suite runs at logN 12 or 13, not " + logN);
        }
        return new CkksParametersLiteral(logN, concat(new int[] {55}, repeat(45, 7)), repeat(61, 2), 45,
                SecretDistribution.uniformTernary(), 0, true);
    }

    private ComplexVector randomVector(Random random, boolean complex) {
        int slots = params.maxSlots();
        double[] re = new double[slots];
        double[] im = new double[slots];
        for (int j = 0; j < slots; j++) {
            re[j] = 2 * random.nextDouble() - 1;
            im[j] = complex ? 2 * random.nextDouble() - 1 : 0;
        }
        return new ComplexVector(re, im);
    }

    /** The timed operations, each one call's worth of work on reused inputs and outputs. */
    List<RoundRobinSampler.Op> ops() {
        List<RoundRobinSampler.Op> ops = new ArrayList<>();
        ops.add(new RoundRobinSampler.Op("ntt.forward", () -> backend.ntt(poly, polyOut)));
        ops.add(new RoundRobinSampler.Op("ntt.inverse", () -> backend.intt(poly, polyOut)));
        ops.add(new RoundRobinSampler.Op("encode", () -> encoder.encode(x, plaintext)));
        ops.add(new RoundRobinSampler.Op("encrypt", () -> encryptor.encrypt(plaintext, out)));
        ops.add(new RoundRobinSampler.Op("decrypt", () -> {
            try (Plaintext p = decryptor.decryptNew(a)) {
                encoder.decode(p);
            }
        }));
        ops.add(new RoundRobinSampler.Op("multiplyRelinearize", () -> evaluator.multiplyRelin(a, b, out)));
        ops.add(new RoundRobinSampler.Op("rescale", () -> evaluator.rescale(a, out)));
        ops.add(new RoundRobinSampler.Op("rotate", () -> evaluator.rotate(a, 1, out)));
        ops.add(new RoundRobinSampler.Op("rotateHoisted8", () -> {
            try (HoistedDecomposition dec = evaluator.decompose(a)) {
                for (int i = 0; i < HOISTED; i++) {
                    evaluator.rotateHoisted(a, dec, steps[i], outs[i]);
                }
            }
        }));
        ops.add(new RoundRobinSampler.Op("polynomial.degree" + POLYNOMIAL_DEGREE,
                () -> polys.evaluate(r, sigmoid).close()));
        return ops;
    }

    /** Precision (log2 of the error against float64) of each kind of operation, at the fixture's fixed seeds. */
    void precision(MetricCollector metrics) {
        int slots = params.maxSlots();
        add(metrics, "encryptDecrypt", x, a);
        double[] pre = new double[slots];
        double[] pim = new double[slots];
        double[] rre = new double[slots];
        double[] rim = new double[slots];
        double[] sre = new double[slots];
        for (int j = 0; j < slots; j++) {
            pre[j] = x.re()[j] * y.re()[j] - x.im()[j] * y.im()[j];
            pim[j] = x.re()[j] * y.im()[j] + x.im()[j] * y.re()[j];
            rre[j] = x.re()[(j + 1) % slots];
            rim[j] = x.im()[(j + 1) % slots];
            sre[j] = sigmoid.evaluate(real[j]);
        }
        try (Ciphertext product = evaluator.multiplyRelinNew(a, b)) {
            evaluator.rescale(product, product);
            add(metrics, "multiplyRelinearize", new ComplexVector(pre, pim), product);
        }
        try (Ciphertext rotated = evaluator.rotateNew(a, 1)) {
            add(metrics, "rotate", new ComplexVector(rre, rim), rotated);
        }
        try (Ciphertext p = polys.evaluate(r, sigmoid)) {
            add(metrics, "polynomial.degree" + POLYNOMIAL_DEGREE, ComplexVector.real(sre), p);
        }
    }

    private void add(MetricCollector metrics, String what, ComplexVector want, Ciphertext ct) {
        PrecisionStats s;
        try (Plaintext p = decryptor.decryptNew(ct)) {
            s = PrecisionStats.compute(want, encoder.decode(p));
        }
        metrics.add("precision." + what + ".meanBits", "bits", Better.HIGHER, true, s.meanBits());
        metrics.add("precision." + what + ".minBits", "bits", Better.HIGHER, true, s.minBits());
    }

    @Override
    public void close() {
        out.close();
        for (Ciphertext c : outs) {
            c.close();
        }
        poly.close();
        polyOut.close();
        plaintext.close();
        a.close();
        b.close();
        r.close();
        keys.close();
        secretKey.close();
        context.close();
    }
}

package dev.olafhe.ckks;

import dev.olafhe.backend.Backend;
import dev.olafhe.backend.DevicePoly;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Client-side key generation: the secret key, the public key and the evaluation keys (relinearization,
 * Galois) that go to the evaluator in an {@link EvaluationKeySet}. Randomness comes from a
 * {@link java.security.SecureRandom} unless a (deterministic, test-only) source is given.
 */
public final class KeyGenerator {
    private final CkksContext context;
    private final Backend backend;
    private final Sampler sampler;
    private final boolean compactKeys;

    public KeyGenerator(CkksContext context) {
        this(context, RandomSources.secure());
    }

    public KeyGenerator(CkksContext context, Random random) {
        this(context, random, false);
    }

    /**
     * @param compactKeys when true, every switching key is returned compact ({@link SwitchingKey#dropUniformHalves}):
     *                    large key sets then never need their full size in memory, not even while generated
     */
    public KeyGenerator(CkksContext context, Random random, boolean compactKeys) {
        this.context = context;
        this.backend = context.backend();
        this.sampler = new Sampler(random);
        this.compactKeys = compactKeys;
    }

    private int topQ() {
        return context.params().maxLevel() + 1;
    }

    private int pCount() {
        return context.params().pCount();
    }

    /** A secret key with the parameters' secret distribution. */
    public SecretKey genSecretKey() {
        return genSecretKey(context.params().secret());
    }

    /**
     * A secret key drawn from {@code distribution} instead of the parameters' one: uniform ternary or a
     * fixed Hamming weight h (e.g. the sparse h = 32 secret that bootstrapping switches to). The security
     * check of the parameters assumed their own distribution; a sparser secret here is the caller's choice.
     *
     * @throws IllegalArgumentException when h exceeds N
     */
    public SecretKey genSecretKey(SecretDistribution distribution) {
        int n = context.params().n();
        if (distribution.hammingWeight() > n) {
            throw new IllegalArgumentException("cannot draw a secret with Hamming weight " + distribution.hammingWeight()
                    + " in a ring of degree N = " + n + "; choose h <= N");
        }
        long[] s = sampler.ternary(n, distribution);
        return new SecretKey(HostPolys.smallNtt(context, s, topQ(), pCount()));
    }

    /** pk = (−a·s + e, a) over Q_L. */
    public PublicKey genPublicKey(SecretKey sk) {
        DevicePoly a = HostPolys.uniformNtt(context, sampler, topQ(), 0);
        DevicePoly b = HostPolys.smallNtt(context, sampler.gaussian(context.params().n()), topQ(), 0);
        try (DevicePoly as = context.allocateQ(context.params().maxLevel())) {
            backend.mul(a, sk.value(), as);
            backend.sub(b, as, b);
        }
        return new PublicKey(b, a);
    }

    /** Relinearization key: switches s² to s. */
    public RelinearizationKey genRelinearizationKey(SecretKey sk) {
        return genRelinearizationKey(sk, context.params().maxLevel());
    }

    /**
     * Relinearization key for ciphertexts at levels ≤ {@code level} only: fewer limbs and digits, so less
     * memory when the circuit multiplies only below the top level (see {@link KeyMemoryReport}).
     */
    public RelinearizationKey genRelinearizationKey(SecretKey sk, int level) {
        try (DevicePoly s2 = context.allocateQP(context.params().maxLevel())) {
            backend.mul(sk.value(), sk.value(), s2);
            return new RelinearizationKey(genSwitchingKey(s2, sk.value(), level));
        }
    }

    /** Galois key for X -> X^g: switches s to σ_g^-1(s) (see {@link GaloisKey}). */
    public GaloisKey genGaloisKey(SecretKey sk, long galoisElement) {
        return genGaloisKey(sk, galoisElement, context.params().maxLevel());
    }

    /** Galois key for ciphertexts at levels ≤ {@code level} only. */
    public GaloisKey genGaloisKey(SecretKey sk, long galoisElement, int level) {
        long inverse = GaloisElements.inverse(galoisElement, context.params().logN());
        try (DevicePoly target = context.allocateQP(context.params().maxLevel())) {
            backend.automorphismNtt(sk.value(), inverse, target);
            return new GaloisKey(galoisElement, genSwitchingKey(sk.value(), target, level));
        }
    }

    /** Key for a left rotation by {@code step} slots. */
    public GaloisKey genRotationKey(SecretKey sk, int step) {
        return genGaloisKey(sk, GaloisElements.forRotation(step, context.params().logN()));
    }

    public GaloisKey genConjugationKey(SecretKey sk) {
        return genGaloisKey(sk, GaloisElements.forConjugation(context.params().logN()));
    }

    /**
     * Everything an evaluator needs for a circuit: the relinearization key (if asked), one Galois key per
     * distinct rotation step, and the conjugation key (if asked).
     */
    public EvaluationKeySet genEvaluationKeySet(SecretKey sk, boolean relinearization, int[] rotationSteps,
                                                boolean conjugation) {
        int logN = context.params().logN();
        Set<Long> elements = new LinkedHashSet<>();
        for (int step : rotationSteps) {
            elements.add(GaloisElements.forRotation(step, logN));
        }
        if (conjugation) {
            elements.add(GaloisElements.forConjugation(logN));
        }
        List<GaloisKey> keys = new ArrayList<>();
        for (long g : elements) {
            keys.add(genGaloisKey(sk, g));
        }
        return new EvaluationKeySet(relinearization ? genRelinearizationKey(sk) : null, keys);
    }

    /**
     * Key that re-encrypts ciphertexts under {@code from} into ciphertexts under {@code to} (apply it with
     * {@link Evaluator#switchKeys}); e.g. the dense-to-sparse keys of bootstrapping.
     */
    public SwitchingKey genSwitchingKey(SecretKey from, SecretKey to) {
        return genSwitchingKey(from.value(), to.value(), context.params().maxLevel());
    }

    /**
     * A switching key for ciphertexts at levels ≤ {@code level} only (Q limbs 0..level and P). Keys encrypted
     * under a sparse secret need this: their security rests on a small modulus (bootstrapping's dense-to-sparse
     * key lives at level 0, modulus q_0·P).
     */
    public SwitchingKey genSwitchingKey(SecretKey from, SecretKey to, int level) {
        return genSwitchingKey(from.value(), to.value(), level);
    }

    /**
     * Switching key at {@code level} from {@code from} to {@code to} (both over Q_L ∪ P, NTT): per digit
     * j of Q_level, b_j = −a_j·to + e_j + (P·g_j)·from, with every a_j expanded from one fresh seed.
     */
    SwitchingKey genSwitchingKey(DevicePoly from, DevicePoly to, int level) {
        CkksParameters params = context.params();
        context.checkLevel(level, "generate a switching key");
        int levels = level + 1;
        int dnum = params.digitCount(level);
        int alpha = params.digitSize();
        BigInteger qTop = BigInteger.ONE;
        for (int i = 0; i < levels; i++) {
            qTop = qTop.multiply(BigInteger.valueOf(params.q(i)));
        }
        BigInteger p = params.pProduct();
        DevicePoly[] b = new DevicePoly[dnum];
        DevicePoly[] a = new DevicePoly[dnum];
        byte[] seed = sampler.seed();
        try (DevicePoly tmp = context.allocateQP(level)) {
            for (int j = 0; j < dnum; j++) {
                BigInteger digitModulus = BigInteger.ONE;
                for (int i = j * alpha; i < Math.min(levels, (j + 1) * alpha); i++) {
                    digitModulus = digitModulus.multiply(BigInteger.valueOf(params.q(i)));
                }
                BigInteger rest = qTop.divide(digitModulus);
                // g_j: ≡ 1 mod the digit's primes, ≡ 0 mod the other Q primes
                BigInteger gadget = rest.multiply(rest.modInverse(digitModulus)).mod(qTop);
                a[j] = HostPolys.uniformNttFromSeed(context, seed, j, levels, params.pCount());
                b[j] = HostPolys.smallNtt(context, sampler.gaussian(params.n()), levels, params.pCount());
                backend.mul(a[j], to, tmp);
                backend.sub(b[j], tmp, b[j]);
                backend.mulScalar(from, p.multiply(gadget), tmp);
                backend.add(b[j], tmp, b[j]);
            }
        }
        SwitchingKey key = new SwitchingKey(b, a, seed);
        if (compactKeys) {
            key.dropUniformHalves();
        }
        return key;
    }
}

package dev.olafhe.ckks;

import dev.olafhe.backend.Backend;
import dev.olafhe.backend.DevicePoly;
import dev.olafhe.math.Crt;
import dev.olafhe.math.Modulus;
import dev.olafhe.math.SpecialFft;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * CKKS encoding (canonical embedding) between complex slot vectors and plaintext polynomials.
 *
 * <p>Conventions (ckks-notes §1.2): with n slots (a power of two, at most N/2), slot j is the evaluation
 * at ζ^(5^j); the special inverse FFT gives w, then Re(w_k) goes to coefficient k·g and Im(w_k) to
 * (k+n)·g with g = N/(2n) (sparse packing via Y = X^g; g = 1 for full slots). Coefficients are
 * round(Δ·value); values with |Δ·value| ≥ 2^62 are rounded through BigDecimal (still from a double, so
 * precision beyond 53 bits is not available).
 */
public final class Encoder {
    private static final double TWO_POW_62 = 0x1p62;

    private final CkksContext context;
    private final Backend backend;
    private final Modulus[] qModuli;
    private final Map<Integer, SpecialFft> ffts = new ConcurrentHashMap<>();
    private final Map<Integer, Crt> crts = new ConcurrentHashMap<>();

    public Encoder(CkksContext context) {
        this.context = context;
        this.backend = context.backend();
        long[] q = context.params().qModuli();
        qModuli = new Modulus[q.length];
        for (int i = 0; i < q.length; i++) {
            qModuli[i] = new Modulus(q[i]);
        }
    }

    /** Encodes real values at the given level and scale. */
    public Plaintext encodeNew(double[] values, int level, BigDecimal scale) {
        return encodeNew(ComplexVector.real(values), level, scale);
    }

    /**
     * Encodes complex values; the slot count is the length rounded up to a power of two (zero padded).
     *
     * @throws IllegalArgumentException if there are more values than N/2 slots or the level is invalid
     */
    public Plaintext encodeNew(ComplexVector values, int level, BigDecimal scale) {
        context.checkLevel(level, "encode");
        int logSlots = logSlotsFor(values.length());
        DevicePoly poly = context.allocateQ(level);
        Plaintext pt = new Plaintext(poly, level, scale, logSlots);
        encode(values, pt);
        return pt;
    }

    /** Encodes into an existing plaintext, using its level, scale and slot count. */
    public void encode(ComplexVector values, Plaintext out) {
        int slots = out.slots();
        if (values.length() > slots) {
            throw new IllegalArgumentException("cannot encode: " + values.length() + " values into " + slots + " slots");
        }
        long[][] limbs = residues(coefficients(values, slots, out.scale()), out.level());
        backend.upload(limbs, out.value());
        backend.ntt(out.value(), out.value());
    }

    /**
     * Encodes over Q_level ∪ P (NTT domain): the plaintext of a multiply-accumulate with lazy (not yet
     * ModDown'ed) ciphertexts, as double-hoisted linear transforms need. The slot count is the length
     * rounded up to a power of two. The caller owns the returned poly.
     */
    public DevicePoly encodeQP(ComplexVector values, int level, BigDecimal scale) {
        context.checkLevel(level, "encode over QP");
        Coefficients coeffs = coefficients(values, 1 << logSlotsFor(values.length()), scale);
        long[][] q = residues(coeffs, level);
        long[] pModuli = context.params().pModuli();
        long[][] limbs = java.util.Arrays.copyOf(q, level + 1 + pModuli.length);
        for (int j = 0; j < pModuli.length; j++) {
            Modulus m = new Modulus(pModuli[j]);
            long[] limb = new long[coeffs.small().length];
            for (int i = 0; i < limb.length; i++) {
                limb[i] = isSmall(coeffs, i) ? m.reduce(coeffs.small()[i]) : m.reduce(coeffs.large()[i]);
            }
            limbs[level + 1 + j] = limb;
        }
        DevicePoly poly = context.allocateQP(level);
        backend.upload(limbs, poly);
        backend.ntt(poly, poly);
        return poly;
    }

    private static boolean isSmall(Coefficients c, int i) {
        return c.large() == null || c.large()[i] == null;
    }

    /** Decodes the first {@code slots()} slot values. */
    public ComplexVector decode(Plaintext pt) {
        int n = pt.slots();
        int bigN = context.params().n();
        int gap = bigN / (2 * n);
        long[][] limbs;
        try (DevicePoly coeff = context.allocateQ(pt.level())) {
            backend.intt(pt.value(), coeff);
            limbs = backend.download(coeff);
        }
        double scale = pt.scale().doubleValue();
        double[] re = new double[n];
        double[] im = new double[n];
        Crt crt = crts.computeIfAbsent(pt.level(), l -> new Crt(java.util.Arrays.copyOf(context.params().qModuli(), l + 1)));
        long[] residues = new long[pt.level() + 1];
        for (int k = 0; k < 2 * n; k++) {
            int index = k * gap;
            double value;
            if (pt.level() == 0) {
                value = qModuli[0].centre(limbs[0][index]);
            } else {
                for (int l = 0; l < residues.length; l++) {
                    residues[l] = limbs[l][index];
                }
                value = crt.reconstructCentred(residues).doubleValue();
            }
            if (k < n) {
                re[k] = value / scale;
            } else {
                im[k - n] = value / scale;
            }
        }
        fft(n).forward(re, im);
        return new ComplexVector(re, im);
    }

    int logSlotsFor(int length) {
        int max = context.params().maxSlots();
        if (length < 1 || length > max) {
            throw new IllegalArgumentException("cannot encode " + length + " values: between 1 and " + max + " slots");
        }
        return 32 - Integer.numberOfLeadingZeros(length - 1);
    }

    private SpecialFft fft(int n) {
        return ffts.computeIfAbsent(n, SpecialFft::new);
    }

    /**
     * Integer coefficients of an encoded message: {@code small[i]}, unless {@code large[i]} is set for a
     * coefficient that does not fit a long.
     */
    record Coefficients(long[] small, BigInteger[] large) {
    }

    Coefficients coefficients(ComplexVector values, int slots, BigDecimal scale) {
        int bigN = context.params().n();
        double[] re = java.util.Arrays.copyOf(values.re(), slots);
        double[] im = java.util.Arrays.copyOf(values.im(), slots);
        fft(slots).inverse(re, im);
        int gap = bigN / (2 * slots);
        Coefficients coeffs = new Coefficients(new long[bigN], new BigInteger[bigN]);
        double delta = scale.doubleValue();
        for (int k = 0; k < slots; k++) {
            quantize(re[k], delta, scale, coeffs, k * gap);
            quantize(im[k], delta, scale, coeffs, (k + slots) * gap);
        }
        return coeffs;
    }

    private static void quantize(double value, double delta, BigDecimal scale, Coefficients out, int index) {
        double scaled = value * delta;
        if (Math.abs(scaled) < TWO_POW_62) {
            out.small()[index] = Math.round(scaled);
        } else if (Double.isFinite(value)) {
            out.large()[index] = new BigDecimal(value).multiply(scale).setScale(0, RoundingMode.HALF_EVEN).toBigIntegerExact();
        } else {
            throw new IllegalArgumentException("cannot encode non-finite value " + value);
        }
    }

    /** Reduces the coefficients into limbs 0..level. */
    long[][] residues(Coefficients coeffs, int level) {
        long[] small = coeffs.small();
        BigInteger[] large = coeffs.large();
        int bigN = small.length;
        long[][] limbs = new long[level + 1][bigN];
        for (int l = 0; l <= level; l++) {
            Modulus m = qModuli[l];
            long[] limb = limbs[l];
            for (int i = 0; i < bigN; i++) {
                limb[i] = large == null || large[i] == null ? m.reduce(small[i]) : m.reduce(large[i]);
            }
        }
        return limbs;
    }
}

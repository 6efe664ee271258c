package dev.olafhe.ckks;

import dev.olafhe.math.Primes;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Validated, immutable CKKS parameters with the primes generated and the derived quantities
 * (max level, slots, key-switching digits, key sizes, log2 QP). Create with {@link #of}.
 *
 * <p>Validation refuses parameters above the 128-bit security bound ({@link SecurityStandard}) unless the
 * literal is marked test-only; such objects say "INSECURE/test-only" in {@link #toString()} ({@link SecurityPolicy}).
 * Key switching uses digits of α = ⌈(L+1)/dnum⌉ consecutive Q primes; P must be at least as large as the
 * largest digit so that key-switching noise stays below the scale.
 */
public final class CkksParameters {
    /** The ring degrees this library supports: 2^4 .. 2^17. */
    public static final int MIN_LOG_N = 4;
    public static final int MAX_LOG_N = 17;

    private final CkksParametersLiteral literal;
    private final long[] qModuli;
    private final long[] pModuli;
    private final int dnum;
    private final int digitSize;
    private final double logQP;
    private final Optional<String> securityViolation;

    private CkksParameters(CkksParametersLiteral literal, long[] q, long[] p, int dnum, int digitSize, double logQP,
                           Optional<String> securityViolation) {
        this.literal = literal;
        this.qModuli = q;
        this.pModuli = p;
        this.dnum = dnum;
        this.digitSize = digitSize;
        this.logQP = logQP;
        this.securityViolation = securityViolation;
    }

    /**
     * Validates the literal and generates its primes.
     *
     * @throws IllegalArgumentException with the reason when the literal is malformed, or above the 128-bit
     *                                  security bound without {@code testOnly}
     */
    public static CkksParameters of(CkksParametersLiteral lit) {
        List<String> problems = literalProblems(lit);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid CKKS parameters: " + String.join("; ", problems));
        }
        int levels = lit.logQ().length;
        int digitSize = lit.dnum() == 0 ? lit.logP().length : (levels + lit.dnum() - 1) / lit.dnum();
        int dnum = (levels + digitSize - 1) / digitSize;

        long[] q = Primes.nttFriendlyPrimes(lit.logN(), lit.logQ(), List.of());
        long[] p = Primes.nttFriendlyPrimes(lit.logN(), lit.logP(), Arrays.stream(q).boxed().toList());
        double logPTotal = log2Sum(p, 0, p.length);
        requireSpecialPrimesCoverDigits(q, logPTotal, digitSize, dnum);
        double logQP = log2Sum(q, 0, q.length) + logPTotal;
        Optional<String> violation = SecurityStandard.violation(lit.logN(), lit.secret(), logQP);
        if (violation.isPresent() && !lit.testOnly()) {
            throw new IllegalArgumentException(SecurityPolicy.belowBound(violation.get()));
        }
        return new CkksParameters(lit, q, p, dnum, digitSize, logQP, violation);
    }

    /** What is wrong with the literal before any prime is generated; empty when nothing is. */
    private static List<String> literalProblems(CkksParametersLiteral lit) {
        int logN = lit.logN();
        int[] logQ = lit.logQ();
        List<String> problems = new ArrayList<>();
        if (logN < MIN_LOG_N || logN > MAX_LOG_N) {
            problems.add("logN must be in [" + MIN_LOG_N + ", " + MAX_LOG_N + "], got " + logN);
        }
        if (logQ.length == 0) {
            problems.add("logQ needs at least one prime");
        }
        if (lit.logP().length == 0) {
            problems.add("logP needs at least one special prime (hybrid key switching)");
        }
        if (lit.logDefaultScale() < 1 || lit.logDefaultScale() > 60) {
            problems.add("logDefaultScale must be in [1, 60], got " + lit.logDefaultScale());
        }
        if (lit.secret() == null) {
            problems.add("secret distribution is missing");
        } else if (lit.secret().hammingWeight() > (1 << Math.min(Math.max(logN, 0), 30))) {
            problems.add("Hamming weight " + lit.secret().hammingWeight() + " exceeds N");
        }
        if (lit.dnum() < 0 || lit.dnum() > logQ.length) {
            problems.add("dnum must be in [0, #Q = " + logQ.length + "], got " + lit.dnum());
        }
        return problems;
    }

    /** P must be at least as large as the largest key-switching digit, or key-switching noise exceeds the scale. */
    private static void requireSpecialPrimesCoverDigits(long[] q, double logPTotal, int digitSize, int dnum) {
        double maxDigitBits = 0;
        for (int d = 0; d < dnum; d++) {
            maxDigitBits = Math.max(maxDigitBits, log2Sum(q, d * digitSize, Math.min(q.length, (d + 1) * digitSize)));
        }
        if (logPTotal + 1e-9 < maxDigitBits) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "invalid CKKS parameters: P has %.1f bits but the largest key-switching digit (%d primes) has %.1f;"
                            + " add special primes or raise dnum", logPTotal, digitSize, maxDigitBits));
        }
    }

    /** Σ log2 of {@code moduli[from..to)}, added in index order. */
    private static double log2Sum(long[] moduli, int from, int to) {
        double bits = 0;
        for (int i = from; i < to; i++) {
            bits += log2(moduli[i]);
        }
        return bits;
    }

    private static double log2(long v) {
        return Math.log(v) / Math.log(2);
    }

    public CkksParametersLiteral literal() {
        return literal;
    }

    public int logN() {
        return literal.logN();
    }

    public int n() {
        return 1 << literal.logN();
    }

    /** log2 of the maximum number of complex slots (N/2). */
    public int logMaxSlots() {
        return literal.logN() - 1;
    }

    public int maxSlots() {
        return n() / 2;
    }

    /** L: the top level (index of the last Q prime). */
    public int maxLevel() {
        return qModuli.length - 1;
    }

    public long[] qModuli() {
        return qModuli.clone();
    }

    public long[] pModuli() {
        return pModuli.clone();
    }

    public long q(int i) {
        return qModuli[i];
    }

    public int pCount() {
        return pModuli.length;
    }

    /** Number of key-switching digits at the top level. */
    public int dnum() {
        return dnum;
    }

    /** α: number of consecutive Q primes per key-switching digit. */
    public int digitSize() {
        return digitSize;
    }

    /** Number of digits a level-ℓ polynomial decomposes into. */
    public int digitCount(int level) {
        return (level + digitSize) / digitSize;
    }

    /** Exact log2 of Q_L · P (what the security bound limits). */
    public double logQP() {
        return logQP;
    }

    public int logDefaultScale() {
        return literal.logDefaultScale();
    }

    public BigDecimal defaultScale() {
        return new BigDecimal(BigInteger.ONE.shiftLeft(literal.logDefaultScale()));
    }

    public SecretDistribution secret() {
        return literal.secret();
    }

    /** True when the literal asked for test-only (possibly insecure) parameters. */
    public boolean isTestOnly() {
        return literal.testOnly();
    }

    /** Why these parameters are below 128-bit security, empty when they meet the bound. */
    public Optional<String> securityViolation() {
        return securityViolation;
    }

    /** P = ∏ p_j. */
    public BigInteger pProduct() {
        BigInteger p = BigInteger.ONE;
        for (long v : pModuli) {
            p = p.multiply(BigInteger.valueOf(v));
        }
        return p;
    }

    /** Bytes of one switching key (relinearization or Galois) at the top level: dnum·2·(L+1+K)·N·8. */
    public long switchingKeyBytes() {
        return (long) dnum * 2 * (qModuli.length + pModuli.length) * n() * 8L;
    }

    /** Bytes of one ciphertext of degree 1 at the top level: 2·(L+1)·N·8. */
    public long ciphertextBytes() {
        return 2L * qModuli.length * n() * 8L;
    }

    /** The parameters in one line, without a security label (see {@link SecurityPolicy#describe}). */
    public String summary() {
        return String.format(Locale.ROOT,
                "CKKS logN=%d, slots=%d, logQ=%s, logP=%s, logQP=%.1f, L=%d, scale=2^%d, secret=%s, dnum=%d (α=%d), "
                        + "switching key=%.1f MiB",
                logN(), maxSlots(), Arrays.toString(literal.logQ()), Arrays.toString(literal.logP()), logQP, maxLevel(),
                logDefaultScale(), secret(), dnum, digitSize, switchingKeyBytes() / 1048576.0);
    }

    /**
     * The {@link #summary} with the parameters' own security label ({@link SecurityPolicy#label} for CSPRNG keys);
     * where keys may be deterministic, print {@link SecurityPolicy#describe} instead.
     */
    @Override
    public String toString() {
        return SecurityPolicy.describe(this, false);
    }
}

package dev.olafhe.ckks;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.Locale;

/** The operand checks and scale arithmetic the evaluator's operations share; errors name the operation. */
final class EvaluatorChecks {
    private static final BigDecimal SCALE_TOLERANCE = new BigDecimal("1e-30");

    private EvaluatorChecks() {
    }

    /** Whether two scales are equal within the bookkeeping tolerance (relative 10^-30). */
    static boolean sameScale(BigDecimal a, BigDecimal b) {
        BigDecimal diff = a.subtract(b).abs();
        return diff.compareTo(a.abs().multiply(SCALE_TOLERANCE)) <= 0;
    }

    static void requireCompatible(Ciphertext a, int levelB, BigDecimal scaleB, String op) {
        if (a.level() != levelB) {
            throw new IllegalArgumentException("cannot " + op + ": operands are at different levels (" + a.level()
                    + " and " + levelB + "); drop the higher one first");
        }
        if (!sameScale(a.scale(), scaleB)) {
            throw new IllegalArgumentException("cannot " + op + ": operands have different scales (2^"
                    + log2(a.scale()) + " and 2^" + log2(scaleB) + ")");
        }
    }

    static void requireSameLevel(Ciphertext a, Ciphertext b, String op) {
        if (a.level() != b.level()) {
            throw new IllegalArgumentException("cannot " + op + ": operands are at different levels (" + a.level()
                    + " and " + b.level() + ")");
        }
    }

    static void requireDegree(Ciphertext a, int max, String op) {
        if (a.degree() < 1 || a.degree() > max) {
            throw new IllegalArgumentException("cannot " + op + ": ciphertext has degree " + a.degree()
                    + " (expected 1" + (max > 1 ? ".." + max : "") + ")");
        }
    }

    static void requirePlaintextLevel(Ciphertext a, Plaintext pt, String op) {
        if (pt.level() < a.level()) {
            throw new IllegalArgumentException("cannot " + op + ": plaintext level " + pt.level()
                    + " is below the ciphertext level " + a.level());
        }
    }

    static void requirePlaintextScale(Ciphertext a, Plaintext pt, String op) {
        if (!sameScale(a.scale(), pt.scale())) {
            throw new IllegalArgumentException("cannot " + op + ": ciphertext scale 2^" + log2(a.scale())
                    + " differs from plaintext scale 2^" + log2(pt.scale()));
        }
    }

    static void requireDecomposition(Ciphertext a, HoistedDecomposition dec, String op) {
        if (dec.level() != a.level()) {
            throw new IllegalArgumentException("cannot " + op + ": decomposition is at level " + dec.level()
                    + " but the ciphertext at level " + a.level());
        }
    }

    static String log2(BigDecimal scale) {
        return String.format(Locale.ROOT, "%.6f", Math.log(scale.doubleValue()) / Math.log(2));
    }

    static BigInteger roundToInteger(BigDecimal x) {
        return x.setScale(0, RoundingMode.HALF_EVEN).toBigIntegerExact();
    }

    static boolean isSmallInteger(double c) {
        return c == Math.rint(c) && Math.abs(c) < 0x1p53;
    }
}

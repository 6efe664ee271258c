package dev.olafhe.ckks;

import java.util.Map;
import java.util.Optional;

/**
 * 128-bit classical security bounds on log2(QP) from the HomomorphicEncryption.org standard tables
 * (uniform ternary secret, σ = 3.2), plus the sparse-secret bound h = 192 at logN 16 used by Lattigo and
 * FHE-MP-CNN. Other sparse weights have no vetted bound here and are refused.
 */
public final class SecurityStandard {
    private static final Map<Integer, Integer> TERNARY_MAX_LOG_QP = Map.of(
            10, 27, 11, 54, 12, 109, 13, 218, 14, 438, 15, 881, 16, 1747, 17, 3523);
    private static final int SPARSE_H = 192;
    private static final int SPARSE_LOG_N = 16;
    private static final int SPARSE_MAX_LOG_QP = 1550;

    private SecurityStandard() {
    }

    /** The largest log2(QP) at 128-bit security for this ring degree and secret, if the table has one. */
    public static Optional<Integer> maxLogQP(int logN, SecretDistribution secret) {
        if (secret.isUniformTernary()) {
            return Optional.ofNullable(TERNARY_MAX_LOG_QP.get(logN));
        }
        if (secret.hammingWeight() == SPARSE_H && logN == SPARSE_LOG_N) {
            return Optional.of(SPARSE_MAX_LOG_QP);
        }
        return Optional.empty();
    }

    /** Why the parameters are not 128-bit secure, or empty when they are. */
    public static Optional<String> violation(int logN, SecretDistribution secret, double logQP) {
        Optional<Integer> max = maxLogQP(logN, secret);
        if (max.isEmpty()) {
            return Optional.of("no 128-bit security bound known for logN " + logN + " with a " + secret
                    + " secret (known: ternary logN 10-17, h=192 at logN 16)");
        }
        if (logQP > max.get()) {
            return Optional.of(String.format(java.util.Locale.ROOT,
                    "log2(QP) = %.1f exceeds the 128-bit bound %d for logN %d with a %s secret",
                    logQP, max.get(), logN, secret));
        }
        return Optional.empty();
    }
}

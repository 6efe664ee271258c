package dev.olafhe.ckks;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The one rule for what runs only with {@value #INSECURE_FLAG} and what may be called secure. A run is 128-bit secure
 * only when its parameters meet the 128-bit bound ({@link SecurityStandard}) and its keys and encryptions draw from a
 * CSPRNG ({@link RandomSources#secure()}). Parameters below the bound (a test-only literal, e.g. the INSECURE
 * presets) and deterministic randomness ({@code --seed}: whoever knows the seed recomputes the secret key) are
 * refused unless the user allows them with {@value #INSECURE_FLAG}, and are labelled INSECURE wherever parameters are
 * reported ({@link #label}, {@link #describe}).
 */
public final class SecurityPolicy {
    /** The command-line flag that allows what this policy refuses (every command that can run insecurely has it). */
    public static final String INSECURE_FLAG = "--insecure";

    private SecurityPolicy() {
    }

    /**
     * Whether {@code random} is deterministic (not a CSPRNG): {@link RandomSources#deterministic} and every
     * {@link Random} that is not a {@link SecureRandom}.
     */
    public static boolean isDeterministic(Random random) {
        return !(random instanceof SecureRandom);
    }

    /** Refuses deterministic randomness unless {@code insecureAllowed}; needs no parameters, so call it first. */
    public static void requireRandomness(boolean deterministic, boolean insecureAllowed) {
        if (deterministic && !insecureAllowed) {
            throw new IllegalArgumentException("--seed makes keys and encryption deterministic: whoever knows the "
                    + "seed can recompute the secret key (INSECURE: tests and reproducible demos only); add "
                    + INSECURE_FLAG + " to use it anyway");
        }
    }

    /**
     * Refuses a test-only parameter literal (an INSECURE preset, or parameters below the 128-bit bound) unless
     * {@code insecureAllowed}; {@code what} names it (e.g. "--bootstrapping logn11-insecure").
     */
    public static void requireParameters(boolean testOnly, String what, boolean insecureAllowed) {
        if (testOnly && !insecureAllowed) {
            throw new IllegalArgumentException(what + " is INSECURE (test-only parameters below 128-bit security); "
                    + "add " + INSECURE_FLAG + " to use it anyway (tests, demos)");
        }
    }

    /** The message of {@link CkksParameters#of} when parameters are below the bound and the literal is not test-only. */
    static String belowBound(String violation) {
        return "refusing CKKS parameters below 128-bit security: " + violation + "; add " + INSECURE_FLAG
                + " to use them anyway (tests, demos; in code: a test-only literal)";
    }

    /**
     * How secure {@code params} with keys and encryptions from deterministic (or CSPRNG) randomness are, in brackets
     * after the parameters: "128-bit secure" only when the parameters meet the bound, are not test-only, and the
     * randomness is a CSPRNG; otherwise what is INSECURE and why.
     */
    public static String label(CkksParameters params, boolean deterministic) {
        List<String> weaknesses = new ArrayList<>();
        params.securityViolation().ifPresent(weaknesses::add);
        if (deterministic) {
            weaknesses.add("deterministic keys and encryption (--seed)");
        }
        if (!weaknesses.isEmpty()) {
            return (params.isTestOnly() ? "INSECURE/test-only: " : "INSECURE: ") + String.join("; ", weaknesses);
        }
        return params.isTestOnly() ? "test-only (meets the 128-bit bound)" : "128-bit secure";
    }

    /** The parameters in one line with their {@link #label} (what commands print as "parameters"). */
    public static String describe(CkksParameters params, boolean deterministic) {
        return params.summary() + " [" + label(params, deterministic) + "]";
    }

    /** Where keys and encryptions get their randomness, in words (what commands print as "randomness"). */
    public static String describeRandomness(Long seed) {
        return seed == null ? "SecureRandom (CSPRNG)" : "deterministic seed " + seed + " (INSECURE, reproducible)";
    }
}

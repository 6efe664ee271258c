package dev.olafhe.ckks;

import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** "128-bit secure" only for secure parameters and CSPRNG keys; every INSECURE choice needs --insecure. */
class SecurityPolicyTest {
    private static final CkksParameters SECURE = CkksParameters.of(DemoCircuit.preset(13));
    private static final CkksParameters BELOW_BOUND = CkksParameters.of(DemoCircuit.preset(11));

    @Test
    void onlySecureParametersWithCsprngKeysAreLabelledSecure() {
        assertEquals("128-bit secure", SecurityPolicy.label(SECURE, false));
        assertEquals("INSECURE: deterministic keys and encryption (--seed)", SecurityPolicy.label(SECURE, true));
        assertTrue(SecurityPolicy.label(BELOW_BOUND, false).startsWith("INSECURE/test-only: log2(QP) = "),
                SecurityPolicy.label(BELOW_BOUND, false));
        assertTrue(SecurityPolicy.label(BELOW_BOUND, true).endsWith("; deterministic keys and encryption (--seed)"));
        assertEquals("test-only (meets the 128-bit bound)",
                SecurityPolicy.label(CkksParameters.of(DemoCircuit.preset(13).asTestOnly()), false));
        // the parameters alone print as before (committed benchmark reports hold this text)
        assertEquals(SecurityPolicy.describe(SECURE, false), SECURE.toString());
        assertTrue(SECURE.toString().endsWith(" [128-bit secure]"), SECURE.toString());
        assertEquals(SECURE.summary() + " [INSECURE: deterministic keys and encryption (--seed)]",
                SecurityPolicy.describe(SECURE, true));
    }

    @Test
    void deterministicRandomnessIsEveryRandomButASecureRandom() {
        assertTrue(SecurityPolicy.isDeterministic(RandomSources.deterministic(1)));
        assertTrue(SecurityPolicy.isDeterministic(new Random()));
        assertFalse(SecurityPolicy.isDeterministic(RandomSources.secure()));
        assertFalse(SecurityPolicy.isDeterministic(new SecureRandom()));
    }

    @Test
    void insecureChoicesAreRefusedWithoutTheFlagNamingIt() {
        IllegalArgumentException seed = assertThrows(IllegalArgumentException.class,
                () -> SecurityPolicy.requireRandomness(true, false));
        assertTrue(seed.getMessage().contains("add --insecure"), seed.getMessage());
        assertDoesNotThrow(() -> SecurityPolicy.requireRandomness(true, true));
        assertDoesNotThrow(() -> SecurityPolicy.requireRandomness(false, false));
        IllegalArgumentException preset = assertThrows(IllegalArgumentException.class,
                () -> SecurityPolicy.requireParameters(true, "--logn 11", false));
        assertEquals("--logn 11 is INSECURE (test-only parameters below 128-bit security); add --insecure to use it "
                + "anyway (tests, demos)", preset.getMessage());
        assertDoesNotThrow(() -> SecurityPolicy.requireParameters(true, "--logn 11", true));
        // parameters below the bound from a literal that is not test-only: the refusal names the real flag
        IllegalArgumentException below = assertThrows(IllegalArgumentException.class,
                () -> CkksParameters.of(new CkksParametersLiteral(11, new int[] {50, 35, 35, 35}, new int[] {50}, 35,
                        SecretDistribution.uniformTernary(), 0, false)));
        assertTrue(below.getMessage().startsWith("refusing CKKS parameters below 128-bit security: log2(QP) = "),
                below.getMessage());
        assertTrue(below.getMessage().endsWith("; add --insecure to use them anyway (tests, demos; in code: a "
                + "test-only literal)"), below.getMessage());
    }
}

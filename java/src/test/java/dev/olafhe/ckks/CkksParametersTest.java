package dev.olafhe.ckks;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static dev.olafhe.ckks.CkksParametersLiteral.concat;
import static dev.olafhe.ckks.CkksParametersLiteral.repeat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CkksParametersTest {
    private static CkksParametersLiteral literal(int logN, int[] logQ, int[] logP, SecretDistribution secret, boolean testOnly) {
        return new CkksParametersLiteral(logN, logQ, logP, 40, secret, 0, testOnly);
    }

    @ParameterizedTest(name = "logN={0}: {1}×{2} + {3}×61 bits")
    @CsvSource({"13, 3, 50, 1", "14, 7, 50, 1", "15, 13, 55, 2", "16, 26, 50, 4"})
    void acceptsCompliantTernaryParameters(int logN, int count, int bits, int pCount) {
        CkksParameters p = CkksParameters.of(literal(logN, repeat(bits, count), repeat(61, pCount),
                SecretDistribution.uniformTernary(), false));
        assertTrue(p.securityViolation().isEmpty());
        assertFalse(p.isTestOnly());
        assertTrue(p.toString().contains("128-bit secure"), p.toString());
        assertTrue(p.logQP() <= SecurityStandard.maxLogQP(logN, SecretDistribution.uniformTernary()).orElseThrow());
    }

    @ParameterizedTest(name = "logN={0}: {1}×{2} bits")
    @CsvSource({"13, 5, 45", "14, 9, 50", "15, 17, 55", "16, 36, 50"})
    void refusesOversizedModulusWithTheReason(int logN, int count, int bits) {
        CkksParametersLiteral lit = literal(logN, repeat(bits, count), repeat(61, 2), SecretDistribution.uniformTernary(), false);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CkksParameters.of(lit));
        assertTrue(e.getMessage().contains("exceeds the 128-bit bound"), e.getMessage());
        CkksParameters insecure = CkksParameters.of(lit.asTestOnly());
        assertTrue(insecure.toString().contains("INSECURE/test-only"), insecure.toString());
    }

    @Test
    void sparseSecretBoundAtLogN16AndRefusalOfUnknownWeights() {
        int[] logQ = concat(new int[] {60}, repeat(45, 28));
        int[] logP = repeat(61, 3); // 60 + 1260 + 183 = 1503 ≤ 1550
        CkksParameters ok = CkksParameters.of(new CkksParametersLiteral(16, logQ, logP, 45,
                SecretDistribution.fixedHammingWeight(192), 10, false));
        assertTrue(ok.securityViolation().isEmpty(), ok.toString());
        int[] tooBig = concat(logQ, repeat(45, 2));
        assertThrows(IllegalArgumentException.class, () -> CkksParameters.of(new CkksParametersLiteral(16, tooBig, logP,
                45, SecretDistribution.fixedHammingWeight(192), 10, false)));
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> CkksParameters.of(
                literal(15, repeat(40, 3), repeat(61, 1), SecretDistribution.fixedHammingWeight(64), false)));
        assertTrue(unknown.getMessage().contains("no 128-bit security bound"), unknown.getMessage());
    }

    @Test
    void derivedQuantities() {
        CkksParameters p = CkksParameters.of(new CkksParametersLiteral(12, new int[] {55, 40, 40, 40, 40},
                new int[] {61, 61}, 40, SecretDistribution.uniformTernary(), 0, true));
        assertEquals(4, p.maxLevel());
        assertEquals(2048, p.maxSlots());
        assertEquals(2, p.digitSize());
        assertEquals(3, p.dnum());
        assertEquals(3, p.digitCount(4));
        assertEquals(1, p.digitCount(1));
        assertEquals(3L * 2 * 7 * 4096 * 8, p.switchingKeyBytes());
        assertEquals(55 + 4 * 40 + 2 * 61, p.logQP(), 0.01);
        CkksParameters explicit = CkksParameters.of(p.literal().withDnum(5));
        assertEquals(1, explicit.digitSize());
        assertEquals(5, explicit.dnum());
    }

    @Test
    void refusesSpecialModulusSmallerThanADigit() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CkksParameters.of(
                new CkksParametersLiteral(12, new int[] {55, 40, 40, 40}, new int[] {50}, 40,
                        SecretDistribution.uniformTernary(), 1, true)));
        assertTrue(e.getMessage().contains("largest key-switching digit"), e.getMessage());
    }

    @Test
    void refusesMalformedLiteralsWithAllReasons() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CkksParameters.of(
                new CkksParametersLiteral(3, new int[0], new int[0], 0, SecretDistribution.uniformTernary(), 0, true)));
        assertTrue(e.getMessage().contains("logN") && e.getMessage().contains("logQ") && e.getMessage().contains("logP"),
                e.getMessage());
    }
}

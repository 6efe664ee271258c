package dev.olafhe.bench;

import dev.olafhe.ckks.CkksParameters;
import dev.olafhe.ckks.CkksParametersLiteral;
import dev.olafhe.ckks.SecretDistribution;
import dev.olafhe.util.JsonInput;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A benchmark parameter file (bench/params/README.md): the ring, the Q and P chains as prime sizes, the scale, the
 * secret, dnum, and whether the set is test-only, as JSON, so that the same set can be given to another library and
 * its numbers set next to ours. Read as untrusted input: every field checked, the set validated (the security bound
 * unless test-only) by {@link CkksParameters#of}.
 *
 * @param name    what the set is called in records ({@code parameterFile})
 * @param literal the parameter set
 */
record ParameterFile(String name, CkksParametersLiteral literal) {
    private static final int MAX_BYTES = 64 * 1024;

    static ParameterFile read(Path file) throws IOException {
        JsonInput root = JsonInput.readObject(file, MAX_BYTES, "an OLA-FHE benchmark parameter file");
        root.onlyFields("name", "description", "logN", "logQ", "logP", "logScale", "secret", "dnum", "testOnly");
        int logN = root.field("logN").smallInteger(CkksParameters.MIN_LOG_N, CkksParameters.MAX_LOG_N);
        int[] logQ = root.field("logQ").integerArray(1, 256, logN + 2, 61);
        int[] logP = root.field("logP").integerArray(1, 64, logN + 2, 61);
        int logScale = root.field("logScale").smallInteger(logN + 2, 60);
        int dnum = root.field("dnum").smallInteger(0, logQ.length);
        JsonInput testOnly = root.optionalField("testOnly");
        CkksParametersLiteral literal = new CkksParametersLiteral(logN, logQ, logP, logScale,
                secret(root.field("secret")), dnum, testOnly != null && testOnly.bool());
        try {
            CkksParameters.of(literal);
        } catch (IllegalArgumentException e) {
            throw root.problem("the parameter set is not valid: " + e.getMessage());
        }
        return new ParameterFile(root.field("name").string(), literal);
    }

    /** "ternary" (uniform over {-1, 0, 1}) or {"hammingWeight": h} (exactly h non-zero ±1 coefficients). */
    private static SecretDistribution secret(JsonInput s) throws IOException {
        if (s.element().isJsonPrimitive()) {
            if (!s.string().equals("ternary")) {
                throw s.problem("must be \"ternary\" or {\"hammingWeight\": h}");
            }
            return SecretDistribution.uniformTernary();
        }
        s.onlyFields("hammingWeight");
        return SecretDistribution.fixedHammingWeight(s.field("hammingWeight").smallInteger(1, 1 << 17));
    }
}

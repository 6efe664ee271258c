package dev.olafhe.backend;

import java.math.BigInteger;
import java.util.Arrays;

/**
 * The linear step inside {@link Backend#multiplyRelinearize}: the product's parts d become
 * {@code factors[0]·d + Σ_k factors[k]·others[k-1]} ({@code + constant} on d_0 when it is not null), exactly as
 * {@link Backend#linearCombination} with d as its first operand computes it, either right after the tensor product
 * (before relinearization) or after relinearization. Each of {@code others} is a ciphertext's parts, at most as many
 * as the step's input has (missing parts count as zero), over at least the product's limbs; none is an output.
 */
public record ProductCombination(DevicePoly[][] others, BigInteger[] factors, BigInteger constant,
                                 boolean afterRelinearization) {
    public ProductCombination {
        if (factors.length != others.length + 1) {
            throw new IllegalArgumentException(factors.length + " factors for the product and " + others.length
                    + " other operands");
        }
    }

    /** The operands of the step's {@link Backend#linearCombination}: {@code parts} first, then the others. */
    DevicePoly[][] operands(DevicePoly[] parts) {
        DevicePoly[][] operands = new DevicePoly[others.length + 1][];
        operands[0] = parts;
        System.arraycopy(others, 0, operands, 1, others.length);
        return operands;
    }

    @Override
    public String toString() {
        return "ProductCombination[" + others.length + " others, factors " + Arrays.toString(factors) + ", constant "
                + constant + (afterRelinearization ? ", after" : ", before") + " relinearization]";
    }
}

package dev.olafhe.ckks;

import java.math.BigInteger;

/**
 * The linear step of {@link Evaluator#multiplyNew(Ciphertext, Ciphertext, int, ProductTerms, boolean, boolean)}: the
 * product p becomes {@code factors[0]·p + Σ_k factors[k]·others[k-1]} ({@code + constant} on c_0 when not null), as
 * {@link Evaluator#linearCombination} with p as its first term, at the product's scale label (the weights are the
 * caller's, e.g. from {@link Evaluator#constantFactor} and {@link Evaluator#encodedConstant} at the product's scale
 * {@link Evaluator#productScale}); right after the tensor product, or after relinearization when
 * {@code afterRelinearization}. The others are at the product's level or above and of degree at most that of the
 * step's input.
 */
public record ProductTerms(Ciphertext[] others, BigInteger[] factors, BigInteger constant,
                           boolean afterRelinearization) {
    public ProductTerms {
        if (factors.length != others.length + 1) {
            throw new IllegalArgumentException(factors.length + " factors for the product and " + others.length
                    + " other terms");
        }
    }

    /** factor·p (+ constant on c_0 when not null), with no other term. */
    public static ProductTerms scaled(BigInteger factor, BigInteger constant, boolean afterRelinearization) {
        return new ProductTerms(new Ciphertext[0], new BigInteger[] {factor}, constant, afterRelinearization);
    }
}

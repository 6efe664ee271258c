/**
 * Homomorphic polynomial evaluation in the Chebyshev basis: {@link dev.olafhe.ckks.poly.PolynomialEvaluator}
 * (baby-step giant-step, depth ⌈log2(d+1)⌉, exact output scale) and {@link dev.olafhe.ckks.poly.PolynomialCost},
 * the exact operation counts the planner's cost model reads; both derive from one evaluation plan.
 */
package dev.olafhe.ckks.poly;

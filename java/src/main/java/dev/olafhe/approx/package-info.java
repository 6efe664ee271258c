/**
 * Polynomial approximation in the Chebyshev basis: {@link dev.olafhe.approx.ChebyshevSeries} (the hand-over type),
 * {@link dev.olafhe.approx.LeastSquares} (weighted, any {@link dev.olafhe.approx.Weight}: histogram density, scaled
 * density, Gaussian, uniform), {@link dev.olafhe.approx.ChebyshevInterpolation}, {@link dev.olafhe.approx.Remez}
 * minimax (general/odd/even, unions of intervals), {@link dev.olafhe.approx.CompositeSign} (the composite minimax
 * ReLU baseline), {@link dev.olafhe.approx.Target} activations and {@link dev.olafhe.approx.ApproxError} reports.
 */
package dev.olafhe.approx;

package dev.olafhe.ola;

import dev.olafhe.approx.ApproxError;
import dev.olafhe.approx.ChebyshevSeries;

/** The polynomial p_{l,d} proposed for activation layer l at degree d, with its approximation error on [a, b]. */
public record Candidate(int layer, int degree, ChebyshevSeries series, ApproxError error) {
}

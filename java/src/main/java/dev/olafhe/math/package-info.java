/**
 * Exact integer arithmetic under CKKS: 64-bit modular arithmetic ({@link dev.olafhe.math.Modulus},
 * primes below 2^61), NTT-friendly prime generation ({@link dev.olafhe.math.Primes}), the negacyclic NTT
 * with the project's fixed convention ({@link dev.olafhe.math.NttTables}), RNS basis conversion and CRT,
 * and the floating-point special FFT of the CKKS encoder. Host-side reference code: backends use it for
 * tables, tests use it as the reference.
 */
package dev.olafhe.math;

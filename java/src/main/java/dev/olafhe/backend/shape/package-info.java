/**
 * A {@link dev.olafhe.backend.Backend} that tracks only shapes: its polys carry their ring and Q/P limb counts and
 * hold no coefficients, its operations check their operands exactly as the CPU backend does and compute nothing, and
 * downloads return zeros. CKKS evaluation is data-oblivious (which calls run, on which shapes, never depends on the
 * residues), so {@link dev.olafhe.backend.CountingBackend} around it counts the calls, allocations and host/device
 * bytes of a real run exactly, at any ring degree, in host memory for the host-side work only. Results are
 * meaningless: never use it for anything but counting (it is not a provider, so no run can pick it by name).
 */
package dev.olafhe.backend.shape;

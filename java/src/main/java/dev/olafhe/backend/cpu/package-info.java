/**
 * The pure-Java {@link dev.olafhe.backend.Backend}: limbs as {@code long[N]} arrays in host memory (recycled
 * through a pool), work parallel over limbs on a private ForkJoinPool. It is the reference the contract
 * tests hold other backends to. Only {@link dev.olafhe.backend.cpu.CpuBackendProvider} and
 * {@link dev.olafhe.backend.cpu.CpuBackend} are public; algorithms never use them directly.
 */
package dev.olafhe.backend.cpu;

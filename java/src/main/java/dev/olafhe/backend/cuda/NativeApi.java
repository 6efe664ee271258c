package dev.olafhe.backend.cuda;

import org.bytedeco.javacpp.annotation.Cast;
import org.bytedeco.javacpp.annotation.NoException;
import org.bytedeco.javacpp.annotation.Platform;

/**
 * JavaCPP binding of {@code cuda/include/olafhe_native.h}, one static native method per C function.
 * Internal to this package: callers go through {@link NativeLibrary} (loading, status codes to exceptions)
 * and {@link CudaBackend}. Every method returns an {@code olafhe_status} unless stated; no C++ exception
 * crosses the C ABI, hence {@code @NoException} (no try/catch in the generated JNI code).
 * Loading is explicit ({@link NativeLibrary}), not in a static initializer, so that a missing library is an
 * availability reason rather than an {@link ExceptionInInitializerError}.
 */
@Platform(include = "olafhe_native.h", link = "olafhe_native")
@NoException
final class NativeApi {
    private NativeApi() {
    }

    static final int OK = 0;
    static final int ERR_INVALID_ARGUMENT = 1;
    static final int ERR_CUDA_NOT_COMPILED = 2;
    static final int ERR_NO_DRIVER = 3;
    static final int ERR_NO_DEVICE = 4;
    static final int ERR_OUT_OF_MEMORY = 5;
    static final int ERR_CUDA = 6;
    static final int ERR_INTERNAL = 7;

    static native String olafhe_last_error();

    static native String olafhe_version();

    /** 1 when the CUDA kernels were compiled in (never fails). */
    static native int olafhe_cuda_compiled();

    static native String olafhe_cuda_architectures();

    static native int olafhe_runtime_version(int[] version);

    static native int olafhe_driver_version(int[] version);

    static native int olafhe_device_count(int[] count);

    static native int olafhe_device_name(int device, @Cast("char*") byte[] name, int capacity);

    static native int olafhe_device_memory(int device, @Cast("uint64_t*") long[] freeBytes,
                                           @Cast("uint64_t*") long[] totalBytes);

    static native int olafhe_device_compute_capability(int device, int[] capability);

    // ---- contexts, rings, polys (handles are opaque non-zero longs) ----

    static native int olafhe_context_create(int device, @Cast("int64_t*") long[] context);

    static native int olafhe_context_destroy(@Cast("int64_t") long context);

    static native int olafhe_context_synchronize(@Cast("int64_t") long context);

    static native int olafhe_context_memory(@Cast("int64_t") long context, @Cast("uint64_t*") long[] inUse,
                                            @Cast("uint64_t*") long[] cached, @Cast("uint64_t*") long[] peak);

    // ---- work counters of a context (OLAFHE_COUNTER_* indices of olafhe_native.h; NativeCounts names them) ----

    static final int COUNTER_CALLS = 0;
    static final int COUNTER_LAUNCHES = 1;
    static final int COUNTER_NTT_TRANSFORMS = 2;
    static final int COUNTER_DEVICE_ALLOCATIONS = 3;
    static final int COUNTER_POOL_REUSES = 4;
    static final int COUNTER_COPIES_TO_DEVICE = 5;
    static final int COUNTER_BYTES_TO_DEVICE = 6;
    static final int COUNTER_COPIES_TO_HOST = 7;
    static final int COUNTER_BYTES_TO_HOST = 8;
    static final int COUNTER_DEVICE_COPIES = 9;
    static final int COUNTER_MEMSETS = 10;
    static final int COUNTER_COUNT = 11;

    static native int olafhe_context_counters(@Cast("int64_t") long context, @Cast("uint64_t*") long[] values,
                                              int capacity, int[] count);

    static native int olafhe_context_counters_reset(@Cast("int64_t") long context);

    static native int olafhe_ring_create(@Cast("int64_t") long context, int logN, @Cast("const uint64_t*") long[] moduli,
                                         @Cast("const uint64_t*") long[] psi, int qTotal, int pTotal,
                                         @Cast("int64_t*") long[] ring);

    static native int olafhe_ring_destroy(@Cast("int64_t") long ring);

    static native int olafhe_poly_create(@Cast("int64_t") long ring, int qCount, int pCount, @Cast("int64_t*") long[] poly);

    static native int olafhe_poly_destroy(@Cast("int64_t") long poly);

    static native int olafhe_poly_views(@Cast("int64_t") long poly, int count, @Cast("const int*") int[] qCounts,
                                        @Cast("const int*") int[] pCounts, @Cast("int64_t*") long[] views);

    static native int olafhe_poly_upload(@Cast("int64_t") long poly, @Cast("const uint64_t*") long[] residues,
                                         @Cast("int64_t") long count);

    static native int olafhe_poly_download(@Cast("int64_t") long poly, @Cast("uint64_t*") long[] residues,
                                           @Cast("int64_t") long count);

    // ---- timers (CUDA events on a context's stream) ----

    static native int olafhe_timer_create(@Cast("int64_t") long context, @Cast("int64_t*") long[] timer);

    static native int olafhe_timer_destroy(@Cast("int64_t") long timer);

    static native int olafhe_timer_start(@Cast("int64_t") long timer);

    static native int olafhe_timer_stop(@Cast("int64_t") long timer);

    static native int olafhe_timer_elapsed_ms(@Cast("int64_t") long timer, double[] milliseconds);

    // ---- Backend SPI primitives ----

    static native int olafhe_copy(@Cast("int64_t") long src, @Cast("int64_t") long dst);

    static native int olafhe_add(@Cast("int64_t") long a, @Cast("int64_t") long b, @Cast("int64_t") long out);

    static native int olafhe_sub(@Cast("int64_t") long a, @Cast("int64_t") long b, @Cast("int64_t") long out);

    static native int olafhe_mul(@Cast("int64_t") long a, @Cast("int64_t") long b, @Cast("int64_t") long out);

    static native int olafhe_mul_add(@Cast("int64_t") long a, @Cast("int64_t") long b, @Cast("int64_t") long acc);

    static native int olafhe_neg(@Cast("int64_t") long a, @Cast("int64_t") long out);

    static native int olafhe_mul_scalar(@Cast("int64_t") long a, @Cast("const uint64_t*") long[] residues, int count,
                                        @Cast("int64_t") long out);

    static native int olafhe_add_scalar(@Cast("int64_t") long a, @Cast("const uint64_t*") long[] residues, int count,
                                        @Cast("int64_t") long out);

    static native int olafhe_tensor(@Cast("int64_t") long a0, @Cast("int64_t") long a1, @Cast("int64_t") long b0,
                                    @Cast("int64_t") long b1, @Cast("int64_t") long d0, @Cast("int64_t") long d1,
                                    @Cast("int64_t") long d2);

    static native int olafhe_ntt(@Cast("int64_t") long a, @Cast("int64_t") long out);

    static native int olafhe_intt(@Cast("int64_t") long a, @Cast("int64_t") long out);

    static native int olafhe_automorphism_ntt(@Cast("int64_t") long a, @Cast("int64_t") long galoisElement,
                                              @Cast("int64_t") long out);

    static native int olafhe_automorphism_coeff(@Cast("int64_t") long a, @Cast("int64_t") long galoisElement,
                                                @Cast("int64_t") long out);

    static native int olafhe_rescale_ntt(@Cast("int64_t") long a, @Cast("int64_t") long out);

    static native int olafhe_mod_raise(@Cast("int64_t") long a, @Cast("int64_t") long out);

    static native int olafhe_mod_up(@Cast("int64_t") long in, int firstLimb, int limbCount, @Cast("int64_t") long out);

    static native int olafhe_inner_product(@Cast("const int64_t*") long[] digits, int digitCount,
                                           @Cast("const int64_t*") long[] keyB, @Cast("const int64_t*") long[] keyA,
                                           int keyDigits, @Cast("int64_t") long out0, @Cast("int64_t") long out1);

    static native int olafhe_mod_down(@Cast("int64_t") long in, @Cast("int64_t") long out);

    static native int olafhe_key_switch(@Cast("int64_t") long in, int digitSize, @Cast("const int64_t*") long[] keyB,
                                        @Cast("const int64_t*") long[] keyA, int keyDigits,
                                        @Cast("int64_t") long out0, @Cast("int64_t") long out1);

    static native int olafhe_rescale_parts(@Cast("const int64_t*") long[] in, @Cast("const int64_t*") long[] out,
                                           int count);

    static native int olafhe_linear_combination_rescale(@Cast("const int64_t*") long[] operands, int count, int parts,
                                                        @Cast("const uint64_t*") long[] factors,
                                                        @Cast("const uint64_t*") long[] constant, int constantCount,
                                                        @Cast("const int64_t*") long[] out);

    static native int olafhe_multiply_relinearize(@Cast("const int64_t*") long[] a, @Cast("const int64_t*") long[] b,
                                                  int combineCount, @Cast("const int64_t*") long[] others,
                                                  @Cast("const uint64_t*") long[] factors,
                                                  @Cast("const uint64_t*") long[] constant, int constantCount,
                                                  int combineAfter, int digitSize, @Cast("const int64_t*") long[] keyB,
                                                  @Cast("const int64_t*") long[] keyA, int keyDigits, int rescale,
                                                  @Cast("const int64_t*") long[] out, int outCount);

    static native int olafhe_linear_combination(@Cast("const int64_t*") long[] operands, int count, int parts,
                                                @Cast("const uint64_t*") long[] factors,
                                                @Cast("const uint64_t*") long[] constant, int constantCount,
                                                @Cast("const int64_t*") long[] out);

    // ---- whole ciphertexts (OLAFHE_PARTS_* op codes of olafhe_binary_parts) ----

    static final int PARTS_ADD = 0;
    static final int PARTS_SUB = 1;
    static final int PARTS_MUL = 2;
    static final int PARTS_MUL_ADD = 3;

    static native int olafhe_binary_parts(int op, @Cast("const int64_t*") long[] a, @Cast("const int64_t*") long[] b,
                                          int bCount, @Cast("const int64_t*") long[] out, int count);

    static native int olafhe_neg_parts(@Cast("const int64_t*") long[] a, @Cast("const int64_t*") long[] out, int count);

    static native int olafhe_mul_scalar_parts(@Cast("const int64_t*") long[] a, @Cast("const uint64_t*") long[] residues,
                                              int residueCount, @Cast("const int64_t*") long[] out, int count);

    static native int olafhe_copy_parts(@Cast("const int64_t*") long[] src, @Cast("const int64_t*") long[] dst,
                                        int count);

    static native int olafhe_mod_down_parts(@Cast("const int64_t*") long[] in, @Cast("const int64_t*") long[] out,
                                            int count);

    static native int olafhe_sum_of_products(@Cast("const int64_t*") long[] operands,
                                             @Cast("const int64_t*") long[] factors, int count, int parts,
                                             int modDown, @Cast("const int64_t*") long[] out);

    // ---- decomposition, key switches from it, hoisted automorphism batches (keys: rows of keyDigits handles) ----

    static native int olafhe_decompose(@Cast("int64_t") long in, int digitSize, @Cast("const int64_t*") long[] digits,
                                       int count);

    static native int olafhe_key_switch_decomposed(@Cast("const int64_t*") long[] digits, int digitCount,
                                                   @Cast("const int64_t*") long[] keyB,
                                                   @Cast("const int64_t*") long[] keyA, int keyDigits,
                                                   @Cast("int64_t") long out0, @Cast("int64_t") long out1);

    static native int olafhe_key_switch_add(@Cast("int64_t") long in, int digitSize, @Cast("const int64_t*") long[] keyB,
                                            @Cast("const int64_t*") long[] keyA, int keyDigits,
                                            @Cast("int64_t") long c0, @Cast("int64_t") long c1,
                                            @Cast("int64_t") long out0, @Cast("int64_t") long out1);

    static native int olafhe_automorphisms_hoisted(@Cast("int64_t") long c0, @Cast("const int64_t*") long[] digits,
                                                   int digitCount, @Cast("const int64_t*") long[] galois, int count,
                                                   @Cast("const int64_t*") long[] keyB,
                                                   @Cast("const int64_t*") long[] keyA, int keyDigits,
                                                   @Cast("const uint64_t*") long[] pResidues, int pCount,
                                                   @Cast("const int64_t*") long[] out0,
                                                   @Cast("const int64_t*") long[] out1);

    static native int olafhe_automorphisms(@Cast("int64_t") long c0, @Cast("int64_t") long c1, int digitSize,
                                           @Cast("const int64_t*") long[] galois, int count,
                                           @Cast("const int64_t*") long[] keyB, @Cast("const int64_t*") long[] keyA,
                                           int keyDigits, @Cast("const int64_t*") long[] out0,
                                           @Cast("const int64_t*") long[] out1);

    static native int olafhe_automorphisms_accumulate(@Cast("const int64_t*") long[] in, int digitSize,
                                                      @Cast("const int64_t*") long[] galois, int count,
                                                      @Cast("const int64_t*") long[] keyB,
                                                      @Cast("const int64_t*") long[] keyA, int keyDigits,
                                                      @Cast("const uint64_t*") long[] pResidues, int pCount,
                                                      @Cast("const int64_t*") long[] acc);
}

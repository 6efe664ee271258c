/*
 * C ABI of the OLA-FHE native kernel library (libolafhe_native.so).
 *
 * Rules every function follows:
 *  - the return value is an olafhe_status; OLAFHE_OK (0) means success;
 *  - no C++ exception ever crosses this boundary;
 *  - on failure, olafhe_last_error() returns a description of the last failure on the calling thread
 *    (thread-local; the text stays valid until the next failing call on that thread);
 *  - out-parameters are written only on success.
 * The Java side (dev.olafhe.backend.cuda) binds this header with JavaCPP and turns statuses into exceptions.
 */
#ifndef OLAFHE_NATIVE_H
#define OLAFHE_NATIVE_H

#include <stdint.h>

#if defined(_WIN32)
#define OLAFHE_API __declspec(dllexport)
#else
#define OLAFHE_API __attribute__((visibility("default")))
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* Status codes. Stable numbers: the Java side maps them to exception reasons. */
#define OLAFHE_OK 0
#define OLAFHE_ERR_INVALID_ARGUMENT 1 /* a bad handle, shape or value; the message says which */
#define OLAFHE_ERR_CUDA_NOT_COMPILED 2 /* the library was built without nvcc */
#define OLAFHE_ERR_NO_DRIVER 3        /* no (or too old a) NVIDIA driver: libcuda.so.1 missing or insufficient */
#define OLAFHE_ERR_NO_DEVICE 4        /* a driver but no usable GPU */
#define OLAFHE_ERR_OUT_OF_MEMORY 5    /* device or host allocation failed */
#define OLAFHE_ERR_CUDA 6             /* any other CUDA runtime error (file and line in the message) */
#define OLAFHE_ERR_INTERNAL 7         /* a bug: an unexpected C++ exception was caught at the boundary */

/* Text of the last failure on this thread ("" if none). Never NULL. */
OLAFHE_API const char* olafhe_last_error(void);

/* Library version, e.g. "0.1.0". Never NULL. */
OLAFHE_API const char* olafhe_version(void);

/* 1 when the CUDA kernels were compiled in, else 0. Never fails. */
OLAFHE_API int olafhe_cuda_compiled(void);

/* CUDA architectures the kernels were compiled for (e.g. "80-real,90"), or "" without CUDA. */
OLAFHE_API const char* olafhe_cuda_architectures(void);

/* Version of the CUDA runtime linked in (e.g. 13000), or OLAFHE_ERR_CUDA_NOT_COMPILED. */
OLAFHE_API int olafhe_runtime_version(int* version);

/* Version the installed driver supports (e.g. 13000); 0 when no driver is installed. */
OLAFHE_API int olafhe_driver_version(int* version);

/* Number of usable GPUs. Fails with OLAFHE_ERR_NO_DRIVER / OLAFHE_ERR_NO_DEVICE when none can be used. */
OLAFHE_API int olafhe_device_count(int* count);

/* Name of a device, NUL-terminated and truncated to capacity - 1 bytes. */
OLAFHE_API int olafhe_device_name(int device, char* name, int capacity);

/* Free and total memory of a device in bytes. */
OLAFHE_API int olafhe_device_memory(int device, uint64_t* free_bytes, uint64_t* total_bytes);

/* Compute capability (major*10 + minor, e.g. 90) of a device. */
OLAFHE_API int olafhe_device_compute_capability(int device, int* capability);

/* ---- contexts, rings and polynomials ------------------------------------------------------------------
 * Handles are opaque non-zero int64 values; a destroyed or unknown handle gives OLAFHE_ERR_INVALID_ARGUMENT.
 * A context owns a device, a stream and a memory pool; rings and polys keep what they need alive, so handles
 * may be destroyed in any order. Calls on one context are serialised; work is asynchronous on the context's
 * stream until a download or olafhe_context_synchronize. */

/* Creates a context on GPU `device`. */
OLAFHE_API int olafhe_context_create(int device, int64_t* context);
OLAFHE_API int olafhe_context_destroy(int64_t context);
/* Waits for all work of the context; reports asynchronous kernel faults. */
OLAFHE_API int olafhe_context_synchronize(int64_t context);
/* Bytes of device memory the context's pool has handed out, holds cached, and at most held in use. */
OLAFHE_API int olafhe_context_memory(int64_t context, uint64_t* in_use, uint64_t* cached, uint64_t* peak);

/* ---- work counters -------------------------------------------------------------------------------------
 * Each context counts, on the host where the work is queued (the same code on a GPU and in the device emulation),
 * the work done on it since it was created or last reset. The counters only grow: take two snapshots and subtract.
 * Reading or resetting them is not counted. Indices into olafhe_context_counters' values: */
#define OLAFHE_COUNTER_CALLS 0              /* ABI calls that used the context (its rings, polys, timers) */
#define OLAFHE_COUNTER_LAUNCHES 1           /* kernel launches (OLAFHE_LAUNCH, OLAFHE_LAUNCH_BLOCK_SYNC) */
#define OLAFHE_COUNTER_NTT_TRANSFORMS 2     /* NTTs (forward or inverse, any number of limbs): one launch per phase */
#define OLAFHE_COUNTER_DEVICE_ALLOCATIONS 3 /* cudaMalloc calls of the memory pool */
#define OLAFHE_COUNTER_POOL_REUSES 4        /* pool requests served from its free lists (no cudaMalloc) */
#define OLAFHE_COUNTER_COPIES_TO_DEVICE 5   /* host-to-device copies (poly uploads, per-call and cached constants) */
#define OLAFHE_COUNTER_BYTES_TO_DEVICE 6
#define OLAFHE_COUNTER_COPIES_TO_HOST 7     /* device-to-host copies (poly downloads) */
#define OLAFHE_COUNTER_BYTES_TO_HOST 8
#define OLAFHE_COUNTER_DEVICE_COPIES 9      /* device-to-device copies (cudaMemcpyAsync, not kernels) */
#define OLAFHE_COUNTER_MEMSETS 10           /* cudaMemsetAsync calls (zero-filled polys) */
#define OLAFHE_COUNTER_COUNT 11
/* Writes the first min(capacity, OLAFHE_COUNTER_COUNT) counters into values and OLAFHE_COUNTER_COUNT into *count,
 * so that a caller built against another layout can tell. */
OLAFHE_API int olafhe_context_counters(int64_t context, uint64_t* values, int capacity, int* count);
/* Sets every counter of the context to zero. */
OLAFHE_API int olafhe_context_counters_reset(int64_t context);

/* Ring Z[X]/(X^N+1), N = 2^log_n, with moduli q_0..q_{q_total-1}, p_0..p_{p_total-1} (primes = 1 mod 2N,
 * below 2^61) and psi[i] the primitive 2N-th root of unity of modulus i (dev.olafhe.math.NttTables). */
OLAFHE_API int olafhe_ring_create(int64_t context, int log_n, const uint64_t* moduli, const uint64_t* psi,
                                  int q_total, int p_total, int64_t* ring);
OLAFHE_API int olafhe_ring_destroy(int64_t ring);

/* Zero poly with limbs q_0..q_{q_count-1}, p_0..p_{p_count-1}. */
OLAFHE_API int olafhe_poly_create(int64_t ring, int q_count, int p_count, int64_t* poly);
OLAFHE_API int olafhe_poly_destroy(int64_t poly);
/* Views of `poly` (Backend.views): for each r < count, a new poly handle with limbs q_0..q_{q_counts[r]-1},
 * p_0..p_{p_counts[r]-1} over the first q_counts[r] + p_counts[r] limbs of poly's memory (no allocation, no device
 * work). A view keeps that memory alive until it is destroyed itself; destroying a view frees nothing else. */
OLAFHE_API int olafhe_poly_views(int64_t poly, int count, const int* q_counts, const int* p_counts, int64_t* views);
/* Limb-major residues (limb l at [l*N, (l+1)*N)); `count` must be limbs*N; values must be below the modulus.
 * Both pass through the context's page-locked staging buffer (grown to the largest transfer, freed with the
 * context). Upload returns once `residues` may be reused, download once it holds the values. */
OLAFHE_API int olafhe_poly_upload(int64_t poly, const uint64_t* residues, int64_t count);
OLAFHE_API int olafhe_poly_download(int64_t poly, uint64_t* residues, int64_t count);

/* ---- timing with CUDA events ---------------------------------------------------------------------------
 * A timer records a start and a stop event on its context's stream, after the work queued so far, and gives
 * the device time between them (resolution about half a microsecond). That time includes any gap in which the
 * device waited for the host to queue work. A timer keeps its context alive. In a device-emulation test build
 * the events read the host clock: the times are host times of the emulated kernels, not GPU times. */
OLAFHE_API int olafhe_timer_create(int64_t context, int64_t* timer);
OLAFHE_API int olafhe_timer_destroy(int64_t timer);
/* Records the start event; starting again restarts the measurement. */
OLAFHE_API int olafhe_timer_start(int64_t timer);
/* Records the stop event; the timer must have been started. */
OLAFHE_API int olafhe_timer_stop(int64_t timer);
/* Waits for the stop event, then gives the milliseconds from start to stop; needs a start, then a stop. */
OLAFHE_API int olafhe_timer_elapsed_ms(int64_t timer, double* milliseconds);

/* ---- the Backend SPI primitives (dev.olafhe.backend.Backend; same limb rule and formulas) -------------- */
OLAFHE_API int olafhe_copy(int64_t src, int64_t dst);
OLAFHE_API int olafhe_add(int64_t a, int64_t b, int64_t out);
OLAFHE_API int olafhe_sub(int64_t a, int64_t b, int64_t out);
OLAFHE_API int olafhe_mul(int64_t a, int64_t b, int64_t out);
OLAFHE_API int olafhe_mul_add(int64_t a, int64_t b, int64_t acc);
OLAFHE_API int olafhe_neg(int64_t a, int64_t out);
/* c given by its residue modulo every ring modulus (q_total + p_total values, ring order). */
OLAFHE_API int olafhe_mul_scalar(int64_t a, const uint64_t* residues, int count, int64_t out);
OLAFHE_API int olafhe_add_scalar(int64_t a, const uint64_t* residues, int count, int64_t out);
OLAFHE_API int olafhe_tensor(int64_t a0, int64_t a1, int64_t b0, int64_t b1, int64_t d0, int64_t d1, int64_t d2);
OLAFHE_API int olafhe_ntt(int64_t a, int64_t out);
OLAFHE_API int olafhe_intt(int64_t a, int64_t out);
/* galois_element: any odd integer (taken mod 2N). */
OLAFHE_API int olafhe_automorphism_ntt(int64_t a, int64_t galois_element, int64_t out);
OLAFHE_API int olafhe_automorphism_coeff(int64_t a, int64_t galois_element, int64_t out);
OLAFHE_API int olafhe_rescale_ntt(int64_t a, int64_t out);
OLAFHE_API int olafhe_mod_raise(int64_t a, int64_t out);
OLAFHE_API int olafhe_mod_up(int64_t in, int first_limb, int limb_count, int64_t out);
/* digit_count digits against keys with key_digits >= digit_count digits. */
OLAFHE_API int olafhe_inner_product(const int64_t* digits, int digit_count, const int64_t* key_b,
                                    const int64_t* key_a, int key_digits, int64_t out0, int64_t out1);
OLAFHE_API int olafhe_mod_down(int64_t in, int64_t out);

/* ---- whole operations (one call, every stage on the device, no host round trip) ---------------------------
 * Bit-identical to the primitives above composed as the Java default compositions do. */

/* Key switch of `in` (Q limbs 0..l, no P, NTT domain): ModUp of its digits of digit_size limbs, the inner product
 * with the first ceil((l+1)/digit_size) of the key_digits digits (Q u P polys holding Q_l u P), ModDown into out0
 * and out1 (Q limbs 0..l, no P; distinct from in). */
OLAFHE_API int olafhe_key_switch(int64_t in, int digit_size, const int64_t* key_b, const int64_t* key_a, int key_digits,
                                 int64_t out0, int64_t out1);
/* olafhe_rescale_ntt of `count` parts: in[i] -> out[i]. */
OLAFHE_API int olafhe_rescale_parts(const int64_t* in, const int64_t* out, int count);

/* Backend.linearCombinationRescale in one call: out[i] = rescale(sum_k f_k * (part i of operand k)), the constant (one
 * residue per ring modulus, or constant_count 0 for none) added to part 0 before the rescale. operands: `count` runs of
 * `parts` handles (0: a missing part; operand 0 has every part, the others a prefix), each over out's Q limbs and one
 * more; factors: `count` runs of one residue per ring modulus (ring order); out: `parts` handles, distinct from every
 * operand. */
OLAFHE_API int olafhe_linear_combination_rescale(const int64_t* operands, int count, int parts, const uint64_t* factors,
                                                 const uint64_t* constant, int constant_count, const int64_t* out);

/* The product of two degree-1 ciphertexts and the steps Java chose to follow it (Backend.multiplyRelinearize), in one
 * call: tensor of (a[0], a[1]) and (b[0], b[1]) over the product's limbs (out's Q limbs, one more when rescale != 0);
 * when combine_count > 0, the linear step d_i = f_0*d_i + sum_k f_k*(part i of other k) (+ the constant on d_0) right
 * after the tensor, or after relinearization when combine_after != 0: factors holds combine_count runs of one residue
 * per ring modulus (ring order), others holds 3 handles for each of the combine_count - 1 other operands (0: a missing
 * part; the present parts come first), constant one residue per ring modulus or constant_count 0 for none; when
 * key_digits > 0, relinearization: the key switch of d_2 (as olafhe_key_switch) added to (d_0, d_1); when rescale != 0,
 * olafhe_rescale_parts. out: out_count handles, 2 when relinearized, else 3, distinct from every input. */
OLAFHE_API int olafhe_multiply_relinearize(const int64_t* a, const int64_t* b, int combine_count, const int64_t* others,
                                           const uint64_t* factors, const uint64_t* constant, int constant_count,
                                           int combine_after, int digit_size, const int64_t* key_b,
                                           const int64_t* key_a, int key_digits, int rescale, const int64_t* out,
                                           int out_count);

/* Backend.linearCombination in one call: the arguments of olafhe_linear_combination_rescale, no rescale: out[i] over its
 * own limbs (every operand holds them); out[i] may be part i of operand 0, no other operand. */
OLAFHE_API int olafhe_linear_combination(const int64_t* operands, int count, int parts, const uint64_t* factors,
                                         const uint64_t* constant, int constant_count, const int64_t* out);

/* ---- whole ciphertexts: every part in one call, each stage one launch over all parts --------------------------
 * Arrays of `count` handles, part i with part i; the outputs have one shape. An output may be its own part's input;
 * when one is another part's input (or a broadcast input of several parts) the parts run one after another, in the
 * order of the Java default composition. */
#define OLAFHE_PARTS_ADD 0     /* out[i] = a[i] + b[i] */
#define OLAFHE_PARTS_SUB 1     /* out[i] = a[i] - b[i] */
#define OLAFHE_PARTS_MUL 2     /* out[i] = a[i] * b[i] */
#define OLAFHE_PARTS_MUL_ADD 3 /* out[i] += a[i] * b[i] */
/* b_count: count, or 1 for one b for every part (Backend.mulParts, mulAddParts). */
OLAFHE_API int olafhe_binary_parts(int op, const int64_t* a, const int64_t* b, int b_count, const int64_t* out,
                                   int count);
OLAFHE_API int olafhe_neg_parts(const int64_t* a, const int64_t* out, int count);
OLAFHE_API int olafhe_mul_scalar_parts(const int64_t* a, const uint64_t* residues, int residue_count,
                                       const int64_t* out, int count);
OLAFHE_API int olafhe_copy_parts(const int64_t* src, const int64_t* dst, int count);
/* olafhe_mod_down of every part (out distinct from every input). */
OLAFHE_API int olafhe_mod_down_parts(const int64_t* in, const int64_t* out, int count);
/* out[i] = sum_k operands[k*parts + i] * factors[k] (Backend.sumOfProducts); mod_down != 0: that sum over out's Q limbs
 * and all P limbs, then ModDown into out (Backend.sumOfProductsModDown). No output may be an operand or a factor. */
OLAFHE_API int olafhe_sum_of_products(const int64_t* operands, const int64_t* factors, int count, int parts,
                                      int mod_down, const int64_t* out);

/* ---- the decomposition, key switches from it, hoisted automorphism batches ------------------------------------
 * Keys of a batch: key_b and key_a hold `count` rows of key_digits handles (row r: the key of rotation r), of which
 * the first digit_count are used. Galois elements: any odd integers (taken mod 2N). */

/* Backend.decompose: digit j of `in` (Q limbs only) ModUp-ed into digits[j] (Q_l u P); count = ceil(limbs/digit_size). */
OLAFHE_API int olafhe_decompose(int64_t in, int digit_size, const int64_t* digits, int count);
/* Backend.keySwitchDecomposed: inner product of the digits with the key's first digit_count digits, both ModDowns. */
OLAFHE_API int olafhe_key_switch_decomposed(const int64_t* digits, int digit_count, const int64_t* key_b,
                                            const int64_t* key_a, int key_digits, int64_t out0, int64_t out1);
/* Backend.keySwitchAdd: olafhe_key_switch of `in` plus (c0, c1); the outputs may be c0 and c1, not in. */
OLAFHE_API int olafhe_key_switch_add(int64_t in, int digit_size, const int64_t* key_b, const int64_t* key_a,
                                     int key_digits, int64_t c0, int64_t c1, int64_t out0, int64_t out1);
/* Backend.automorphismsHoisted (p_count 0) or, with P given as one residue per ring modulus, automorphismsHoistedLazy:
 * `count` rotations of (c0, c1) from the digits of c1, out0[r] and out1[r] (one shape each pair). */
OLAFHE_API int olafhe_automorphisms_hoisted(int64_t c0, const int64_t* digits, int digit_count, const int64_t* galois,
                                            int count, const int64_t* key_b, const int64_t* key_a, int key_digits,
                                            const uint64_t* p_residues, int p_count, const int64_t* out0,
                                            const int64_t* out1);
/* Backend.automorphisms: olafhe_decompose of c1 (into the context's pool), then olafhe_automorphisms_hoisted. */
OLAFHE_API int olafhe_automorphisms(int64_t c0, int64_t c1, int digit_size, const int64_t* galois, int count,
                                    const int64_t* key_b, const int64_t* key_a, int key_digits, const int64_t* out0,
                                    const int64_t* out1);
/* Backend.automorphismsAccumulate (lazy, double hoisting): acc (2 parts over Q and all P limbs) += olafhe_decompose of
   in[2r+1] then olafhe_automorphisms_hoisted with p_residues (P mod each limb) of in[2r], Galois element r: no ModDown. */
OLAFHE_API int olafhe_automorphisms_accumulate(const int64_t* in, int digit_size, const int64_t* galois, int count,
                                               const int64_t* key_b, const int64_t* key_a, int key_digits,
                                               const uint64_t* p_residues, int p_count, const int64_t* acc);

#ifdef __cplusplus
}
#endif

#endif /* OLAFHE_NATIVE_H */

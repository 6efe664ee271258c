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

#ifdef __cplusplus
}
#endif

#endif /* OLAFHE_NATIVE_H */

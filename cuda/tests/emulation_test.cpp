// Host tests of the device emulation itself (emulation/cuda_runtime.h), which the CUDA backend's bit-exact tests
// rely on without a GPU: a block-synchronised kernel with correct barriers gives the right result; the same kernel
// without its barrier gives a wrong one (the shuffled resume order exposes the race); a kernel whose threads reach
// different numbers of barriers aborts (run as a separate CTest that must fail: `emulation_test divergent`).
#include <cuda_runtime.h>

#include "device/check.cuh"

#include <csignal>
#include <cstdio>
#include <cstring>
#include <unistd.h>
#include <vector>

namespace {
constexpr unsigned kBlock = 64;

// Each block reverses its 64 values through shared memory; with `barrier` false, threads read the tile before
// the other threads have written it.
__global__ void reverse_kernel(const int* in, int* out, bool barrier) {
    __shared__ int tile[kBlock];
    const unsigned base = blockIdx.x * kBlock;
    tile[threadIdx.x] = in[base + threadIdx.x];
    if (barrier) {
        __syncthreads();
    }
    out[base + threadIdx.x] = tile[kBlock - 1 - threadIdx.x];
}

// Thread 0 skips the barrier the others wait at: undefined on a GPU, an abort in the emulation.
__global__ void divergent_kernel(int* out) {
    if (threadIdx.x != 0) {
        __syncthreads();
    }
    out[threadIdx.x] = 1;
}

int failures = 0;

void expect(bool condition, const char* what) {
    if (!condition) {
        std::fprintf(stderr, "FAILED: %s\n", what);
        failures++;
    }
}

std::vector<int> reverse(bool barrier, unsigned blocks) {
    std::vector<int> in(blocks * kBlock), out(blocks * kBlock, -1);
    for (size_t i = 0; i < in.size(); i++) {
        in[i] = static_cast<int>(i);
    }
    OLAFHE_LAUNCH_BLOCK_SYNC_ON_STREAM(reverse_kernel, blocks, kBlock, nullptr)(in.data(), out.data(), barrier);
    return out;
}
}  // namespace

int main(int argc, char** argv) {
    if (argc > 1 && std::strcmp(argv[1], "divergent") == 0) {
        // the emulation aborts; CTest counts a crash as a failure even with WILL_FAIL, so turn it into exit code 3
        std::signal(SIGABRT, [](int) { _exit(3); });
        std::vector<int> out(kBlock);
        OLAFHE_LAUNCH_BLOCK_SYNC_ON_STREAM(divergent_kernel, 1, kBlock, nullptr)(out.data());
        std::printf("divergent barrier was not detected\n");
        return 0;  // the CTest expects an abort, so reaching this line fails it
    }
    const unsigned blocks = 8;
    const std::vector<int> good = reverse(true, blocks);
    bool all_right = true;
    for (unsigned b = 0; b < blocks; b++) {
        for (unsigned t = 0; t < kBlock; t++) {
            all_right = all_right && good[b * kBlock + t] == static_cast<int>(b * kBlock + kBlock - 1 - t);
        }
    }
    expect(all_right, "with the barrier every block is reversed");
    const std::vector<int> racy = reverse(false, blocks);
    expect(racy != good, "without the barrier some thread reads a value not yet written");
    std::printf("emulation_test: %d failures\n", failures);
    return failures == 0 ? 0 : 1;
}

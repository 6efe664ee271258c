// How the NTT is split into phases that each run inside one thread block's shared memory (kernels/ntt.cu),
// as __host__ __device__ index arithmetic so the host tests cover it (tests/arith_test.cpp runs the same
// schedule on the host and compares with the Java vectors).
//
// Stage k of the forward transform (k = 0 .. logN-1) has m = 2^k groups of butterflies of half-size
// t = N / 2^(k+1) (see butterfly_position). A run of `stages` consecutive stages starting at `first` touches
// element e = (p * 2^stages + j) * t_last + r with t_last the run's last t, p < 2^first, r < t_last: for each
// (p, r) the positions j = 0 .. 2^stages - 1 form an independent sub-transform. A tile is 2^log_rows
// consecutive r of one p, i.e. 2^(stages + log_rows) elements, stored in shared memory as tile[j * rows + row].
// The inverse transform runs the same phases backwards with the stages of each phase reversed.
#ifndef OLAFHE_NTT_SCHEDULE_H
#define OLAFHE_NTT_SCHEDULE_H

#include "modarith.h"

#include <cstdint>

namespace olafhe::arith {

/** `stages` consecutive stages from `first`; each tile holds 2^(stages + log_rows) elements. */
struct NttPhase {
    int first;
    int stages;
    int log_rows;
};

/** At most this many phases: ceil(logN / tile_log) for logN <= 32 and tile_log >= 1. */
constexpr int kMaxNttPhases = 32;

/**
 * Splits the logN stages into phases whose tiles hold 2^min(logN, tile_log) elements: the last min(logN,
 * tile_log) stages form one phase of contiguous tiles (log_rows 0); the stages before it are split as evenly as
 * possible into runs of at most tile_log stages, each tile then taking 2^(tile_log - stages) consecutive rows
 * (there are always enough: t_last >= 2^tile_log). Returns the number of phases written to `phases`.
 */
inline int ntt_phases(int log_n, int tile_log, NttPhase* phases) {
    const int e = log_n < tile_log ? log_n : tile_log;
    const int head = log_n - e;  // stages before the contiguous phase
    const int runs = (head + e - 1) / e;
    int count = 0;
    int first = 0;
    for (int i = 0; i < runs; i++) {
        const int stages = (head - first) / (runs - i);  // even split, larger runs last
        phases[count++] = NttPhase{first, stages, e - stages};
        first += stages;
    }
    phases[count++] = NttPhase{head, e, 0};
    return count;
}

/** Elements in one tile of the phase. */
OLAFHE_HD uint32_t tile_size(const NttPhase& phase) {
    return 1u << (phase.stages + phase.log_rows);
}

/** Global index (within the limb) of tile position q = j * rows + row of tile `tile`. */
OLAFHE_HD uint32_t tile_element(uint32_t tile, uint32_t q, int log_n, const NttPhase& phase) {
    const int log_t_last = log_n - phase.first - phase.stages;
    const int log_tiles_per_group = log_t_last - phase.log_rows;
    const uint32_t p = tile >> log_tiles_per_group;
    const uint32_t r0 = (tile & ((1u << log_tiles_per_group) - 1)) << phase.log_rows;
    const uint32_t j = q >> phase.log_rows;
    const uint32_t row = q & ((1u << phase.log_rows) - 1);
    return (((p << phase.stages) + j) << log_t_last) + r0 + row;
}

/** Butterfly b (b < tile_size / 2) of local stage `local` in a tile: pairs tile[x] with tile[y]. */
struct TileButterfly {
    uint32_t x;
    uint32_t y;
    uint32_t twiddle;  // index into psi_rev / psi_inv_rev: m + group of the global stage
};

OLAFHE_HD TileButterfly tile_butterfly(uint32_t tile, uint32_t b, int local, int log_n, const NttPhase& phase) {
    const int log_t_local = phase.stages - 1 - local;
    const int log_tiles_per_group = log_n - phase.first - phase.stages - phase.log_rows;
    const uint32_t row = b & ((1u << phase.log_rows) - 1);
    const uint32_t k = b >> phase.log_rows;  // butterfly within the sub-transform
    const uint32_t group = k >> log_t_local;
    const uint32_t j = (group << (log_t_local + 1)) + (k & ((1u << log_t_local) - 1));
    const uint32_t p = tile >> log_tiles_per_group;
    const uint32_t global_stage = static_cast<uint32_t>(phase.first + local);
    return TileButterfly{(j << phase.log_rows) | row, ((j + (1u << log_t_local)) << phase.log_rows) | row,
                         (1u << global_stage) + (p << local) + group};
}

}  // namespace olafhe::arith

#endif

# Optional CUDA for the OLA-FHE native library.
#
# Sets OLAFHE_CUDA_COMPILED (ON/OFF) and, when ON, enables the CUDA language with explicit architectures.
# CUDA is compiled in only when OLAFHE_ENABLE_CUDA is ON (the default) and check_language(CUDA) finds nvcc;
# otherwise the host-only library is built and reports "CUDA not compiled in" at run time.
# Architectures are named explicitly: "native" would fail (or pick nothing) on a build machine without a GPU.
#   80-real : Ampere (A100) machine code only
#   90      : Hopper (H100/H200) machine code plus compute_90 PTX, which newer GPUs can JIT-compile
include(CheckLanguage)

option(OLAFHE_ENABLE_CUDA "Compile the CUDA kernels when nvcc is available" ON)
set(OLAFHE_CUDA_ARCHITECTURES "80-real;90" CACHE STRING "CUDA architectures of the kernel library")

set(OLAFHE_CUDA_COMPILED OFF)
if(OLAFHE_ENABLE_CUDA AND NOT OLAFHE_EMULATE_DEVICE)
  check_language(CUDA)
  if(CMAKE_CUDA_COMPILER)
    if(NOT DEFINED CMAKE_CUDA_ARCHITECTURES)
      set(CMAKE_CUDA_ARCHITECTURES "${OLAFHE_CUDA_ARCHITECTURES}")
    endif()
    enable_language(CUDA)
    set(CMAKE_CUDA_STANDARD 17)
    set(CMAKE_CUDA_STANDARD_REQUIRED ON)
    # One CUDA runtime in the process: cudart is linked statically into our library and its symbols are
    # kept local (see olafhe_link_cuda_runtime), so nothing else in the JVM can bind to a second copy.
    set(CMAKE_CUDA_RUNTIME_LIBRARY Static)
    set(OLAFHE_CUDA_COMPILED ON)
    message(STATUS "OLA-FHE: CUDA ${CMAKE_CUDA_COMPILER_VERSION} found, kernels for ${CMAKE_CUDA_ARCHITECTURES}")
  else()
    message(STATUS "OLA-FHE: no CUDA compiler found; building the host-only library (CUDA not compiled in)")
  endif()
else()
  message(STATUS "OLA-FHE: nvcc not used (OLAFHE_ENABLE_CUDA=OFF or OLAFHE_EMULATE_DEVICE=ON)")
endif()

# Keeps the statically linked CUDA runtime (and everything else not marked OLAFHE_API) out of the
# library's dynamic symbol table.
function(olafhe_hide_static_symbols target)
  target_link_options(${target} PRIVATE "LINKER:--exclude-libs,ALL")
  set_target_properties(${target} PROPERTIES
    CXX_VISIBILITY_PRESET hidden
    CUDA_VISIBILITY_PRESET hidden
    VISIBILITY_INLINES_HIDDEN ON)
endfunction()

#!/usr/bin/env bash
# Builds or tests the native library for Maven (java/pom.xml runs it in generate-resources and test).
# Usage: build-native.sh build BUILD_DIR ON|OFF|EMULATE   (EMULATE: kernels run on the host, tests only)
#        build-native.sh test  BUILD_DIR SKIP_TESTS
# Without CMake the host-only library (no CUDA, C ABI only) is compiled with the C++ compiler directly, so
# the Java build still succeeds and the CUDA backend reports "CUDA not compiled in". Without any C++
# compiler, build with -Dolafhe.native.skip=true (the CUDA backend then reports "native library not built").
set -euo pipefail
src="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
mode=$1
dir=$2

case "$mode" in
  build)
    cuda=${3:-ON}
    if command -v cmake >/dev/null 2>&1; then
      if [ "$cuda" = "EMULATE" ]; then
        options=(-DOLAFHE_ENABLE_CUDA=OFF -DOLAFHE_EMULATE_DEVICE=ON)
      else
        options=(-DOLAFHE_ENABLE_CUDA="$cuda" -DOLAFHE_EMULATE_DEVICE=OFF)
      fi
      cmake -S "$src" -B "$dir" -DCMAKE_BUILD_TYPE=Release "${options[@]}" --log-level=WARNING
      cmake --build "$dir" -j "${OLAFHE_NATIVE_JOBS:-2}"
    else
      cxx=${CXX:-c++}
      if ! command -v "$cxx" >/dev/null 2>&1; then
        echo "build-native.sh: neither cmake nor a C++ compiler ($cxx) found; build with -Dolafhe.native.skip=true" >&2
        exit 1
      fi
      echo "build-native.sh: WARNING: cmake not found; compiling the host-only native library (no CUDA) with $cxx" >&2
      mkdir -p "$dir"
      version=$(sed -n 's/^project(olafhe_native VERSION \([0-9.]*\).*/\1/p' "$src/CMakeLists.txt")
      "$cxx" -std=c++17 -O2 -shared -fPIC -fvisibility=hidden -I"$src/include" -I"$src/src" \
        -DOLAFHE_VERSION_STRING="\"$version\"" \
        "$src"/src/api/api_common.cpp "$src"/src/api/api_host_only.cpp -o "$dir/libolafhe_native.so"
    fi
    ;;
  test)
    if [ "${3:-false}" = "true" ]; then
      echo "build-native.sh: native host tests skipped (skipTests)"
    elif [ -f "$dir/CTestTestfile.cmake" ] && command -v ctest >/dev/null 2>&1; then
      (cd "$dir" && ctest --output-on-failure)
    else
      echo "build-native.sh: WARNING: native host tests not run (no CMake build in $dir)" >&2
    fi
    ;;
  *)
    echo "usage: build-native.sh build|test BUILD_DIR ..." >&2
    exit 2
    ;;
esac

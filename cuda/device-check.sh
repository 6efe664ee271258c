#!/usr/bin/env bash
# The GPU check and benchmarks of the CUDA backend, for a session that is lent a GPU machine (which has no JDK
# or Maven, and whose device time is short: one run must bring back everything).
#   cuda/device-check.sh prepare   # here: ola.jar, benchmarks.jar and a small Java runtime into .device/ (git-ignored)
#   cuda/device-check.sh run       # there (run tool, carry [".device"]): writes everything into $OUT
# "run" works through its steps in order of importance, each under what is left of a time budget
# (DEVICE_CHECK_BUDGET_S, default 560 s) and its own cap, and writes each step's output as it finishes, so a run
# cut short still returns the steps before the cut:
#   0. doctor-first.txt   `ola doctor`; if the jar's native libraries do not load here, native-rebuild.txt: they
#                         are rebuilt from cuda/ and the carried JNI source and loaded from /tmp/olafhe-native
#   1. device.txt         the GPU, driver and host (nvidia-smi, CPU model, cores)
#   2. check-logn*.txt    `ola doctor --check` at logN 12 and 16: every SPI primitive on the GPU vs the CPU
#                         reference, bit for bit (the contract); the run fails when any primitive differs
#   2a. counts.txt, counts/counts.{json,md}  OperationCounts on the GPU backend: SPI calls and the native context's
#                         counts (native calls, kernel launches, NTTs, allocations, copies) per key switch, hoisted
#                         batch and bootstrapping at logN 11, key switch and hoisted batch at logN 16 (after the
#                         logN-12 check; cheap: the launch counts are deterministic, one run is the measurement)
#   3. jmh-core-<b>.json  JMH: NTT, multiply+relinearize, rescale, rotate, 8 hoisted rotations at logN 16, for the
#                         GPU backend, then (after step 3b) the CPU backend on the same machine (the GPU-vs-CPU ratio)
#   3a. host-bound.txt    HostBoundProbe: for multiply+relinearize, rotate and rescale, how long the host took to
#                         queue 50 of them against how long until the GPU finished (near 1: the host is the limit)
#   3b. run-resnet20.txt  `ola run` of ResNet-20 with its OLA plan and 128-bit logN-16 bootstrapping on one
#                         encrypted test image, on the GPU (stage times, correctness against the plaintext model)
#   4. jmh-boot-<b>.json, jmh-poly-<b>.json  JMH single shots on the GPU: bootstrapping (2^14 slots, the ResNet
#                         chain), polynomial degrees 15, 31 and the composite ReLU
#   5. demo.txt           `ola demo` end to end on the GPU; then the CPU single shots of step 4 if time is left
# Locally (no GPU) the plumbing can be tried with DEVICE_CHECK_GPU_BACKEND=cpu and a small budget.
# Summarise the fetched folder here with: python3 bench/scripts/device_summary.py <folder> > <folder>/README.md
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
case "${1:-}" in
  prepare)
    mvn -B -q -o -DskipTests package
    rm -rf .device/lib
    mkdir -p .device/lib
    cp java/target/ola.jar bench/target/benchmarks.jar .device/lib/
    mkdir -p .device/data/fashion-mnist  # the test split only (4.4 MB): what `ola run` reads
    cp /usr/share/datasets/fashion-mnist/t10k-* .device/data/fashion-mnist/
    # for a rebuild there if the libraries built here do not load (older glibc/libstdc++ on the GPU machine):
    # the JNI glue's C++ source (JavaCPP, generate only) and the two JNI headers; cuda/ travels with the tree
    rm -rf .device/native-src
    java -cp java/target/ola.jar org.bytedeco.javacpp.tools.Builder -cp java/target/classes -nocompile \
      -d .device/native-src dev.olafhe.backend.cuda.NativeApi
    jdk_include="$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")/include"
    mkdir -p .device/native-src/include
    cp "$jdk_include/jni.h" "$jdk_include/linux/jni_md.h" .device/native-src/include/
    "$root/../shared/device/make-jre.sh" .device jdk.incubator.vector
    git rev-parse HEAD > .device/commit.txt
    du -sh .device
    ;;
  run)
    out=${OUT:-/tmp/device-check}
    budget=${DEVICE_CHECK_BUDGET_S:-560}
    gpu=${DEVICE_CHECK_GPU_BACKEND:-cuda}
    mkdir -p "$out" /tmp/olafhe-jre
    tar xzf .device/jre.tgz -C /tmp/olafhe-jre
    export PATH=/tmp/olafhe-jre/jre/bin:$PATH  # JMH forks with the java it runs on
    jvm=(--enable-native-access=ALL-UNNAMED -Dorg.bytedeco.javacpp.cachedir=/tmp/olafhe-javacpp)
    # The libraries in the jar were built on the development machine (glibc 2.34+, GCC 12's libstdc++). If they do
    # not load here, build them here (CMake, nvcc and g++ are on the GPU machines) and load those instead.
    if java "${jvm[@]}" -cp .device/lib/ola.jar dev.olafhe.cli.Main doctor 2>&1 | tee "$out/doctor-first.txt" \
        | grep -q "native library not built or not loadable"; then
      native=/tmp/olafhe-native
      mkdir -p "$native"
      {
        cmake -S cuda -B "$native/build" -DCMAKE_BUILD_TYPE=Release -DOLAFHE_BUILD_TESTS=OFF \
          -DOLAFHE_CUDA_ARCHITECTURES="90" && cmake --build "$native/build" -j "$(nproc)" &&
          cp "$native/build/libolafhe_native.so" "$native/" &&
          g++ -O2 -shared -fPIC -std=c++17 -I.device/native-src/include -Icuda/include \
            .device/native-src/jnijavacpp.cpp .device/native-src/jniNativeApi.cpp -L"$native" -lolafhe_native \
            -Wl,-rpath,'$ORIGIN' -o "$native/libjniNativeApi.so"
      } > "$out/native-rebuild.txt" 2>&1 || echo "native rebuild failed (see native-rebuild.txt)"
      jvm+=(-Djava.library.path="$native" -Dorg.bytedeco.javacpp.pathsFirst=true)
    fi
    # -Dolafhe.backend=cuda: a missing GPU is an error here, not a silent CPU fallback
    ola=(java "${jvm[@]}" "-Dolafhe.backend=$gpu" --add-modules jdk.incubator.vector -cp .device/lib/ola.jar
         dev.olafhe.cli.Main)
    started=$SECONDS
    status=0
    # step NAME FILE CAP_S COMMAND...: runs COMMAND for at most CAP_S seconds and what is left of the budget,
    # output to $out/FILE (a step cut short still leaves its output: progress lines say how far it got)
    step() {
      local name=$1 file=$2 cap=$3
      shift 3
      local left=$((budget - (SECONDS - started)))
      if [ "$left" -lt 30 ]; then
        echo "step $name: skipped, budget spent" | tee -a "$out/steps.txt"
        return 0
      fi
      [ "$cap" -lt "$left" ] && left=$cap
      local t0=$SECONDS rc=0
      timeout --kill-after=10 "$left" "$@" > "$out/$file" 2>&1 || rc=$?
      echo "step $name: rc $rc in $((SECONDS - t0)) s (limit $left s)" | tee -a "$out/steps.txt"
      return "$rc"
    }
    jmh() {  # jmh NAME BACKEND CAP_S REGEX OPTIONS...
      local name=$1 backend=$2 cap=$3 regex=$4
      shift 4
      step "$name-$backend" "$name-$backend.log" "$cap" java "${jvm[@]}" -jar .device/lib/benchmarks.jar "$regex" \
        -p backend="$backend" -jvmArgsPrepend "${jvm[*]}" -rf json -rff "$out/$name-$backend.json" "$@"
    }
    {
      echo "commit: $(cat .device/commit.txt 2>/dev/null || echo unknown)"
      echo "date_utc: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
      echo "cpu_model: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
      echo "cpus_online: $(nproc)"
      echo "memory: $(free -g | awk '/Mem:/ {print $2 " GiB"}')"
      echo "jdk: $(java -version 2>&1 | tr '\n' ' ')"
      nvidia-smi --query-gpu=name,driver_version,memory.total,clocks.max.sm --format=csv || echo "nvidia-smi failed"
    } > "$out/device.txt" 2>&1
    cat "$out/device.txt"
    step check-logn12 check-logn12.txt 120 "${ola[@]}" doctor --check || status=1
    # kernel launches and native calls per operation, as bench/results/*-counts-launches counts them emulated
    step counts counts.txt 90 java "${jvm[@]}" -Xmx6g --add-modules jdk.incubator.vector \
      -cp .device/lib/benchmarks.jar dev.olafhe.bench.OperationCounts --backend "$gpu" --no-image --n16 \
      --out "$out/counts" --commit "$(cat .device/commit.txt 2>/dev/null || echo unknown)" || status=1
    step check-logn16 check-logn16.txt 120 "${ola[@]}" doctor --check --check-logn 16 || status=1
    cat "$out"/check-logn*.txt
    core='dev.olafhe.bench.(NttBenchmark.[a-zA-Z]+|EvaluatorBenchmark.(rescale|multiplyRelinearize|rotate|rotateHoisted8))$'
    core_opts=(-f 1 -wi 2 -w 1s -i 5 -r 1s)
    jmh jmh-core "$gpu" 150 "$core" "${core_opts[@]}" || status=1
    # host-bound or device-bound: time to queue 50 operations against time until the device finished them
    step host-bound host-bound.txt 90 java "${jvm[@]}" -Xmx16g -cp .device/lib/benchmarks.jar \
      dev.olafhe.bench.HostBoundProbe "$gpu" 50 || status=1
    # the end-to-end result: ResNet-20 (OLA plan, 128-bit logN 16 bootstrapping) on one encrypted test image
    step run-resnet20 run-resnet20.txt 240 java "${jvm[@]}" -Xmx64g "-Dolafhe.backend=$gpu" \
      --add-modules jdk.incubator.vector -cp .device/lib/ola.jar dev.olafhe.cli.Main run \
      --model models/resnet20.onnx --plan models/resnet20.plan.json --bootstrapping n16-resnet \
      --data .device/data/fashion-mnist --seed 1 --insecure || status=1
    jmh jmh-core cpu 180 "$core" "${core_opts[@]}" || status=1
    boot=(dev.olafhe.bench.BootstrappingBenchmark -p slotsBelowMax=1 -f 1 -wi 1 -i 3)
    poly=(dev.olafhe.bench.PolynomialBenchmark -p polynomial=15,31,relu-15-15-27 -f 1 -wi 1 -i 3)
    jmh jmh-boot "$gpu" 150 "${boot[@]}" || status=1
    jmh jmh-poly "$gpu" 120 "${poly[@]}" || status=1
    step demo demo.txt 60 "${ola[@]}" demo --backend "$gpu" --logn 13 --seed 1 --insecure || status=1
    jmh jmh-boot cpu 240 "${boot[@]}" || true  # the CPU reference of the heavy ones: only if time is left
    jmh jmh-poly cpu 240 "${poly[@]}" || true
    echo "device-check status: $status (steps: $(tr '\n' ';' < "$out/steps.txt"))" | tee -a "$out/steps.txt"
    [ "$status" -eq 0 ]
    ;;
  *)
    echo "usage: cuda/device-check.sh prepare|run" >&2
    exit 2
    ;;
esac

#!/usr/bin/env bash
# The GPU check of the CUDA backend, for a session that is lent a GPU machine (which has no JDK or Maven).
#   cuda/device-check.sh prepare   # here: runnable jar + a small Java runtime into .device/ (git-ignored)
#   cuda/device-check.sh run       # there (run tool, carry [".device"]): writes $OUT/device-check.txt
# "run" prints the GPU, then `ola doctor --check` (every SPI primitive on the GPU vs the CPU reference, bit for
# bit, at logN 12 and 16) and `ola demo --backend cuda`. It exits non-zero when any primitive differs.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
case "${1:-}" in
  prepare)
    mvn -B -q -o -pl java -DskipTests package
    mkdir -p .device/lib
    cp java/target/ola.jar .device/lib/
    "$root/../shared/device/make-jre.sh" .device
    du -sh .device
    ;;
  run)
    out=${OUT:-/tmp/device-check}
    mkdir -p "$out" /tmp/olafhe-jre
    tar xzf .device/jre.tgz -C /tmp/olafhe-jre
    # -Dolafhe.backend=cuda: a missing GPU is an error here, not a silent CPU fallback
    java=(/tmp/olafhe-jre/jre/bin/java --enable-native-access=ALL-UNNAMED -Dolafhe.backend=cuda
          -Dorg.bytedeco.javacpp.cachedir=/tmp/olafhe-javacpp -cp .device/lib/ola.jar)
    {
      nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv || echo "nvidia-smi failed"
      status=0
      "${java[@]}" dev.olafhe.cli.Main doctor --check || status=1
      "${java[@]}" dev.olafhe.cli.Main doctor --check --check-logn 16 | sed -n '/^check/,$p' || status=1
      "${java[@]}" dev.olafhe.cli.Main demo --backend cuda --logn 13 --seed 1 || status=1
      echo "device-check status: $status"
    } 2>&1 | tee "$out/device-check.txt"
    grep -q "device-check status: 0" "$out/device-check.txt"
    ;;
  *)
    echo "usage: cuda/device-check.sh prepare|run" >&2
    exit 2
    ;;
esac

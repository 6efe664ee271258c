#!/usr/bin/env bash
# The machine block of a benchmark record (machine.txt): date, CPU and its vector flags, cores, memory, JDK, commit.
# Usage: tools/machine-info.sh JAVA_BINARY REPOSITORY_ROOT
set -euo pipefail
java="$1"
root="$2"
echo "date_utc: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
echo "cpu_model: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
echo "cpu_vector_flags: $(grep -m1 flags /proc/cpuinfo | tr ' ' '\n' | grep -E '^(avx|avx2|fma|avx512.*)$' | tr '\n' ' ')"
echo "cpus_online: $(nproc)"
echo "memory: $(free -g | awk '/Mem:/ {print $2 " GiB total, " $7 " GiB available"}')"
echo "jdk: $($java -version 2>&1 | tail -1)"
echo "git_commit: $(git -C "$root" rev-parse --short HEAD)"

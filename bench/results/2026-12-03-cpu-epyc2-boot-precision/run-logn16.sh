#!/usr/bin/env bash
# The logN 16 bootstrapping precision measurement of this directory: n16-h192 and n16-resnet, full slots (2^15),
# uniform input in [-1, 1] and all ones, one bootstrap each plus the stage error budget (which bootstraps once more,
# stage by stage), CPU backend, 2 threads, compact DFT factors (so that n16-resnet's keys fit a 14 GiB heap).
# Build first: mvn -B -q -Dolafhe.cuda=OFF -pl java,bench package -DskipTests
# Run (one heavy run at a time on the shared machine): flock /work/heavy.lock bash <this script>
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
out="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
jar="${JAR:-$root/bench/target/benchmarks.jar}"
{
  echo "date_utc: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "cpu_model: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
  echo "cpus_online: $(nproc)"
  echo "memory: $(free -g | awk '/Mem:/ {print $2 " GiB total, " $7 " GiB available"}')"
  echo "jdk: $(java -version 2>&1 | tr '\n' ' ')"
  echo "git_commit: $(git -C "$root" rev-parse --short HEAD)"
  echo "uptime_before: $(uptime)"
} > "$out/machine.txt"
for preset in n16-h192 n16-resnet; do
  /usr/bin/time -v java -Xmx14g -Xms1g -cp "$jar" dev.olafhe.bench.BootstrapPrecision "$preset" \
      --inputs uniform,ones --compact > "$out/logn16-$preset.log" 2> "$out/logn16-$preset.time.txt"
  echo "$preset exit $?" >> "$out/machine.txt"
done
echo "uptime_after: $(uptime)" >> "$out/machine.txt"

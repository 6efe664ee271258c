#!/usr/bin/env bash
# Runs the core CKKS JMH benchmarks (NTT, multiply+relinearize, rescale, rotate, hoisted rotations at
# logN 16, see bench/src/main/java/dev/olafhe/bench) with few forks/iterations, and writes the JSON, the
# machine description and a Markdown summary to bench/results/<date>-<backend>-<machine>/.
# Usage: bench/scripts/run-core-benchmarks.sh [backend=cpu] [extra JMH options...]
#   BENCH_INCLUDE (benchmark regex) and JMH_RUN_OPTS (forks/iterations) override the defaults below.
# Build first: mvn -B -DskipTests package
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
backend="${1:-cpu}"
shift || true
jar="$root/bench/target/benchmarks.jar"
[ -f "$jar" ] || { echo "missing $jar: run 'mvn -B -DskipTests package' first" >&2; exit 1; }
out="$root/bench/results/$(date -u +%Y-%m-%d)-$backend-${OLAFHE_MACHINE:-$(hostname -s)}"
mkdir -p "$out"

describe() {
  echo "date_utc: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "cpu_model: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
  echo "cpus_online: $(nproc)"
  echo "memory: $(free -g | awk '/Mem:/ {print $2 " GiB total, " $7 " GiB available"}')"
  echo "jdk: $(java -version 2>&1 | tr '\n' ' ')"
  echo "loadavg: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "git_commit: $(git -C "$root" rev-parse --short HEAD)"
  echo "training_job_done_flag: $([ -f /tmp/train/done.flag ] && echo present || echo absent)"
}

cat > "$out/BackendDescription.java" <<'JAVA'
public class BackendDescription {
    public static void main(String[] args) {
        try (dev.olafhe.backend.Backend b = dev.olafhe.backend.Backends.decide(args[0]).chosen().create()) {
            System.out.println(b.name() + ": " + b.description());
        }
    }
}
JAVA
{
  describe | sed 's/^/before_/'
  echo "backend: $(java -cp "$jar" "$out/BackendDescription.java" "$backend")"
} > "$out/machine.txt"
rm "$out/BackendDescription.java"
java -Xmx4g -cp "$jar" dev.olafhe.bench.KeyMemory --measure "$backend" > "$out/key-memory.txt"

# JMH allows one run per machine (/tmp/jmh.lock): wait for another run to finish, at most
# BENCH_LOCK_WAIT_S seconds, then run alongside it and say so.
waited=0
jmh_extra=()
while ! python3 -c 'import fcntl; fcntl.lockf(open("/tmp/jmh.lock", "a"), fcntl.LOCK_EX | fcntl.LOCK_NB)' 2>/dev/null; do
  if [ "$waited" -ge "${BENCH_LOCK_WAIT_S:-600}" ]; then
    jmh_extra=(-Djmh.ignoreLock=true)
    echo "concurrent_jmh: another JMH run still held /tmp/jmh.lock after ${waited} s; these ran alongside it" >> "$out/machine.txt"
    break
  fi
  sleep 15
  waited=$((waited + 15))
done
echo "jmh_lock_wait_s: $waited" >> "$out/machine.txt"
ps -eo pcpu,rss,args --sort=-pcpu | head -8 | cut -c1-200 > "$out/processes-at-start.txt"

# Load samples every 30 s while the benchmarks run (the machine may be shared: the summary quotes them).
(while true; do echo "$(date -u +%H:%M:%S) $(cut -d' ' -f1-3 /proc/loadavg)"; sleep 30; done) > "$out/load.txt" &
sampler=$!
trap 'kill $sampler 2>/dev/null || true' EXIT
echo "jmh_options: ${JMH_RUN_OPTS:--f 1 -wi 1 -w 3s -i 3 -r 5s -jvmArgsAppend -Xmx6g} $*" >> "$out/machine.txt"
# Few forks and iterations: the point is a first, honest number per operation, not a tight interval.
# -Xmx6g replaces the benchmarks' own heap settings: the largest state (8 rotation keys) needs ~2 GB live,
# and a smaller ceiling keeps a shared machine out of the OOM killer.
java "${jmh_extra[@]}" -jar "$jar" "${BENCH_INCLUDE:-dev.olafhe.bench.(NttBenchmark|EvaluatorBenchmark)}" -p backend="$backend" \
  ${JMH_RUN_OPTS:--f 1 -wi 1 -w 3s -i 3 -r 5s -jvmArgsAppend -Xmx6g} -rf json -rff "$out/jmh.json" "$@" | tee "$out/jmh.log"

describe | sed 's/^/after_/' >> "$out/machine.txt"
kill $sampler 2>/dev/null || true
python3 "$root/bench/scripts/jmh_summary.py" "$out" > "$out/README.md"
echo "results in $out"

#!/usr/bin/env bash
# Performance-regression check for a self-hosted runner (bench/ci/README.md): builds, picks the backend the runner
# has (ola doctor: CUDA when a usable GPU is there, else the CPU), runs the quick suite sized to the time budget,
# compares its record with the runner's stored baseline (bench/ci/baselines/<runner>.json) and leaves everything
# in an artefact folder, which it prints.
#
# Usage: bench/ci/regression.sh [--budget SECONDS] [--runner NAME] [--store-baseline] [--no-build]
#                               [--out DIR] [--baseline-dir DIR] [--history DIR]
#   --budget SECONDS   the whole run, build included (default 300); the suite gets what the build leaves
#   --runner NAME      the runner's name: its baseline file and history (default: $OLAFHE_RUNNER, $RUNNER_NAME
#                      (GitHub Actions), $CI_RUNNER_DESCRIPTION (GitLab), else the host name)
#   --store-baseline   when the runner has no baseline yet, store this run's record as its baseline
#   --no-build         use the jars already built (java/target/ola.jar, bench/target/benchmarks.jar)
#   --out DIR          artefact folder (default: bench/target/regression/<UTC time>-<runner>)
#   --baseline-dir DIR where baselines live (default: bench/ci/baselines)
#   --history DIR      also keep the record in DIR and render the runner's history from it (artefacts/history)
# Environment: REGRESSION_THRESHOLD (smallest relative slowdown that counts, default 0.20), REGRESSION_ALPHA
#   (rank-test level, default 0.01), REGRESSION_FORKS (JVMs the suite measures in, default 2),
#   REGRESSION_JAVA_OPTS (options for the suite's JVM, e.g. the test fixture
#   -Dolafhe.bench.slowPrimitive=rescaleNtt:2), OLAFHE_BACKEND (cpu|cuda|auto, default auto).
# Exit code: 0 no regression, 1 regression, 2 build or run failure, 3 no baseline and none stored.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
budget=300
runner="${OLAFHE_RUNNER:-${RUNNER_NAME:-${CI_RUNNER_DESCRIPTION:-$(hostname -s)}}}"
store=0
build=1
out=""
baselines="$root/bench/ci/baselines"
history=""
while [ $# -gt 0 ]; do
  case "$1" in
    --budget) budget="$2"; shift 2 ;;
    --runner) runner="$2"; shift 2 ;;
    --store-baseline) store=1; shift ;;
    --no-build) build=0; shift ;;
    --out) out="$2"; shift 2 ;;
    --baseline-dir) baselines="$2"; shift 2 ;;
    --history) history="$2"; shift 2 ;;
    -h|--help) sed -n '2,21p' "$0"; exit 0 ;;
    *) echo "regression.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done
runner="$(echo "$runner" | tr -c 'A-Za-z0-9._\n-' '_')"   # a file name
threshold="${REGRESSION_THRESHOLD:-0.20}"
alpha="${REGRESSION_ALPHA:-0.01}"
forks="${REGRESSION_FORKS:-2}"
start=$(date +%s)
out="${out:-$root/bench/target/regression/$(date -u +%Y%m%dT%H%M%SZ)-$runner}"
mkdir -p "$out" "$baselines"
ola_jar="$root/java/target/ola.jar"
bench_jar="$root/bench/target/benchmarks.jar"
commit="$(git -C "$root" rev-parse HEAD 2>/dev/null || echo unknown)"
gpu="$(nvidia-smi --query-gpu=name,driver_version --format=csv,noheader 2>/dev/null | head -1 || true)"

describe() {
  echo "date_utc: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "runner: $runner"
  echo "cpu_model: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
  echo "cpus_online: $(nproc)"
  echo "memory: $(free -g | awk '/Mem:/ {print $2 " GiB total, " $7 " GiB available"}')"
  echo "gpu: ${gpu:-none}"
  echo "jdk: $(java -version 2>&1 | head -1)"
  echo "loadavg: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "git_commit: $commit"
}
describe | sed 's/^/before_/' > "$out/machine.txt"
# uptime every 10 s while this runs: the load it ran under, for the reader of the results
(while true; do uptime; sleep 10; done) > "$out/load.txt" &
sampler=$!
trap 'kill $sampler 2>/dev/null || true' EXIT

if [ "$build" = 1 ]; then
  # CUDA kernels only where a GPU can run them; elsewhere the host-only native library
  cuda=OFF
  if [ -n "$gpu" ] && command -v nvcc >/dev/null; then cuda=ON; fi
  echo "build      : mvn package (CUDA $cuda), log in $out/build.log"
  if ! (cd "$root" && mvn -B -q -DskipTests -Dolafhe.cuda=$cuda -pl java,bench -am package) > "$out/build.log" 2>&1; then
    echo "regression.sh: the build failed; see $out/build.log" >&2
    exit 2
  fi
fi
for jar in "$ola_jar" "$bench_jar"; do
  [ -f "$jar" ] || { echo "regression.sh: missing $jar (build first, or drop --no-build)" >&2; exit 2; }
done
java -jar "$ola_jar" doctor > "$out/doctor.txt" 2>&1 || true
echo "backend    : $(grep -m1 '^decision' "$out/doctor.txt" | cut -d: -f2- | sed 's/^ *//')"

left=$(( budget - ($(date +%s) - start) - 10 ))   # 10 s for the comparison
if [ "$left" -lt 20 ]; then
  echo "budget     : ${budget} s leaves ${left} s for the suite; running its minimum (about 20 s) anyway"
  left=20
fi
echo "suite      : quick suite, ${left} s, $forks forks, log in $out/suite.log"
# shellcheck disable=SC2086  # REGRESSION_JAVA_OPTS holds several options
if ! java ${REGRESSION_JAVA_OPTS:-} -cp "$bench_jar" dev.olafhe.bench.QuickSuite --budget "$left" \
    --out "$out/record.json" --runner "$runner" --commit "$commit" --forks "$forks" > "$out/suite.log" 2>&1; then
  echo "regression.sh: the quick suite failed; see $out/suite.log" >&2
  exit 2
fi

baseline="$baselines/$runner.json"
if [ ! -f "$baseline" ]; then
  echo "baseline   : none for runner $runner ($baseline)"
  if [ "$store" = 0 ]; then
    echo "baseline   : nothing compared; run with --store-baseline to keep this record as the baseline"
    echo "artefacts  : $out"
    exit 3
  fi
  cp "$out/record.json" "$baseline"
  echo "baseline   : stored this run's record as $baseline; comparing it with itself as a check"
fi
set +e
java -jar "$ola_jar" bench compare "$baseline" "$out/record.json" --threshold "$threshold" --alpha "$alpha" \
    --out "$out" > "$out/compare.log" 2>&1
rc=$?
set -e
cat "$out/compare.log"
if [ "$rc" -ne 0 ] && [ "$rc" -ne 1 ]; then
  echo "regression.sh: the comparison failed (exit $rc); see $out/compare.log" >&2
  exit 2
fi
if [ -n "$history" ]; then
  mkdir -p "$history"
  cp "$out/record.json" "$history/$(date -u +%Y%m%dT%H%M%SZ)-${commit:0:10}.json"
  java -jar "$ola_jar" bench history "$history" --runner "$runner" --out "$out/history" > "$out/history.log" 2>&1 \
    || echo "regression.sh: the history could not be rendered; see $out/history.log" >&2
fi
describe | sed 's/^/after_/' >> "$out/machine.txt"
echo "artefacts  : $out"
exit $rc

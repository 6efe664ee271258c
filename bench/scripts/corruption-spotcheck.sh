#!/usr/bin/env bash
# Issue 15's "done when", rerun by hand: fresh random corruptions of every file the client and server commands read
# (bit flips, truncations, overwritten bytes) fed to the real CLI (INSECURE logN-11 key folder of tiny_resnet).
# Each run must end in exit 0 (the damage was harmless, e.g. JSON whitespace) or exit 2 with one "error:" line; a
# stack trace, another exit code or a time-out is a failure. Prints one line per run and a summary.
# Usage: bench/scripts/corruption-spotcheck.sh [RUNS_PER_FILE] [SEED]   (needs java/target/ola.jar: mvn package)
set -uo pipefail
cd "$(dirname "$0")/../.."
runs=${1:-4}
seed=${2:-$RANDOM}
jar=java/target/ola.jar
[ -f "$jar" ] || { echo "build $jar first (mvn -B -pl java -DskipTests package)" >&2; exit 2; }
ola() { timeout 120 java -Xmx4g -jar "$jar" "$@"; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp models/tiny_resnet.onnx models/tiny_resnet.plan.json "$work/"
ola keygen --model "$work/tiny_resnet.onnx" --plan "$work/tiny_resnet.plan.json" --logn 11 --insecure --seed 7 \
    --out "$work/keys" > "$work/keygen.log" 2>&1 || { cat "$work/keygen.log"; exit 2; }
ola encrypt --keys "$work/keys" --index 0 --out "$work/image.ct" > /dev/null 2>&1 || exit 2
ola infer --keys "$work/keys" --in "$work/image.ct" --out "$work/logits.ct" > /dev/null 2>&1 || exit 2
echo "seed $seed, $runs runs per file; key folder: $(ls "$work/keys" | tr '\n' ' ')"

# corrupt FILE KIND SEED: flip a bit, truncate, or overwrite 8 bytes with random ones, at a random place
corrupt() {
  python3 - "$1" "$2" "$3" <<'PY'
import os, random, sys
path, kind, seed = sys.argv[1], sys.argv[2], int(sys.argv[3])
r = random.Random(seed)
data = bytearray(open(path, 'rb').read())
if kind == 'flip':
    i = r.randrange(len(data)); data[i] ^= 1 << r.randrange(8)
elif kind == 'truncate':
    data = data[:r.randrange(len(data))]
else:
    i = r.randrange(max(1, len(data) - 8)); data[i:i + 8] = os.urandom(8)
open(path, 'wb').write(bytes(data))
PY
}

ok=0; refused=0; failed=0; n=0
check() { # check LABEL COMMAND...: run, classify
  local label=$1; shift
  local out rc
  out=$("$@" 2>&1 >/dev/null); rc=$?
  n=$((n + 1))
  if [ $rc -eq 0 ]; then ok=$((ok + 1)); verdict="exit 0"
  elif [ $rc -eq 2 ] && [ "$(printf '%s\n' "$out" | grep -v '^WARNING: Using incubator' | grep -c .)" -eq 1 ] \
       && ! printf '%s' "$out" | grep -q 'Exception\|	at '; then refused=$((refused + 1)); verdict="refused"
  else failed=$((failed + 1)); verdict="FAILED (exit $rc)"; fi
  printf '%-48s %-16s %s\n' "$label" "$verdict" "$(printf '%s' "$out" | grep -v '^WARNING' | head -1 | cut -c1-150)"
}

i=0
for target in keys/session.json keys/params.ckks keys/public.key keys/eval.keys keys/secret.key keys/readout.json \
              image.ct logits.ct tiny_resnet.plan.json tiny_resnet.onnx; do
  for kind in flip truncate overwrite; do
    for r in $(seq 1 "$runs"); do
      i=$((i + 1))
      rm -rf "$work/t"; mkdir "$work/t"
      cp -r "$work/keys" "$work/image.ct" "$work/logits.ct" "$work/tiny_resnet.onnx" "$work/tiny_resnet.plan.json" "$work/t/"
      # session.json names the model and plan relative to the key folder: the copies are the ones read
      corrupt "$work/t/$target" "$kind" $((seed + i))
      case "$target" in
        keys/secret.key|keys/readout.json|logits.ct)
          check "decrypt  $target $kind" ola decrypt --keys "$work/t/keys" --in "$work/t/logits.ct" ;;
        image.ct|keys/eval.keys)
          check "infer    $target $kind" ola infer --keys "$work/t/keys" --in "$work/t/image.ct" --out "$work/t/out.ct" ;;
        *)
          check "encrypt  $target $kind" ola encrypt --keys "$work/t/keys" --index 1 --out "$work/t/x.ct" ;;
      esac
    done
  done
done
echo "summary: $n runs: $refused refused in one line, $ok exit 0, $failed failed"
[ "$failed" -eq 0 ]

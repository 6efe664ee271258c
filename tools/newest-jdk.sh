#!/usr/bin/env bash
# Prints the home of the newest installed JDK with feature version >= 21 (or >= $1), or nothing (exit 0) when
# there is none. Looks at $OLAFHE_JDK_DIRS (colon-separated folders holding JDK homes) or, by default, the usual
# install folders. A JDK counts when it has bin/java and bin/javac; its version comes from its `release` file.
# Why: JDK 18+ has the Math.unsignedMultiplyHigh intrinsic the CPU kernels use (math/Modulus); 17 emulates it.
set -euo pipefail
min="${1:-21}"
dirs="${OLAFHE_JDK_DIRS:-/usr/lib/jvm:/usr/java:/opt/java:/opt/jdk:/Library/Java/JavaVirtualMachines}"
best_home=""
best_key=""
IFS=':' read -r -a roots <<< "$dirs"
for root in "${roots[@]}"; do
  [ -d "$root" ] || continue
  for home in "$root"/*/ "$root"/*/Contents/Home/; do
    home="${home%/}"
    [ -x "$home/bin/java" ] && [ -x "$home/bin/javac" ] && [ -f "$home/release" ] || continue
    version="$(sed -n 's/^JAVA_VERSION="\([^"]*\)".*/\1/p' "$home/release" | head -n1)"
    [ -n "$version" ] || continue
    IFS='.' read -r major minor patch _ <<< "${version//[^0-9.]/.}"
    major="${major:-0}"; minor="${minor:-0}"; patch="${patch:-0}"
    [ "$major" -ge "$min" ] 2>/dev/null || continue
    key="$(printf '%05d%05d%05d' "$major" "$minor" "$patch")"
    if [ -z "$best_key" ] || [[ "$key" > "$best_key" ]]; then
      best_key="$key"
      best_home="$(cd "$home" && pwd -P)"
    fi
  done
done
[ -n "$best_home" ] && echo "$best_home"
exit 0

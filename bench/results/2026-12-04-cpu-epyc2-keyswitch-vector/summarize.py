"""The table of README.md: per benchmark, the median [min-max] of all measurement iterations of each arm (vector,
scalar: one fork per round, see run.sh), the per-fork medians, vector/scalar, and the ratio to issue 16's OpenFHE."""
import json, os, statistics, sys
# optional argument: the run folder holding vector/ and scalar/ (default: this folder, the final run)
here = os.path.join(os.path.dirname(os.path.abspath(__file__)), sys.argv[1] if len(sys.argv) > 1 else "")
openfhe = {"EvaluatorBenchmark.multiplyRelinearize": 452, "EvaluatorBenchmark.rescale": 63,
           "EvaluatorBenchmark.rotate": 471, "EvaluatorBenchmark.rotateHoisted8": 1569}
arms = ["vector", "scalar"]
forks = {}
for arm in arms:
    for r in json.load(open(f"{here}/{arm}/jmh.json")):
        name = r["benchmark"].replace("dev.olafhe.bench.", "")
        for fork in r["primaryMetric"]["rawData"]:
            forks.setdefault(name, {}).setdefault(arm, []).append(fork)
print("| benchmark (ms/op) | vector median [min-max] | scalar median [min-max] | vector/scalar | fork medians vector"
      " / scalar | OpenFHE (issue 16) | vector/OpenFHE |")
print("|---|---:|---:|---:|---|---:|---:|")
for name in sorted(forks):
    by = forks[name]
    allv = {a: [x for f in by.get(a, []) for x in f] for a in arms}
    med = {a: statistics.median(allv[a]) for a in arms if allv[a]}
    cells = [f"{med[a]:.1f} [{min(allv[a]):.1f}-{max(allv[a]):.1f}]" if a in med else "" for a in arms]
    ratio = f"{med['vector'] / med['scalar']:.2f}" if len(med) == 2 else ""
    per_fork = " / ".join(", ".join(f"{statistics.median(f):.0f}" for f in by.get(a, [])) for a in arms)
    o = openfhe.get(name)
    vs = f"{med['vector'] / o:.2f}" if o and "vector" in med else ""
    print(f"| {name} | " + " | ".join(cells) + f" | {ratio} | {per_fork} | {o or ''} | {vs} |")

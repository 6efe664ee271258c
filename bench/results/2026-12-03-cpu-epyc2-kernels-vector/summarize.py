"""Medians per benchmark and configuration (main and the other folder) next to issue 16's OpenFHE figures."""
import json, os, statistics, sys
here = os.path.dirname(os.path.abspath(__file__))
openfhe = {"NttBenchmark.forwardNtt": 20.5, "EvaluatorBenchmark.multiplyRelinearize": 452,
           "EvaluatorBenchmark.rescale": 63, "EvaluatorBenchmark.rotate": 471, "EvaluatorBenchmark.rotateHoisted8": 1569}
configs = ["main"] + sorted(d for d in os.listdir(here) if d != "main" and os.path.exists(f"{here}/{d}/jmh.json"))
rows = {}
for c in configs:
    for r in json.load(open(f"{here}/{c}/jmh.json")):
        name = r["benchmark"].replace("dev.olafhe.bench.", "")
        samples = [x for fork in r["primaryMetric"]["rawData"] for x in fork]
        rows.setdefault(name, {})[c] = samples
print("| benchmark (ms/op) | " + " | ".join(f"{c} median [min-max]" for c in configs)
      + " | main/old | OpenFHE (issue 16) | main/OpenFHE |")
print("|---|" + "---:|" * (len(configs) + 3))
for name, by in rows.items():
    cells = [f"{statistics.median(by[c]):.1f} [{min(by[c]):.1f}-{max(by[c]):.1f}]" if c in by else "" for c in configs]
    ratio = (f"{statistics.median(by['main']) / statistics.median(by[configs[1]]):.2f}"
             if len(by) == 2 else "")
    o = openfhe.get(name)
    vs = f"{statistics.median(by['main']) / o:.2f}" if o and "main" in by else ""
    print(f"| {name} | " + " | ".join(cells) + f" | {ratio} | {o or ''} | {vs} |")

#!/usr/bin/env python3
"""After run.sh: moves each configuration's JMH JSON into its own folder with a machine.txt naming the commit and
JDK it ran (so the record readers attribute it right), and prints a Markdown table of medians and ratios."""
import glob, json, os, shutil, sys

out = os.path.dirname(os.path.abspath(__file__))
configs = {"before-jdk17": "5200242", "after-jdk17": None, "after-jdk25": None}
machine = [l for l in open(os.path.join(out, "machine.txt")) if not l.startswith(("git_commit", "before_commit", "jdk"))]
after_commit = [l.split(": ", 1)[1].strip() for l in open(os.path.join(out, "machine.txt")) if l.startswith("git_commit")][0]
# OpenFHE 1.5.1 single-thread figures quoted in issue 16 (ms), same parameters
openfhe = {"NttBenchmark.forwardNtt": 20.5, "EvaluatorBenchmark.multiplyRelinearize": 452,
           "EvaluatorBenchmark.rescale": 63, "EvaluatorBenchmark.rotate": 471, "EvaluatorBenchmark.rotateHoisted8": 1569}
medians = {}
for name, commit in configs.items():
    src = os.path.join(out, name + ".json")
    dest_dir = os.path.join(out, name)
    partial = sorted(glob.glob(os.path.join(out, "raw", name + "-*.json")))
    if not os.path.exists(src) and partial:  # run.sh stopped before combining: combine what finished
        json.dump([row for f in partial for row in json.load(open(f))], open(src, "w"), indent=2)
        for f in partial:
            os.remove(f)
    if os.path.exists(src):
        os.makedirs(dest_dir, exist_ok=True)
        shutil.move(src, os.path.join(dest_dir, "jmh.json"))
    rows = json.load(open(os.path.join(dest_dir, "jmh.json")))
    jdk = rows[0]["vmName"] + " " + rows[0]["jdkVersion"] if rows else "?"
    with open(os.path.join(dest_dir, "machine.txt"), "w") as f:
        f.writelines(machine)
        f.write(f"git_commit: {commit or after_commit}\njdk: {jdk}\nbackend: cpu (-Dolafhe.cpu.threads=1)\n")
    for r in rows:
        b = ".".join(r["benchmark"].split(".")[-2:])
        medians[(b, name)] = (r["primaryMetric"]["scorePercentiles"]["50.0"], r["primaryMetric"]["rawData"])
benches = sorted({b for b, _ in medians}, key=lambda b: list(openfhe).index(b) if b in openfhe else 99)
print("| benchmark (ms/op, median) | before JDK 17 | after JDK 17 | after JDK 25 | after/before (17) | after 25/before | OpenFHE (issue 16, quiet machine) |")
print("|---|---|---|---|---|---|---|")
for b in benches:
    v = [medians.get((b, n), (float("nan"), []))[0] for n in configs]
    print(f"| {b} | {v[0]:.1f} | {v[1]:.1f} | {v[2]:.1f} | {v[1]/v[0]:.2f} | {v[2]/v[0]:.2f} | {openfhe.get(b, '')} |")
print()
for b in benches:
    for n in configs:
        if (b, n) in medians:
            print(f"- {b} {n}: samples {[round(x, 1) for it in medians[(b, n)][1] for x in it]}")

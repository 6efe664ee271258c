#!/usr/bin/env python3
"""Turns the folder that `cuda/device-check.sh run` wrote on a GPU machine (device.txt, steps.txt,
check-logn*.txt, counts/counts.md, jmh-<step>-<backend>.json) into a Markdown summary on stdout: the machine, the outcome of the
bit-exact check, and per benchmark the median time on the GPU backend, on the CPU backend of the same machine,
and their ratio. Usage: device_summary.py FOLDER [GPU_BACKEND=cuda]"""
import glob
import json
import os
import re
import statistics
import sys


def medians(folder, backend):
    """(benchmark, params) -> (median, unit, samples) over all jmh-*-<backend>.json files."""
    found = {}
    for path in sorted(glob.glob(os.path.join(folder, f"jmh-*-{backend}.json"))):
        with open(path) as f:
            text = f.read().strip()
        if not text:
            continue  # JMH was cut short before it wrote anything
        for entry in json.loads(text):
            params = ", ".join(f"{k}={v}" for k, v in sorted(entry.get("params", {}).items()) if k != "backend")
            metric = entry["primaryMetric"]
            samples = [x for fork in metric.get("rawData", []) for x in fork]
            median = statistics.median(samples) if samples else metric["score"]
            name = entry["benchmark"].replace("dev.olafhe.bench.", "")
            found[(name, params)] = (median, metric["scoreUnit"], len(samples))
    return found


def main(folder, gpu):
    out = ["# CUDA backend on a GPU machine: check and benchmarks", ""]
    out.append("Written by `cuda/device-check.sh run`, summarised by `bench/scripts/device_summary.py`. "
               "Parameters: logN 16, 27 Q primes + 4 special primes, dnum 7 (`BenchParameters.logN16`); "
               "bootstrapping and polynomials on the N16_RESNET chain. Medians of the JMH samples.")
    out += ["", "## Machine", "", "```"]
    out += [line.rstrip("\n") for line in open(os.path.join(folder, "device.txt"))]
    out += ["```", "", "## Steps", ""]
    steps = os.path.join(folder, "steps.txt")
    if os.path.exists(steps):
        out += [f"- {line.strip()}" for line in open(steps) if line.startswith("step ")]
    out += ["", "## Bit-exact check (`ola doctor --check`)", ""]
    for path in sorted(glob.glob(os.path.join(folder, "check-logn*.txt"))):
        lines = [line.rstrip("\n") for line in open(path)]
        verdict = [line for line in lines if re.match(r"^(check|result|mismatch|  )", line)]
        out += [f"`{os.path.basename(path)}`:", "```"] + (verdict or lines[-20:]) + ["```", ""]
    counts = os.path.join(folder, "counts", "counts.md")
    if os.path.exists(counts):
        out += ["## Counts per operation (`OperationCounts`, deterministic)", ""]
        out += [line.rstrip("\n") for line in open(counts)] + [""]
    probe = os.path.join(folder, "host-bound.txt")
    if os.path.exists(probe):
        out += ["## Host-bound or device-bound (`HostBoundProbe`)", "", "```"]
        out += [line.rstrip("\n") for line in open(probe) if not line.startswith("WARNING")] + ["```", ""]
    run = os.path.join(folder, "run-resnet20.txt")
    if os.path.exists(run):
        lines = [line.rstrip("\n") for line in open(run)]
        kept = [line for line in lines if re.match(r"^(backend|keys|key memory|result|summary|  \S)", line)
                and "[" not in line]  # stage lines, not progress bars
        out += ["## ResNet-20 end to end (`ola run`, one encrypted image)", "", "```"] + (kept or lines[-25:]) + ["```", ""]
    on_gpu = medians(folder, gpu)
    on_cpu = medians(folder, "cpu") if gpu != "cpu" else {}
    out += ["## Benchmarks", "", f"| benchmark | parameters | {gpu} | cpu | cpu / {gpu} |", "|---|---|---:|---:|---:|"]
    for key in sorted(set(on_gpu) | set(on_cpu)):
        g = on_gpu.get(key)
        c = on_cpu.get(key)
        ratio = f"{c[0] / g[0]:.1f}x" if g and c and g[1] == c[1] and g[0] > 0 else ""
        cell = lambda m: f"{m[0]:.3f} {m[1]} (n={m[2]})" if m else "not run"
        out.append(f"| {key[0]} | {key[1]} | {cell(g)} | {cell(c)} | {ratio} |")
    out += ["", "Published GPU figures to compare with are in `../shared/docs/anchors.md` (e.g. logN-16 "
                "bootstrapping: Cheddar 31.2 ms on an H100 PCIe, HEonGPU < 170 ms on an RTX 4090, 100x 328 ms on a V100)."]
    print("\n".join(out))


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else "cuda")

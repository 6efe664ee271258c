#!/usr/bin/env python3
"""Turns a result folder of run-core-benchmarks.sh (jmh.json, machine.txt, load.txt, key-memory.txt) into
a Markdown summary on stdout."""
import json
import os
import sys


def main(folder):
    results = json.load(open(os.path.join(folder, "jmh.json")))
    machine = dict(line.rstrip("\n").split(": ", 1) for line in open(os.path.join(folder, "machine.txt"))
                   if ": " in line)
    loads = [float(line.split()[1]) for line in open(os.path.join(folder, "load.txt")) if len(line.split()) >= 2]
    out = ["# Core CKKS benchmarks", ""]
    out.append("Parameters: logN 16, 27 Q primes (60 + 26 x 45 bits), 4 x 61-bit special primes, "
               "log QP = 1474 (128-bit secure, uniform ternary secret), dnum 7; operations on top-level "
               "ciphertexts (level 26). See `bench/src/main/java/dev/olafhe/bench/BenchParameters.java`.")
    out.append("")
    out.append("## Machine")
    out.append("")
    labels = [("before_cpu_model", "CPU model"), ("before_cpus_online", "CPUs online"), ("before_memory", "memory"),
              ("before_jdk", "JDK"), ("backend", "backend"), ("before_git_commit", "commit"),
              ("jmh_options", "JMH options"), ("jmh_lock_wait_s", "waited for another JMH run (s)"), ("concurrent_jmh", "concurrent JMH run"),
              ("before_date_utc", "started"), ("after_date_utc", "finished"),
              ("before_loadavg", "load average (1/5/15 min) before"), ("after_loadavg", "load average after"),
              ("before_training_job_done_flag", "training job done flag before"),
              ("after_training_job_done_flag", "training job done flag after")]
    for key, label in labels:
        if key in machine:
            out.append(f"- {label}: {machine[key]}")
    if loads:
        out.append(f"- 1-min load average during the run (every 30 s): min {min(loads):.2f}, "
                   f"mean {sum(loads) / len(loads):.2f}, max {max(loads):.2f} on {machine.get('before_cpus_online', '?')} CPUs")
    procs = os.path.join(folder, "processes-at-start.txt")
    if os.path.exists(procs):
        out.append("")
        out.append("Busiest processes when the benchmarks started (%CPU, RSS KiB, command):")
        out.append("")
        out.append("```")
        out.extend(line.rstrip("\n") for line in open(procs))
        out.append("```")
    out.append("")
    out.append("## Results (time per operation)")
    out.append("")
    out.append("| benchmark | backend | median | min | max | unit | iterations | JMH threads |")
    out.append("|---|---|---:|---:|---:|---|---:|---:|")
    for r in results:
        name = r["benchmark"].rsplit(".", 2)
        name = ".".join(name[-2:])
        metric = r["primaryMetric"]
        raw = [v for fork in metric["rawData"] for v in fork]
        out.append("| {} | {} | {:.3f} | {:.3f} | {:.3f} | {} | {} | {} |".format(
            name, r.get("params", {}).get("backend", "?"), metric["scorePercentiles"]["50.0"], min(raw), max(raw),
            metric["scoreUnit"], len(raw), r["threads"]))
    out.append("")
    out.append("JMH threads = benchmark threads; the CPU backend itself parallelises each operation over RNS limbs "
               "with the thread count in the backend line above. `rotateHoisted8` and `rotatePlain8` time 8 "
               "rotations (steps 1..8) with and without a shared decomposition; `rotateCompactKey` is `rotate` with a "
               "compact key (uniform halves expanded from the seed at each use, half the key memory).")
    out.append("")
    out.append("## Key memory of these parameters")
    out.append("")
    out.append("```")
    out.extend(line.rstrip("\n") for line in open(os.path.join(folder, "key-memory.txt")))
    out.append("```")
    print("\n".join(out))


if __name__ == "__main__":
    main(sys.argv[1])

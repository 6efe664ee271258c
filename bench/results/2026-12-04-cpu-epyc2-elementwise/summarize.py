"""Per arm and operation: the min over rounds of each run's min, and the median of the runs' medians (ms)."""
import collections
import glob
import os
import re
import statistics
import sys

LINE = re.compile(r"^(.+?)\s+min\s+([\d.]+) ms\s+median\s+([\d.]+) ms\s+allocated (\d+) bytes/call")
rows = collections.defaultdict(list)
for path in sorted(glob.glob(os.path.join(sys.argv[1], "*.log"))):
    arm = os.path.basename(path)[:-4]
    for line in open(path):
        m = LINE.match(line.strip())
        if m:
            rows[(arm, m.group(1).strip())].append((float(m.group(2)), float(m.group(3)), int(m.group(4))))
print("| arm | operation | runs | min of mins (ms) | median of medians (ms) | max bytes allocated/call |")
print("|---|---|---|---|---|---|")
for (arm, op), runs in rows.items():
    print(f"| {arm} | {op} | {len(runs)} | {min(r[0] for r in runs):.3f} | "
          f"{statistics.median(r[1] for r in runs):.3f} | {max(r[2] for r in runs)} |")

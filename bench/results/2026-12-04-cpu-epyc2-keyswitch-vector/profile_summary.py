"""Where the time goes in a JFR recording: self (leaf) shares of the top methods, and inclusive shares of the key
switch's stages (the fraction of execution samples whose stack holds a frame of the stage). Usage:
python3 profile_summary.py JFR_FILE [JFR_BINARY]"""
import collections, json, subprocess, sys

# stage -> substrings of "Class.method" frames; a sample counts for a stage when any of its frames matches
STAGES = {
    "forward NTT (all)": ["NttTables.forward", "VectorNtt."],
    "inverse NTT (all)": ["NttTables.inverse", "VectorInverseNtt."],
    "key x digit inner product": ["CpuModulusSwitching.innerProductLimb"],
    "basis conversion: scaleSource": ["BasisConverter.scaleSource"],
    "basis conversion: overflow": ["BasisConverter.overflow"],
    "basis conversion: accumulate (+ u removal)": ["BasisConverter.accumulateBlock"],
    "ModUp (whole)": ["CpuModulusSwitching.modUp"],
    "ModDown (whole)": ["CpuModulusSwitching.modDown"],
    "inner product (whole call)": ["CpuModulusSwitching.innerProduct"],
    "automorphism": ["CpuBackend.automorphism"],
    "tensor / multiply": ["CpuBackend.tensor", "CpuBackend.mul"],
    "array copy / fill": ["System.arraycopy", "Arrays.fill"],
}

def frames_of(event):
    out = []
    for f in event["values"]["stackTrace"]["frames"]:
        m = f["method"]
        cls = m["type"]["name"].split("/")[-1].split(".")[-1]
        out.append(f"{cls}.{m['name']}")
    return out

def main():
    jfr_bin = sys.argv[2] if len(sys.argv) > 2 else "jfr"
    raw = subprocess.run([jfr_bin, "print", "--json", "--stack-depth", "96", "--events", "jdk.ExecutionSample",
                          sys.argv[1]], check=True, capture_output=True, text=True).stdout
    events = json.loads(raw)["recording"]["events"]
    total = len(events)
    leaf = collections.Counter()
    stage = collections.Counter()
    for e in events:
        fr = frames_of(e)
        if not fr:
            continue
        leaf[fr[0]] += 1
        for name, keys in STAGES.items():
            if any(any(k in f for k in keys) for f in fr):
                stage[name] += 1
    print(f"{total} execution samples")
    print("\n| top methods (self) | samples | share |\n|---|---:|---:|")
    for m, c in leaf.most_common(15):
        print(f"| {m} | {c} | {100.0 * c / total:.1f} % |")
    print("\n| stage (inclusive) | samples | share |\n|---|---:|---:|")
    for name in STAGES:
        print(f"| {name} | {stage[name]} | {100.0 * stage[name] / total:.1f} % |")

main()

#!/usr/bin/env python3
"""Attributes the JFR execution samples of a BootstrapPrecision run to the bootstrapping stages.

Usage: jfr_stages.py RECORDING.jfr RUN.log
RUN.log holds the run's output with stderr ("stage S ended at epoch ms T" lines, and the "bootstrap ... (ModRaise x s
...)" line for the first stage's start). Prints per stage its samples' top frames (self) and the frames on their
stacks (inclusive), as shares of the stage's samples. The jfr tool comes from $JFR, else PATH, else Temurin 25.
"""
import collections, datetime, json, os, re, shutil, subprocess, sys
jfr, log = sys.argv[1], sys.argv[2]
java_jfr = os.environ.get('JFR') or shutil.which('jfr') or '/usr/lib/jvm/temurin-25-jdk-amd64/bin/jfr'
ends = []
durs = {}
for line in open(log):
    m = re.match(r'stage (\S+) ended at epoch ms (\d+)', line)
    if m: ends.append((m.group(1), int(m.group(2))))
    m = re.search(r'bootstrap [\d.]+ s \((.*?)\)', line)
    if m:
        for st, d in re.findall(r'(\S+) ([\d.]+) s', m.group(1)): durs[st] = float(d)
windows = []
prev = None
for st, e in ends:
    start = prev if prev is not None else e - int(durs.get(st, 0) * 1000)
    windows.append((st, start, e)); prev = e
out = subprocess.run([java_jfr, 'print', '--json', '--stack-depth', '64', '--events', 'jdk.ExecutionSample', jfr],
                     capture_output=True, text=True).stdout
events = json.loads(out)['recording']['events']
def ms(t):
    return int(datetime.datetime.fromisoformat(t.replace('Z', '+00:00')).timestamp() * 1000)
per = collections.defaultdict(lambda: (collections.Counter(), collections.Counter(), [0]))
for ev in events:
    t = ms(ev['values']['startTime'])
    st = next((w[0] for w in windows if w[1] <= t < w[2]), None)
    if st is None: continue
    frames = ev['values']['stackTrace']['frames'] if ev['values']['stackTrace'] else []
    names = [f['method']['type']['name'].split('.')[-1] + '.' + f['method']['name'] for f in frames]
    selfc, incl, n = per[st]
    n[0] += 1
    if names: selfc[names[0]] += 1
    for nm in set(names):
        incl[nm] += 1
for st, s, e in windows:
    selfc, incl, n = per[st]
    print(f'## {st}: {(e - s) / 1000:.1f} s, {n[0]} samples')
    print('self:')
    for nm, c in selfc.most_common(14): print(f'  {100 * c / max(n[0], 1):5.1f}% {nm}')
    print('inclusive:')
    for nm, c in incl.most_common(40):
        if 'Thread.run' in nm or 'ForkJoin' in nm or 'Executor' in nm or 'lambda$' in nm and 'Parallel' in nm: continue
        print(f'  {100 * c / max(n[0], 1):5.1f}% {nm}')

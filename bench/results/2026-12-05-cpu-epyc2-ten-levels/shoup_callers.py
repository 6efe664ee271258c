#!/usr/bin/env python3
"""Samples of a JFR recording whose stack holds Modulus.shoup, by caller (how profile-nested-shoup.txt was made).
Usage: jfr print --events jdk.ExecutionSample --stack-depth 12 REC.jfr > samples.txt; shoup_callers.py samples.txt"""
import collections
import re
import sys

events = open(sys.argv[1]).read().split('jdk.ExecutionSample')
callers, hits, total = collections.Counter(), 0, 0
for e in events:
    m = re.search(r'stackTrace = \[(.*?)\n  \]', e, re.S)
    if not m:
        continue
    total += 1
    frames = [l.strip().split('(')[0] for l in m.group(1).strip().split('\n') if l.strip()]
    at = [i for i, f in enumerate(frames) if 'Modulus.shoup' in f]
    if at:
        hits += 1
        callers[' <- '.join(frames[at[0]:at[0] + 4])] += 1
print(f'{hits} of {total} samples hold Modulus.shoup ({100.0 * hits / total:.1f} %)')
for k, v in callers.most_common(8):
    print(v, k)

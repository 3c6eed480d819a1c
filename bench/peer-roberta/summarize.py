#!/usr/bin/python3
"""Medians of run.sh's results: samples/s of the peer and the plugin per precision and shape, and the ratio.
usage: summarize.py OUT_DIR"""
import glob, json, os, statistics, sys
from collections import defaultdict

out = sys.argv[1]
peer, plugin = defaultdict(list), defaultdict(list)
for line in open(os.path.join(out, "peer.jsonl")):
    r = json.loads(line)
    if r["batch"] == 32:
        peer[("bf16" if r["mode"].startswith("bf16") else "fp32", r["seq"])].append(r)
for path in glob.glob(os.path.join(out, "plugin-*.json")):
    r = json.load(open(path))
    plugin[(r["precision"], r["sequenceLength"])].append(r)


def med(rows, key):
    return statistics.median(r[key] for r in rows) if rows else float("nan")


def runs(rows, key):
    return " / ".join("%.2f" % r[key] for r in rows)


print("| shape, precision | runs | PyTorch train | plugin train | ratio | PyTorch infer | plugin infer | ratio |"
      " peak RSS MiB PyTorch / plugin |")
print("|---|---|---|---|---|---|---|---|---|")
for key in sorted(set(peer) | set(plugin), key=lambda k: (k[0], -k[1])):
    p, q = peer.get(key, []), plugin.get(key, [])
    pt, qt = med(p, "train_samples_per_s"), med(q, "trainSamplesPerSecond")
    pi, qi = med(p, "infer_samples_per_s"), med(q, "inferSamplesPerSecond")
    print("| 32 x %d, %s | %d / %d | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f | %.0f / %.0f |"
          % (key[1], key[0], len(p), len(q), pt, qt, qt / pt, pi, qi, qi / pi,
             med(p, "peak_rss_mib_process"), med(q, "peakResidentMiB")))
    print("|   each run (samples/s, train then infer) | | %s | %s | | %s | %s | | |"
          % (runs(p, "train_samples_per_s"), runs(q, "trainSamplesPerSecond"), runs(p, "infer_samples_per_s"),
             runs(q, "inferSamplesPerSecond")))
for key, q in sorted(plugin.items()):
    print("plugin %s 32 x %d: GEMM ceiling fp32 %s GFLOP/s%s; train %s GFLOP/s" % (
        key[0], key[1], runs(q, "fp32CeilingGflops"),
        "" if key[0] == "fp32" else ", bf16 " + runs(q, "bf16CeilingGflops"), runs(q, "trainGflops")))

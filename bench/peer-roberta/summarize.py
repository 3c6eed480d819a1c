#!/usr/bin/python3
"""Medians of run.sh's results: samples/s of the peer and the plugin per precision and shape, and the ratio.
usage: summarize.py OUT_DIR"""
import os, sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from run_figures import load, med, runs  # noqa: E402

# one model here: key by precision and shape
peer, plugin = ({(k[2], k[1]): v for k, v in side.items()} for side in load(sys.argv[1]))


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
        "" if key[0] == "fp32" else ", bf16 " + runs(q, "lowPrecisionCeilingGflops"), runs(q, "trainGflops")))

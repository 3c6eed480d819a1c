#!/usr/bin/python3
"""Medians of run.sh's results per model, shape and precision: samples/s of the peer and the plugin, their
ratio beside issue 16's target, the plugin's training as a share of its matrix-product ceiling, peak RSS.
usage: summarize.py OUT_DIR"""
import os, sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from run_figures import load, med, runs  # noqa: E402


def short(model):
    return "minilm" if "MiniLM" in model else "bertbase"


peer, plugin = ({(short(k[0]), k[1], k[2]): v for k, v in side.items()} for side in load(sys.argv[1]))

# issue 16: training >= 1.2x (fp32) / 1.3x (bf16), inference >= 1.5x / 1.3x, training >= 70% / 50% of the ceiling
TARGET = {"fp32": (1.2, 1.5, 0.70), "bf16": (1.3, 1.3, 0.50)}



print("| model, shape, precision | runs | train: PyTorch / plugin | ratio (target) | infer: PyTorch / plugin"
      " | ratio (target) | plugin train, share of ceiling (target) | peak RSS MiB: PyTorch / plugin |")
print("|---|---|---|---|---|---|---|---|")
for key in sorted(set(peer) | set(plugin)):
    p, q = peer.get(key, []), plugin.get(key, [])
    t = TARGET[key[2]]
    pt, qt = med(p, "train_samples_per_s"), med(q, "trainSamplesPerSecond")
    pi, qi = med(p, "infer_samples_per_s"), med(q, "inferSamplesPerSecond")
    print("| %s, 32 x %d, %s | %d / %d | %.1f / %.1f | %.2f (%.1f) | %.1f / %.1f | %.2f (%.1f) | %.0f%% (%.0f%%) | %.0f / %.0f |"
          % (key[0], key[1], key[2], len(p), len(q), pt, qt, qt / pt, t[0], pi, qi, qi / pi, t[1],
             100 * med(q, "trainShareOfCeiling"), 100 * t[2], med(p, "peak_rss_mib_process"), med(q, "peakResidentMiB")))
print()
for key in sorted(set(peer) | set(plugin)):
    p, q = peer.get(key, []), plugin.get(key, [])
    print("%s 32 x %d %s, each run: train PyTorch %s, plugin %s; infer PyTorch %s, plugin %s; plugin ceilings fp32 %s,"
          " low precision %s GFLOP/s" % (key[0], key[1], key[2], runs(p, "train_samples_per_s", "%.1f"),
                                         runs(q, "trainSamplesPerSecond"), runs(p, "infer_samples_per_s"),
                                         runs(q, "inferSamplesPerSecond"), runs(q, "fp32CeilingGflops"),
                                         runs(q, "lowPrecisionCeilingGflops")))

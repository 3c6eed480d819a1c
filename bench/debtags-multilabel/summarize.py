#!/usr/bin/env python3
"""Prints the multi-label figures of a finetune:train run next to the trivial baselines of the same test rows.

usage: python3 summarize.py [EVALUATION_JSON] [DATA_DIR]
       (defaults: target/finetune/evaluation.json and target/debtags beside this script)
Reads each split's "multiLabel" object (microF1, macroF1, subsetAccuracy, hammingLoss, ...); where a figure is
missing it prints the whole test object instead, as the file's layout for multi-label may still change.
"""
import collections
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
evaluation = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "target", "finetune", "evaluation.json")
data = sys.argv[2] if len(sys.argv) > 2 else os.path.join(HERE, "target", "debtags")
KEYS = ["microF1", "macroF1", "subsetAccuracy", "hammingLoss", "microPrecision", "microRecall", "rocAuc", "prAuc",
        "loss"]

report = json.load(open(evaluation))  # json accepts the NaN that the plugin writes for undefined figures
complete = True
for split in ("validation", "test"):
    figures = report.get(split)
    if not isinstance(figures, dict):
        print("%s: not in %s" % (split, evaluation))
        complete = complete and split != "test"
        continue
    multi = figures.get("multiLabel") if isinstance(figures.get("multiLabel"), dict) else {}
    found = [k for k in KEYS if isinstance(multi.get(k), (int, float))]
    rows = multi.get("count", figures.get("count"))
    print("%-10s %s rows: %s" % (split, rows, ", ".join("%s %.4f" % (k, multi[k]) for k in found) or "(no figures)"))
    if split == "test":
        complete = "microF1" in found and "macroF1" in found
        per_label = multi.get("perLabel")
        if isinstance(per_label, list) and per_label:
            print("  per label (test): " + ", ".join("%s F1 %.3f" % (c.get("label"), c.get("f1", float("nan")))
                                                     for c in per_label if isinstance(c, dict)))
if not complete and isinstance(report.get("test"), dict):
    print("\nthe test split's figures are not where expected; the whole object:")
    print(json.dumps(report["test"], indent=2, allow_nan=True))


def read(name):
    return [set(json.loads(line)["labels"]) for line in open(os.path.join(data, name + ".jsonl"), encoding="utf-8")]


def micro_f1(truth, predicted):
    tp = sum(len(t & predicted) for t in truth)
    wrong = sum(len(predicted - t) + len(t - predicted) for t in truth)
    return 2 * tp / (2 * tp + wrong) if tp else 0.0


if os.path.exists(os.path.join(data, "train.jsonl")):
    train, test = read("train"), read("test")
    labels = sorted(set().union(*train))
    frequent = {l for l in labels if sum(l in t for t in train) >= 0.5 * len(train)}
    common = set(collections.Counter(frozenset(t) for t in train).most_common(1)[0][0])
    print("\ntrivial baselines on the %d test rows: micro-F1 %.4f predicting every label with training share >= 0.5"
          " %s; %.4f predicting the commonest training label set %s"
          % (len(test), micro_f1(test, frequent), sorted(frequent), micro_f1(test, common), sorted(common)))

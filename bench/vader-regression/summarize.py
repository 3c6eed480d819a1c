#!/usr/bin/env python3
"""Prints the regression figures of a finetune:train run next to the training-mean baseline of the same test rows.

usage: python3 summarize.py [EVALUATION_JSON] [DATA_DIR]
       (defaults: target/finetune/evaluation.json and target/vader beside this script)
Reads each split's "regression" object (mse, rmse, mae, r2, pearson, spearman); where a figure is missing it prints
the whole test object instead, as the file's layout for regression may still change.
"""
import csv
import json
import math
import os
import statistics
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
evaluation = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "target", "finetune", "evaluation.json")
data = sys.argv[2] if len(sys.argv) > 2 else os.path.join(HERE, "target", "vader")
KEYS = ["mse", "rmse", "mae", "r2", "pearson", "spearman", "loss"]

report = json.load(open(evaluation))  # json accepts the NaN that the plugin writes for undefined figures
complete = True
for split in ("validation", "test"):
    figures = report.get(split)
    if not isinstance(figures, dict):
        print("%s: not in %s" % (split, evaluation))
        complete = complete and split != "test"
        continue
    regression = figures.get("regression") if isinstance(figures.get("regression"), dict) else {}
    found = [k for k in KEYS if isinstance(regression.get(k), (int, float))]
    rows = regression.get("count", figures.get("count"))
    print("%-10s %s rows: %s" % (split, rows, ", ".join("%s %.4f" % (k, regression[k]) for k in found)
                                 or "(no figures)"))
    if split == "test":
        complete = "mse" in found and "pearson" in found
if not complete and isinstance(report.get("test"), dict):
    print("\nthe test split's figures are not where expected; the whole object:")
    print(json.dumps(report["test"], indent=2, allow_nan=True))


def scores(name):
    with open(os.path.join(data, name + ".csv"), encoding="utf-8", newline="") as f:
        return [float(row["score"]) for row in csv.DictReader(f)]


if os.path.exists(os.path.join(data, "train.csv")):
    train, test = scores("train"), scores("test")
    mean = statistics.mean(train)
    mse = statistics.mean((s - mean) ** 2 for s in test)
    print("\nbaseline on the %d test rows, predicting the training mean %.4f: MSE %.4f, RMSE %.4f, MAE %.4f,"
          " Pearson undefined" % (len(test), mean, mse, math.sqrt(mse), statistics.mean(abs(s - mean) for s in test)))

#!/usr/bin/env python3
"""A non-trivial reference for the debtags data: one-vs-rest logistic regression on binary bag-of-words features
(lower-cased words seen in >= 2 training texts), plain SGD, 8 epochs, threshold 0.5, standard library only.
Prints the test micro-F1 and macro-F1, and per label its test share, the F1 of always predicting it, and the
model's F1 (how README.md checked that each chosen tag can be learnt from the text at all).

usage: python3 bow_baseline.py [DATA_DIR]   (default target/debtags beside this script; reads train/test.jsonl)
"""
import collections
import json
import math
import os
import random
import re
import sys

data = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "target",
                                                          "debtags")
train = [json.loads(line) for line in open(os.path.join(data, "train.jsonl"), encoding="utf-8")]
test = [json.loads(line) for line in open(os.path.join(data, "test.jsonl"), encoding="utf-8")]
labels = sorted({l for row in train for l in row["labels"]})


def words(text):
    return set(re.findall(r"[a-z0-9+#]+", text.lower()))


df = collections.Counter(w for row in train for w in words(row["text"]))
vocab = {w: i for i, w in enumerate(sorted(w for w, n in df.items() if n >= 2))}
x_train = [[vocab[w] for w in words(r["text"]) if w in vocab] for r in train]
x_test = [[vocab[w] for w in words(r["text"]) if w in vocab] for r in test]
weights = {l: [0.0] * len(vocab) for l in labels}
bias = {l: 0.0 for l in labels}
order = list(range(len(train)))
draw = random.Random(1)
for epoch in range(8):
    draw.shuffle(order)
    rate = 0.2 / (1 + epoch)
    for i in order:
        x, truth = x_train[i], set(train[i]["labels"])
        for l in labels:
            w = weights[l]
            z = max(-30.0, min(30.0, bias[l] + sum(w[j] for j in x)))
            g = 1 / (1 + math.exp(-z)) - (l in truth)
            bias[l] -= rate * g
            for j in x:
                w[j] -= rate * (g + 1e-4 * w[j])
predicted = [{l for l in labels if bias[l] + sum(weights[l][j] for j in x) > 0} for x in x_test]
truths = [set(r["labels"]) for r in test]


def f1(tp, fp, fn):
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


tp = sum(len(t & p) for t, p in zip(truths, predicted))
fp = sum(len(p - t) for t, p in zip(truths, predicted))
fn = sum(len(t - p) for t, p in zip(truths, predicted))
per_label = []
print("%-26s %7s %13s %8s" % ("label", "share", "always-yes F1", "BoW F1"))
for l in labels:
    a = sum(l in t and l in p for t, p in zip(truths, predicted))
    b = sum(l not in t and l in p for t, p in zip(truths, predicted))
    c = sum(l in t and l not in p for t, p in zip(truths, predicted))
    share = sum(l in t for t in truths) / len(truths)
    per_label.append(f1(a, b, c))
    print("%-26s %6.1f%% %13.3f %8.3f" % (l, 100 * share, 2 * share / (1 + share), per_label[-1]))
print("bag-of-words logistic regression on test: micro-F1 %.3f, macro-F1 %.3f, exact match %.3f"
      % (f1(tp, fp, fn), sum(per_label) / len(per_label),
         sum(t == p for t, p in zip(truths, predicted)) / len(truths)))

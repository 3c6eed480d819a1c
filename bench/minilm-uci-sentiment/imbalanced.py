#!/usr/bin/env python3
"""Writes UCI sentiment with 90% of the positive rows dropped (README, *Imbalanced data*).

usage: imbalanced.py SOURCE_DIR TARGET_DIR   (SOURCE_DIR holds uci_sentiment_train.csv and uci_sentiment_test.csv)
then:  ./mvnw -B -f bench/minilm-uci-sentiment/pom.xml finetune:train -Dbench.data=TARGET_DIR \\
           -Dfinetune.classWeights=balanced -Dfinetune.seed=42
"""
import csv
import os
import random
import sys

source, target = sys.argv[1], sys.argv[2]
os.makedirs(target, exist_ok=True)
for name in ("uci_sentiment_train.csv", "uci_sentiment_test.csv"):
    with open(os.path.join(source, name), newline="") as f:
        rows = list(csv.DictReader(f))
    draw = random.Random(7)  # one stream per file, as measured
    kept = [r for r in rows if r["label"] == "0" or draw.random() < 0.1]
    with open(os.path.join(target, name), "w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=["text", "label", "source"])
        writer.writeheader()
        writer.writerows(kept)
    print(f"{name}: {len(kept)} rows, {sum(r['label'] == '1' for r in kept)} positive")

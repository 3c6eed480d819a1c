"""Rows of eight same-label UCI sentences (about 130 tokens, cut to maxLength 100): 512 train, 64 validation, 64 test."""
import csv
import os
import random
import sys

source, out = sys.argv[1], sys.argv[2]
rows = list(csv.DictReader(open(source, newline="")))
texts = {label: [r["text"] for r in rows if r["label"] == label] for label in ("0", "1")}
rng = random.Random(1)
os.makedirs(out, exist_ok=True)
for split, count in (("train", 512), ("validation", 64), ("test", 64)):
    with open(os.path.join(out, split + ".csv"), "w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["text", "label"])
        for _ in range(count):
            label = rng.choice("01")
            writer.writerow([" ".join(rng.sample(texts[label], 8)), label])

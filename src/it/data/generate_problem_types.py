"""Writes the multi-label (topics/) and regression (ratings/) IT and test data: template sentences, seeded.

Run from this folder: python3 generate_problem_types.py. Deterministic (random.Random(17)).
"""
import csv
import json
import random

NOUNS = {"film": ["film"], "food": ["food"],
         "service": ["service"], "music": ["music"]}
GOOD = ["great", "excellent", "wonderful", "superb", "lovely", "fantastic"]
BAD = ["terrible", "awful", "poor", "useless", "boring", "horrible"]
rng = random.Random(17)


def clause(noun, good):
    adjective = rng.choice(GOOD if good else BAD)
    return rng.choice(["the {n} was {a}", "what {a} {n}", "i found the {n} {a}", "{a} {n}"]).format(n=noun, a=adjective)


def topics_row():
    chosen = rng.sample(sorted(NOUNS), rng.choice([1, 1, 2, 2, 3]))
    parts = [clause(rng.choice(NOUNS[t]), rng.random() < 0.5) for t in chosen]
    return {"text": ", and ".join(parts), "labels": chosen}


def ratings_row():
    clauses = rng.choice([1, 2, 3, 4])
    good = [rng.random() < 0.5 for _ in range(clauses)]
    parts = [clause(rng.choice(rng.choice(list(NOUNS.values()))), g) for g in good]
    # The share of praising clauses on a 1-5 scale: 1 + 4 * good / clauses (fractions such as 2.333).
    return {"text": ", but ".join(parts), "rating": round(1 + 4 * sum(good) / clauses, 3)}


for split, rows in (("train", 240), ("test", 60)):
    with open("topics/%s.jsonl" % split, "w") as out:
        for _ in range(rows):
            out.write(json.dumps(topics_row()) + "\n")
    with open("ratings/%s.csv" % split, "w", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["text", "rating"])
        for _ in range(rows):
            r = ratings_row()
            writer.writerow([r["text"], r["rating"]])

"""What the bench summarizers share: reading the peer's bench_shapes.py lines and finetune:benchmark's
benchmark.json copies from one folder, the median of a figure over runs, and every run's figure."""
import glob, json, os, statistics
from collections import defaultdict


def load(out):
    """(peer, plugin): runs of each side by (model as given, sequence length, "fp32" or "bf16"), batch 32 only."""
    peer, plugin = defaultdict(list), defaultdict(list)
    for line in open(os.path.join(out, "peer.jsonl")):
        r = json.loads(line)
        if r["batch"] == 32:
            peer[(os.path.basename(r["model"]), r["seq"], "bf16" if r["mode"].startswith("bf16") else "fp32")].append(r)
    for path in glob.glob(os.path.join(out, "plugin-*.json")):
        r = json.load(open(path))
        plugin[(os.path.basename(r["model"]), r["sequenceLength"], r["precision"])].append(r)
    return peer, plugin


def med(rows, key):
    """The median of rows[*][key]; nan when there are no rows."""
    return statistics.median(r[key] for r in rows) if rows else float("nan")


def runs(rows, key, fmt="%.2f"):
    """Each run's figure, in order, for the record beside the median; "-" where a run has none (an fp32 run
    measures no low-precision ceiling)."""
    return " / ".join("-" if r.get(key) is None else fmt % r[key] for r in rows)

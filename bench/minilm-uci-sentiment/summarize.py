#!/usr/bin/python3
"""side-by-side.sh's table: wall time and peak RSS of each whole process (GNU time), test accuracy and F1, the
plugin's ratio to the peer (issue 16's targets: <= 0.6 at freeze 0, <= 0.5 at freeze 3), and the test accuracy
per seed and precision.
usage: summarize.py OUT_DIR"""
import glob, json, os, re, statistics, sys

out = sys.argv[1]


def gnu_time(log):
    text = open(log).read()
    wall = re.search(r"Elapsed \(wall clock\) time.*: (?:(\d+):)?(\d+):([\d.]+)", text)
    seconds = int(wall.group(1) or 0) * 3600 + int(wall.group(2)) * 60 + float(wall.group(3))
    rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", text).group(1)) / 1024
    return seconds, rss


peer = {}
for line in open(os.path.join(out, "peer.jsonl")):
    r = json.loads(line)
    last = r["epochs_detail"][-1]
    peer[r["freeze"]] = (last["eval_accuracy"], last["eval_f1"])
print("| case | PyTorch: wall, peak RSS | plugin: wall, peak RSS | plugin / PyTorch (target) | test accuracy / F1: PyTorch | plugin |")
print("|---|---|---|---|---|---|")
for f in sorted(peer):
    pw, pr = gnu_time(os.path.join(out, "peer-f%d.log" % f))
    for path in sorted(glob.glob(os.path.join(out, "plugin-f%d-*-s42.log" % f))):
        precision = path.split("-")[-2]
        qw, qr = gnu_time(path)
        test = json.load(open(path[:-4] + ".json"))["test"]
        print("| freeze %d, plugin %s | %.0f s, %.0f MiB | %.0f s, %.0f MiB | %.2f (%.1f) | %.3f / %.3f | %.3f / %.3f |"
              % (f, precision, pw, pr, qw, qr, qw / pw, 0.6 if f == 0 else 0.5, peer[f][0], peer[f][1],
                 test["accuracy"], test["f1"]))
print()
by = {}
for path in glob.glob(os.path.join(out, "plugin-f0-*.json")):
    _, _, precision, seed = os.path.basename(path)[:-5].split("-")
    by.setdefault(precision, {})[int(seed[1:])] = json.load(open(path))["test"]["accuracy"]
for precision, seeds in sorted(by.items()):
    print("freeze 0, %s: test accuracy %s (mean %.3f)" % (
        precision, ", ".join("seed %d %.3f" % (s, a) for s, a in sorted(seeds.items())),
        statistics.mean(seeds.values())))

#!/usr/bin/env python3
"""Builds a multi-label data set from Debian bookworm's package index: text = a package's description, labels =
its debtags restricted to a fixed set of 18 tags (README.md says how they were chosen).

usage: python3 build.py [OUT_DIR] [--max-train N] [--max-test N] [--packages FILE] [--translations FILE]
                        [--no-fetch] [--candidates] [--labels A,B,...]
OUT_DIR defaults to target/debtags beside this script. It gets train.jsonl / test.jsonl ({"text": ...,
"labels": [...]}) and the same rows as train.csv / test.csv (columns text,labels; labels joined with |).

Sources (standard library only; lz4cat decompresses .lz4):
- Packages: /var/lib/apt/lists/deb.debian.org_debian_dists_bookworm_main_binary-amd64_Packages.lz4 (the Tag field
  and the short description). Bookworm's index carries no long descriptions: they live in
  main/i18n/Translation-en, keyed by Package and Description-md5.
- Translation-en: --translations FILE, else one beside the Packages file, else one fetched earlier into apt-lists/
  beside OUT_DIR (target/apt-lists), else fetched there now by apt-get update (as root; Acquire::Languages=en, its
  own lists directory, the system's lists untouched; --no-fetch forbids it). apt checks it against the signed
  InRelease; the fetched InRelease is compared with the system's.

Rows: packages with a Tag field and an English long description whose Description-md5 matches, minus lib*,
*-dev, *-doc(s), *-dbg(sym) (README.md says why); identical texts are merged (one row; a text whose packages
disagree on the restricted labels is dropped); rows left without any of the 18 labels are dropped. Split: 20%
test by SHA-256 of the source package name (binaries built from one source share descriptions), then each
split is capped at --max-train / --max-test rows, keeping those with the lowest SHA-256 of the package name.
"""
import argparse
import collections
import csv
import glob
import gzip
import hashlib
import bz2
import json
import lzma
import os
import re
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
LISTS = "/var/lib/apt/lists"
PACKAGES = LISTS + "/deb.debian.org_debian_dists_bookworm_main_binary-amd64_Packages.lz4"

# The label set: down the frequency ranking of the kept packages' tags (no lib*/-dev/-doc) in the facets role,
# interface, uitoolkit, use, works-with, scope, network and implemented-in, the first 18 that are neither given away
# by the package name or another label nor beyond what the text says (README.md; --candidates prints the ranking).
LABELS = [
    "role::program",
    "scope::utility",
    "interface::commandline",
    "interface::graphical",
    "uitoolkit::gtk",
    "role::app-data",
    "uitoolkit::qt",
    "role::plugin",
    "works-with::text",
    "use::gameplaying",
    "uitoolkit::ncurses",
    "interface::daemon",
    "use::converting",
    "network::server",
    "scope::application",
    "works-with::audio",
    "use::editing",
    "uitoolkit::sdl",
]
CANDIDATE_FACETS = ("role", "interface", "uitoolkit", "use", "works-with", "scope", "network", "implemented-in")
# Skipped although frequent (--candidates marks them with -).
EXCLUDED = {
    "interface::x11": "tagged together with interface::graphical",
    "implemented-in::c": "the text seldom says; bag-of-words F1 0.40 vs 0.37 for always-yes",
    "implemented-in::c++": "the text seldom says; bag-of-words F1 0.25 vs 0.19 for always-yes",
    "implemented-in::python": "python3-* names, 'Python' in the text",
    "implemented-in::perl": "*-perl names",
    "implemented-in::java": "*-java names",
    "role::shared-lib": "lib* names (dropped)",
    "role::devel-lib": "*-dev names (dropped)",
    "role::documentation": "*-doc names (dropped)",
    "role::debug-symbols": "*-dbg names (dropped)",
    "interface::text-mode": "mostly the uitoolkit::ncurses packages",
}


def read_text(path):
    """A (possibly compressed) apt list as text."""
    if path.endswith(".lz4"):
        if not shutil.which("lz4cat"):
            sys.exit("lz4cat is needed to read " + path + " (apt-get install lz4)")
        data = subprocess.run(["lz4cat", path], check=True, stdout=subprocess.PIPE).stdout
    elif path.endswith(".xz"):
        data = lzma.open(path).read()
    elif path.endswith(".gz"):
        data = gzip.open(path).read()
    elif path.endswith(".bz2"):
        data = bz2.open(path).read()
    else:
        data = open(path, "rb").read()
    return data.decode("utf-8")


def stanzas(text):
    """Deb822 paragraphs as dicts; continuation lines are kept, joined with newlines."""
    for block in text.split("\n\n"):
        fields, key = {}, None
        for line in block.split("\n"):
            if not line:
                continue
            if line[0] in " \t":
                if key is not None:
                    fields[key] += "\n" + line
            else:
                key, _, value = line.partition(":")
                fields[key] = value.strip()
        if fields:
            yield fields


def description_text(description):
    """The short line plus the long description, ' .' paragraph markers dropped, whitespace normalised."""
    lines = description.split("\n")
    parts = [lines[0]] + [l.strip() for l in lines[1:] if l.strip() != "."]
    return " ".join(" ".join(parts).split())


def tags(stanza):
    return [t.strip() for t in stanza.get("Tag", "").replace("\n", " ").split(",") if t.strip()]


def dropped_by_name(name):
    return (name.startswith("lib") or re.search(r"-(dev|docs?|dbg|dbgsym)$", name) is not None)


def sha(text):
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def find_translations(packages, out_dir, fetch):
    """Translation-en for the same archive: given, in the system lists, fetched earlier, or fetched now."""
    prefix = os.path.basename(packages).split("_binary-")[0]  # deb.debian.org_debian_dists_bookworm_main
    found = sorted(glob.glob(os.path.join(os.path.dirname(packages), prefix + "_i18n_Translation-en*")))
    if found:
        return found[0]
    private = os.path.join(os.path.dirname(out_dir), "apt-lists")
    found = sorted(glob.glob(os.path.join(private, "lists", prefix + "_i18n_Translation-en*")))
    if found:
        return found[0]
    if not fetch:
        sys.exit("no Translation-en beside " + packages + " nor in " + private + ": pass --translations FILE,"
                 " or drop --no-fetch to let apt-get update fetch it")
    m = re.match(r"(.+?)_(.+)_dists_(.+)_([^_]+)$", prefix)
    if not m:
        sys.exit("cannot tell the archive of " + packages + ": pass --translations FILE")
    host, path, suite, component = m.group(1), m.group(2).replace("_", "/"), m.group(3), m.group(4)
    for d in ("lists/partial", "cache/archives/partial", "parts"):
        os.makedirs(os.path.join(private, d), exist_ok=True)
    with open(os.path.join(private, "sources.list"), "w") as f:
        f.write("deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://%s/%s %s %s\n"
                % (host, path, suite, component))
    command = ["apt-get", "update", "-q",
               "-o", "Dir::Etc::sourcelist=" + os.path.join(private, "sources.list"),
               "-o", "Dir::Etc::sourceparts=" + os.path.join(private, "parts"),
               "-o", "Dir::State::Lists=" + os.path.join(private, "lists"),
               "-o", "Dir::Cache=" + os.path.join(private, "cache"),
               "-o", "Acquire::Languages=en", "-o", "APT::Get::List-Cleanup=0"]
    print("fetching Translation-en:", " ".join(command), flush=True)
    subprocess.run(command, check=True)
    found = sorted(glob.glob(os.path.join(private, "lists", prefix + "_i18n_Translation-en*")))
    if not found:
        sys.exit("apt-get update fetched no Translation-en into " + private)
    ours = os.path.join(os.path.dirname(packages), prefix.rsplit("_", 1)[0] + "_InRelease")
    theirs = os.path.join(private, "lists", prefix.rsplit("_", 1)[0] + "_InRelease")
    if os.path.exists(ours) and os.path.exists(theirs):
        if open(ours, "rb").read() == open(theirs, "rb").read():
            print("the fetched InRelease is the system's: Translation-en belongs to the same release")
        else:
            print("note: the fetched InRelease differs from the system's: descriptions are matched by"
                  " Description-md5, so packages whose description changed since are left out")
    return found[0]


def micro_f1(truth, predicted):
    tp = sum(len(t & p) for t, p in zip(truth, predicted))
    fp = sum(len(p - t) for t, p in zip(truth, predicted))
    fn = sum(len(t - p) for t, p in zip(truth, predicted))
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def macro_f1(truth, predicted):
    scores = []
    for label in LABELS:
        tp = sum(label in t and label in p for t, p in zip(truth, predicted))
        fp = sum(label not in t and label in p for t, p in zip(truth, predicted))
        fn = sum(label in t and label not in p for t, p in zip(truth, predicted))
        scores.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    return sum(scores) / len(scores)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("out_dir", nargs="?", default=os.path.join(HERE, "target", "debtags"))
    parser.add_argument("--max-train", type=int, default=6000)
    parser.add_argument("--max-test", type=int, default=2000)
    parser.add_argument("--packages", default=PACKAGES)
    parser.add_argument("--translations")
    parser.add_argument("--no-fetch", action="store_true")
    parser.add_argument("--candidates", action="store_true", help="print the tag ranking the label set came from")
    parser.add_argument("--labels", help="another label set, comma-separated (for trying; README.md's figures use the"
                        " default)")
    args = parser.parse_args()
    if args.labels:
        LABELS[:] = [l.strip() for l in args.labels.split(",") if l.strip()]
    out_dir = os.path.abspath(args.out_dir)

    translations = args.translations or find_translations(args.packages, out_dir, not args.no_fetch)
    print("packages:    ", args.packages)
    print("translations:", translations)
    long_descriptions = {}
    for s in stanzas(read_text(translations)):
        if "Description-en" in s:
            long_descriptions[(s["Package"], s["Description-md5"])] = s["Description-en"]

    counts = collections.Counter()
    by_text = collections.defaultdict(list)  # text -> [(package, source, all tags)]
    for s in stanzas(read_text(args.packages)):
        counts["stanzas"] += 1
        name = s["Package"]
        if "Tag" not in s:
            counts["no Tag"] += 1
            continue
        if dropped_by_name(name):
            counts["lib*/-dev/-doc/-dbg"] += 1
            continue
        description = long_descriptions.get((name, s.get("Description-md5")))
        if description is None:
            counts["no English long description"] += 1
            continue
        source = s.get("Source", name).split()[0]
        by_text[description_text(description)].append((name, source, tags(s)))

    if args.candidates:
        ranking = collections.Counter(t for group in by_text.values() for t in group[0][2]
                                      if t.split("::")[0] in CANDIDATE_FACETS and not t.endswith("::TODO"))
        print("candidate tags over %d distinct texts (* = chosen, - = excluded):" % len(by_text))
        for tag, n in ranking.most_common(40):
            mark = "*" if tag in LABELS else "-" if tag in EXCLUDED else " "
            print("  %s %5d  %s%s" % (mark, n, tag, ("  (" + EXCLUDED[tag] + ")") if tag in EXCLUDED else ""))

    rows = []  # (package, source, text, labels)
    chosen = set(LABELS)
    for text, group in by_text.items():
        group.sort()
        label_sets = {frozenset(t for t in g[2] if t in chosen) for g in group}
        if len(group) > 1:
            counts["texts shared by several packages"] += 1
            counts["duplicate packages merged"] += len(group) - 1
        if len(label_sets) > 1:
            counts["shared texts dropped: packages disagree on labels"] += 1
            continue
        labels = next(iter(label_sets))
        if not labels:
            counts["texts dropped: none of the %d labels" % len(LABELS)] += 1
            continue
        name, source, _ = group[0]
        rows.append((name, source, text, sorted(labels, key=LABELS.index)))

    splits = {"train": [], "test": []}
    for row in rows:
        splits["test" if int(sha(row[1])[:8], 16) % 100 < 20 else "train"].append(row)
    caps = {"train": args.max_train, "test": args.max_test}
    for name in splits:
        available = len(splits[name])
        splits[name] = sorted(splits[name], key=lambda r: sha(r[0]))[:caps[name]]
        counts["%s rows (of %d before the cap)" % (name, available)] = len(splits[name])

    os.makedirs(out_dir, exist_ok=True)
    for name, split in splits.items():
        with open(os.path.join(out_dir, name + ".jsonl"), "w", encoding="utf-8") as f:
            for _, _, text, labels in split:
                f.write(json.dumps({"text": text, "labels": labels}, ensure_ascii=False) + "\n")
        with open(os.path.join(out_dir, name + ".csv"), "w", encoding="utf-8", newline="") as f:
            writer = csv.writer(f)
            writer.writerow(["text", "labels"])
            for _, _, text, labels in split:
                writer.writerow([text, "|".join(labels)])

    for key, n in counts.items():
        print("%-55s %6d" % (key, n))
    train = [set(r[3]) for r in splits["train"]]
    test = [set(r[3]) for r in splits["test"]]
    print("\n%-26s %14s %14s" % ("label", "train", "test"))
    for label in LABELS:
        a, b = sum(label in t for t in train), sum(label in t for t in test)
        print("%-26s %6d %6.1f%% %6d %6.1f%%" % (label, a, 100 * a / len(train), b, 100 * b / len(test)))
    print("%-26s %6.2f %14.2f" % ("labels per row", sum(map(len, train)) / len(train),
                                 sum(map(len, test)) / len(test)))
    words = sorted(len(r[2].split()) for r in splits["train"])
    print("words per text (train): median %d, 90th percentile %d" % (words[len(words) // 2],
                                                                    words[len(words) * 9 // 10]))

    frequent = {l for l in LABELS if sum(l in t for t in train) / len(train) >= 0.5}
    common = collections.Counter(frozenset(t) for t in train).most_common(1)[0][0]
    print("\ntrivial baselines on test:")
    for title, predicted in (("every label with training frequency >= 0.5 %s" % sorted(frequent), frequent),
                             ("the most frequent training label set %s" % sorted(common), set(common))):
        guesses = [predicted] * len(test)
        print("  %s: micro-F1 %.3f, macro-F1 %.3f, exact match %.3f" % (
            title, micro_f1(test, guesses), macro_f1(test, guesses),
            sum(t == predicted for t in test) / len(test)))
    print("\nwrote", ", ".join(os.path.join(out_dir, n + e) for n in splits for e in (".jsonl", ".csv")))


if __name__ == "__main__":
    main()

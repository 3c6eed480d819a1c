#!/bin/bash
# Builds a regression data set from the VADER sentiment lexicon (Hutto & Gilbert 2014): text = a word, emoticon or
# slang term, score = the mean of its 10 human valence ratings (-4 .. +4), from the npm package vader-sentiment.
# usage: bench/vader-regression/build.sh [OUT_DIR]   (default bench/vader-regression/target/vader)
# env:   VADER_PACKAGE: the unpacked package (a folder holding vader_lexicon.txt) or its .tgz, instead of
#        running `npm pack vader-sentiment@$VADER_VERSION` in a temporary folder (nothing lands in the project);
#        VADER_VERSION (default 1.1.3).
# Writes OUT_DIR/train.csv and OUT_DIR/test.csv (columns text,score), 80/20 by SHA-256 of the lower-cased text,
# and prints the counts, score statistics and the test MSE of predicting the training mean.
set -eu -o pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
OUT=${1:-$HERE/target/vader}
VERSION=${VADER_VERSION:-1.1.3}
# The lexicon in vader-sentiment 1.1.3 (it equals vaderSentiment's vader_lexicon.txt of 2016-12-13, commit abfaa1d).
EXPECTED_SHA256=ffb6117bfccf798a34e91d72f50604329946e6fd763668092618d5c5b340a298

TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
SOURCE=${VADER_PACKAGE:-}
if [ -z "$SOURCE" ]; then
    command -v npm > /dev/null || { echo "npm is needed (or set VADER_PACKAGE)"; exit 2; }
    (cd "$TMP" && npm pack --silent "vader-sentiment@$VERSION" > /dev/null)
    SOURCE=$(ls "$TMP"/vader-sentiment-*.tgz)
fi
if [ -f "$SOURCE" ]; then
    tar -xzf "$SOURCE" -C "$TMP"
    PACKAGE=$TMP/package
else
    PACKAGE=$SOURCE
fi
LEXICON=$PACKAGE/vader_lexicon.txt
[ -f "$LEXICON" ] || { echo "no vader_lexicon.txt in $SOURCE"; exit 2; }
echo "package: $SOURCE ($(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d["name"], d["version"], d["license"])' "$PACKAGE/package.json"))"
if [ "$(sha256sum "$LEXICON" | cut -d' ' -f1)" != "$EXPECTED_SHA256" ]; then
    echo "note: $LEXICON is not the lexicon of vader-sentiment 1.1.3 that README.md's figures come from"
fi

mkdir -p "$OUT"
python3 - "$LEXICON" "$OUT" << 'EOF'
import ast, collections, csv, hashlib, math, os, statistics, sys

lexicon, out = sys.argv[1], sys.argv[2]
groups = collections.OrderedDict()  # lower-cased text -> (first spelling, [ratings])
entries = empty = 0
for line in open(lexicon, encoding="utf-8"):
    if not line.strip():
        continue
    token, mean, sd, raw = line.rstrip("\n").split("\t")
    entries += 1
    if not token.strip():
        empty += 1
        continue
    ratings = ast.literal_eval(raw)
    group = groups.setdefault(token.lower(), (token, []))
    group[1].extend(ratings)
merged = sum(1 for _, r in groups.values() if len(r) > 10)
print("entries %d, empty texts dropped %d, texts that differ only in case or repeat: %d groups merged into one row"
      " each (score = mean of all their ratings)" % (entries, empty, merged))

splits = {"train": [], "test": []}
for key, (text, ratings) in groups.items():
    bucket = int(hashlib.sha256(key.encode("utf-8")).hexdigest()[:8], 16) % 100
    splits["test" if bucket < 20 else "train"].append((text, statistics.mean(ratings),
                                                        statistics.variance(ratings) / len(ratings)))
for name, rows in splits.items():
    with open(os.path.join(out, name + ".csv"), "w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["text", "score"])
        for text, score, _ in rows:
            writer.writerow([text, repr(round(score, 4))])
    scores = [s for _, s, _ in rows]
    print("%-5s %5d rows, score min %.2f max %.2f, mean %.4f, sd %.4f, share > 0: %.3f"
          % (name, len(rows), min(scores), max(scores), statistics.mean(scores), statistics.stdev(scores),
             sum(s > 0 for s in scores) / len(scores)))
train_mean = statistics.mean(s for _, s, _ in splits["train"])
test = splits["test"]
mse = statistics.mean((s - train_mean) ** 2 for _, s, _ in test)
mae = statistics.mean(abs(s - train_mean) for _, s, _ in test)
print("baseline, predict the training mean %.4f: test MSE %.4f, RMSE %.4f, MAE %.4f, Pearson undefined (constant"
      " prediction), R^2 %.4f" % (train_mean, mse, math.sqrt(mse), mae,
                                  1 - mse / statistics.mean((s - statistics.mean(t for _, t, _ in test)) ** 2
                                                            for _, s, _ in test)))
print("rating noise: mean squared standard error of the test scores (sample variance of the raters / raters) %.4f"
      " (a perfect model of the population mean would still score about this MSE)"
      % statistics.mean(v for _, _, v in test))
print("wrote %s/train.csv, %s/test.csv" % (out, out))
EOF
